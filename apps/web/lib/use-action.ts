'use client';

import { useState } from 'react';
import { errorMessage } from './http';

/**
 * The requests a page's buttons send, one at a time: `busy` names the one under way (a row's id, or a form's name such
 * as 'create') so its button can say so; `error` is the last failure in words, cleared when the next action starts
 * (`setError` for a check that fails before any request). `run` answers whether the action succeeded; `subject`,
 * when given, starts the error message ("Nightly: …").
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(key: string, action: () => Promise<unknown>, subject?: string): Promise<boolean> {
    setBusy(key);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(subject ? `${subject}: ${errorMessage(e)}` : errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  }

  return { busy, error, setError, run };
}
