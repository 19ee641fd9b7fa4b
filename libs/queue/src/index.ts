export * from './connection';
export * from './queues';
export * from './processor';
export { UnrecoverableError, type Job, type Queue, type QueueEvents, type Worker, type FlowProducer } from 'bullmq';
