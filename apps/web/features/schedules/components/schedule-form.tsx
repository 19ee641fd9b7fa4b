'use client';

import { useState, type FormEvent } from 'react';
import { MODEL_KINDS, type DatasetSummary, type ModelKind, type Schedule } from '@foretell/contracts';
import { ApiError, errorMessage, issuesOf } from '../../../lib/http';
import { defaultHorizon } from '../../datasets/api/horizon';
import { modelLabel } from '../../runs/api/model-label';
import { createSchedule } from '../api/schedules.api';
import { scheduleBody, type ScheduleDraft } from '../api/schedule-form';

const userZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function initialDraft(datasetId: string): ScheduleDraft {
  return {
    datasetId,
    name: '',
    trigger: 'cron',
    cron: '0 3 * * *',
    timezone: userZone(),
    every: '1',
    unit: 'days',
    horizon: '',
    windows: '1',
    models: ['naive', 'seasonal_naive'],
    ensemble: { method: 'none', top: '2' },
    driftPercent: '20',
    webhookUrl: '',
  };
}

/** Creates a schedule: when (cron in a zone, or an interval), what to run, and when to call it drift. */
export function ScheduleForm({ datasets, onCreated }: { datasets: DatasetSummary[]; onCreated: (s: Schedule) => void }) {
  const ready = datasets.filter((d) => d.status === 'ready' && d.profile);
  const [draft, setDraft] = useState<ScheduleDraft>(() => initialDraft(ready[0]?.id ?? ''));
  const [error, setError] = useState<{ message: string; issues: string[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const dataset = ready.find((d) => d.id === draft.datasetId);
  const suggested = dataset?.profile ? defaultHorizon(dataset.profile, Number(draft.windows) || 1) : 12;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const built = scheduleBody({ ...draft, horizon: draft.horizon || String(suggested) });
    if ('error' in built) {
      setError({ message: built.error, issues: [] });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onCreated(await createSchedule(built.body));
      setDraft((d) => ({ ...initialDraft(d.datasetId), models: d.models }));
    } catch (e) {
      setError({ message: errorMessage(e), issues: e instanceof ApiError ? issuesOf(e.body) : [] });
    } finally {
      setSaving(false);
    }
  }

  if (!ready.length) return <p className="muted">Upload a dataset first: a schedule retrains on a ready dataset.</p>;
  return (
    <form className="form" onSubmit={submit} aria-labelledby="schedule-form-title" data-form="schedule">
      <h2 id="schedule-form-title">New schedule</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor="schedule-dataset">Dataset</label>
          <select id="schedule-dataset" value={draft.datasetId} onChange={(e) => set({ datasetId: e.target.value })}>
            {ready.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="schedule-name">Name (optional)</label>
          <input id="schedule-name" type="text" maxLength={200} value={draft.name} onChange={(e) => set({ name: e.target.value })} />
        </div>
      </div>
      <fieldset className="fieldset">
        <legend>When</legend>
        <div className="form-row">
          <label className="check">
            <input type="radio" name="trigger" checked={draft.trigger === 'cron'} onChange={() => set({ trigger: 'cron' })} />
            Cron pattern
          </label>
          <label className="check">
            <input type="radio" name="trigger" checked={draft.trigger === 'interval'} onChange={() => set({ trigger: 'interval' })} />
            Interval
          </label>
        </div>
        {draft.trigger === 'cron' ? (
          <div className="form-row">
            <div className="field">
              <label htmlFor="schedule-cron">Cron</label>
              <input id="schedule-cron" type="text" className="mono" value={draft.cron} onChange={(e) => set({ cron: e.target.value })} aria-describedby="schedule-cron-hint" />
              <span id="schedule-cron-hint" className="hint">
                minute hour day month weekday — “0 3 * * 1” is Mondays at 03:00
              </span>
            </div>
            <div className="field">
              <label htmlFor="schedule-zone">Time zone</label>
              <input id="schedule-zone" type="text" value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} />
            </div>
          </div>
        ) : (
          <div className="form-row">
            <div className="field">
              <label htmlFor="schedule-every">Every</label>
              <input id="schedule-every" type="number" min={1} step="any" value={draft.every} onChange={(e) => set({ every: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="schedule-unit">Unit</label>
              <select id="schedule-unit" value={draft.unit} onChange={(e) => set({ unit: e.target.value as ScheduleDraft['unit'] })}>
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
                <option value="days">days</option>
              </select>
            </div>
          </div>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>What to run</legend>
        <div className="form-row">
          <div className="field">
            <label htmlFor="schedule-horizon">Horizon (points ahead)</label>
            <input id="schedule-horizon" type="number" min={1} placeholder={String(suggested)} value={draft.horizon} onChange={(e) => set({ horizon: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="schedule-windows">Backtest windows</label>
            <input id="schedule-windows" type="number" min={1} max={50} value={draft.windows} onChange={(e) => set({ windows: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="schedule-drift">Drift threshold (%)</label>
            <input id="schedule-drift" type="number" min={0} step="any" value={draft.driftPercent} onChange={(e) => set({ driftPercent: e.target.value })} />
            <span className="hint">when the champion’s MASE grows by more than this</span>
          </div>
        </div>
        <div className="model-grid" role="group" aria-label="Models">
          {MODEL_KINDS.map((kind: ModelKind) => (
            <label key={kind} className="check">
              <input
                type="checkbox"
                name="schedule-models"
                value={kind}
                checked={draft.models.includes(kind)}
                onChange={(e) => set({ models: e.target.checked ? [...draft.models, kind] : draft.models.filter((k) => k !== kind) })}
              />
              {modelLabel(kind)}
            </label>
          ))}
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="schedule-ensemble">Ensemble</label>
            <select
              id="schedule-ensemble"
              value={draft.ensemble?.method ?? 'none'}
              onChange={(e) => set({ ensemble: { top: draft.ensemble?.top ?? '2', method: e.target.value as 'none' | 'mean' | 'median' } })}
            >
              <option value="none">None</option>
              <option value="median">Median of the best k</option>
              <option value="mean">Mean of the best k</option>
            </select>
          </div>
          {draft.ensemble && draft.ensemble.method !== 'none' && (
            <div className="field">
              <label htmlFor="schedule-ensemble-top">k</label>
              <input
                id="schedule-ensemble-top"
                type="number"
                min={2}
                max={20}
                value={draft.ensemble.top}
                onChange={(e) => set({ ensemble: { method: draft.ensemble?.method ?? 'median', top: e.target.value } })}
              />
            </div>
          )}
        </div>
        <div className="field field-wide">
          <label htmlFor="schedule-webhook">Webhook URL (optional)</label>
          <input id="schedule-webhook" type="text" inputMode="url" placeholder="https://…" value={draft.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} />
        </div>
      </fieldset>
      {error && (
        <div className="alert alert-error" role="alert" data-schedule-error>
          <div>
            <p>{error.message}</p>
            {error.issues.length > 1 && (
              <ul className="issue-list">
                {error.issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Creating…' : 'Create schedule'}
        </button>
      </div>
    </form>
  );
}
