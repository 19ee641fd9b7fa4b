'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { DatasetProfile } from '@foretell/contracts';
import { ApiError, errorMessage, issuesOf } from '../../../lib/http';
import { defaultHorizon } from '../../datasets/api/horizon';
import { initialRunDraft, roleColumns, runConfigFromDraft, windowCount, type RunDraft } from '../api/run-draft';
import { createRun } from '../api/runs.api';
import { IssueList } from './issue-list';
import { RunFields } from './run-fields';

interface NewRunFormProps {
  datasetId: string;
  profile: DatasetProfile;
}

export function NewRunForm({ datasetId, profile }: NewRunFormProps) {
  const router = useRouter();
  const [draft, setDraft] = useState<RunDraft>(() => initialRunDraft());
  const [issues, setIssues] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The same schema the API validates with, so most mistakes show without a round trip.
    const built = runConfigFromDraft(draft, defaultHorizon(profile, windowCount(draft)), roleColumns(profile));
    if (!built.ok) {
      setIssues(built.problems);
      return;
    }
    setIssues([]);
    setSubmitting(true);
    try {
      const run = await createRun({ datasetId, ...built.config });
      router.push(`/runs/${run.id}`);
    } catch (e) {
      const lines = e instanceof ApiError ? issuesOf(e.body) : [];
      setIssues([...new Set([errorMessage(e), ...lines])]);
      setSubmitting(false);
    }
  }

  return (
    <section className="card" aria-labelledby="new-run-title">
      <h2 id="new-run-title">New run</h2>
      <form onSubmit={submit} className="form" noValidate>
        <RunFields draft={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} profile={profile} idPrefix="run" />
        <IssueList issues={issues} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submitting}>
            {submitting ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </form>
    </section>
  );
}
