import { JOBS } from '@foretell/contracts';
import { UnrecoverableError, type JobLike } from '@foretell/queue';
import fitModel from './fit-model.processor';
import forecastFromModel from './forecast-from-model.processor';
import ingest from './ingest.processor';

type SandboxedProcessor = (job: JobLike, token?: string, signal?: AbortSignal) => Promise<unknown>;

/** The processors that run in sandboxed child processes (CPU-bound work), by job name. */
const processors: Record<string, SandboxedProcessor> = {
  [JOBS.ingestDataset]: ingest,
  [JOBS.fitModel]: fitModel,
  [JOBS.forecastFromModel]: forecastFromModel,
};

/** BullMQ calls it with the job, its lock token and the AbortSignal it aborts on `worker.cancelJob`. */
export function runSandboxedJob(job: JobLike, token?: string, signal?: AbortSignal): Promise<unknown> {
  const processor = processors[job.name];
  if (!processor) throw new UnrecoverableError(`No sandboxed processor for job "${job.name}".`);
  return processor(job, token, signal);
}
