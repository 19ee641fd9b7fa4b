export * from './frequency';
export * from './models.schema';
export * from './neural-models.schema';
export * from './model-artifact.schema';
export * from './datasets.schema';
export * from './runs.schema';
export * from './queues';
export * from './env.schema';
