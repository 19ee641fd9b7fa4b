import { JOBS } from '@foretell/contracts';
import { UnrecoverableError, type JobLike } from '@foretell/queue';
import fitModel from './fit-model.processor';
import ingest from './ingest.processor';

/** The processors that run in sandboxed child processes (CPU-bound work), by job name. */
const processors: Record<string, (job: JobLike) => Promise<unknown>> = {
  [JOBS.ingestDataset]: ingest,
  [JOBS.fitModel]: fitModel,
};

export function runSandboxedJob(job: JobLike): Promise<unknown> {
  const processor = processors[job.name];
  if (!processor) throw new UnrecoverableError(`No sandboxed processor for job "${job.name}".`);
  return processor(job);
}
