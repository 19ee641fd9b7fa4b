export * from './connection';
export * from './queues';
export * from './processor';
export * from './cancellation';
export * from './schedules';
export * from './scoring';
export * from './webhook-target';
export { ChildCommand, UnrecoverableError, WaitingError, type Job, type Queue, type QueueEvents, type QueueEventsProducer, type Worker, type FlowProducer } from 'bullmq';
