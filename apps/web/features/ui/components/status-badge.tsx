import type { DatasetStatus, RunStatus } from '@foretell/contracts';

const LABELS: Record<DatasetStatus | RunStatus, string> = {
  ingesting: 'Ingesting',
  ready: 'Ready',
  failed: 'Failed',
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export function StatusBadge({ status }: { status: DatasetStatus | RunStatus }) {
  const busy = status === 'ingesting' || status === 'running' || status === 'queued';
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {LABELS[status] ?? status}
    </span>
  );
}
