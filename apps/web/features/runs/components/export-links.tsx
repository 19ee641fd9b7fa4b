import { EXPORT_KINDS } from '@foretell/contracts';
import { exportUrl } from '../api/runs.api';

const LABELS = { forecasts: 'Forecasts CSV', backtests: 'Backtests CSV' } as const;
const HINTS = {
  forecasts: 'Every series, model and step ahead, with interval bounds',
  backtests: 'Every backtest window beside the actuals',
} as const;

/** Downloads of the whole run (every series), straight from the API. */
export function ExportLinks({ runId }: { runId: string }) {
  return (
    <div className="export-links" role="group" aria-label="Export the run">
      {EXPORT_KINDS.map((what) => (
        <a key={what} className="btn btn-small" href={exportUrl(runId, what)} download title={HINTS[what]} data-export={what}>
          {LABELS[what]}
        </a>
      ))}
    </div>
  );
}
