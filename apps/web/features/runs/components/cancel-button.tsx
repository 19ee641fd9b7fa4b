'use client';

import { useState } from 'react';
import type { Run } from '@foretell/contracts';
import { errorMessage } from '../../../lib/http';
import { cancelRun } from '../api/runs.api';

/** Stops the run after a confirmation; models already finished keep their results. */
export function CancelButton({ runId, onCancelled }: { runId: string; onCancelled: (run: Run) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function cancel() {
    if (!window.confirm('Cancel this run? Models still training stop; finished ones keep their results.')) return;
    setBusy(true);
    setError(null);
    try {
      onCancelled(await cancelRun(runId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="cancel">
      <button type="button" className="btn btn-danger" onClick={cancel} disabled={busy}>
        {busy ? 'Cancelling…' : 'Cancel run'}
      </button>
      {error && (
        <span className="error-text small" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
