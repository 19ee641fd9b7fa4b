'use client';

import { useState, type FormEvent } from 'react';
import { presetRun, type RunConfigInput, type Dataset, type DatasetSummary, type Schedule } from '@foretell/contracts';
import { ApiError, errorMessage, issuesOf } from '../../../lib/http';
import { useResource } from '../../../lib/use-resource';
import { getDataset } from '../../datasets/api/datasets.api';
import { defaultHorizon } from '../../datasets/api/horizon';
import { draftFromRunConfig, initialRunDraft, roleColumns, runConfigFromDraft, windowCount, type RunDraft } from '../../runs/api/run-draft';
import { IssueList } from '../../runs/components/issue-list';
import { RunFields } from '../../runs/components/run-fields';
import { ErrorState, Loading } from '../../ui/components/states';
import { createSchedule, updateSchedule } from '../api/schedules.api';
import { draftFromSchedule, initialScheduleDraft, scheduleBody, scheduleUpdate, type ScheduleDraft } from '../api/schedule-form';
import { bindText, LabelledInput, LabelledSelect, PERCENTAGE, WHOLE_NUMBER } from '../../ui/components/labelled-input';

const userZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

interface ScheduleFormProps {
  datasets: DatasetSummary[];
  /** The dataset to start from (the one "Schedule retraining" came from). */
  datasetId?: string;
  /** Edits this schedule instead of creating one. */
  editing?: Schedule;
  onSaved: (s: Schedule) => void;
  onCancel?: () => void;
}

/**
 * Creates or edits a schedule: when it fires (cron in a zone, or an interval), what it runs (the run fields of the
 * new-run form, on the dataset's latest data), and when to call it drift.
 */
export function ScheduleForm({ datasets, datasetId, editing, onSaved, onCancel }: ScheduleFormProps) {
  const ready = datasets.filter((d) => d.status === 'ready' && d.profile);
  const start = editing?.datasetId ?? (ready.some((d) => d.id === datasetId) ? datasetId : ready[0]?.id) ?? '';
  const [draft, setDraft] = useState<ScheduleDraft>(() => (editing ? draftFromSchedule(editing) : initialScheduleDraft(start, userZone())));
  const set = (patch: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const dataset = useResource(draft.datasetId ? `dataset:${draft.datasetId}` : null, (signal) => getDataset(draft.datasetId, signal));
  const mode = editing ? 'edit' : 'new';
  const p = editing ? 'schedule-edit' : 'schedule';

  if (!ready.length && !editing) return <p className="muted">Upload a dataset first: a schedule retrains on a ready dataset.</p>;
  return (
    <div data-form={`schedule-${mode}`}>
      <h2 id={`${p}-form-title`}>{editing ? `Edit “${editing.name}”` : 'New schedule'}</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${p}-dataset`}>Dataset</label>
          {/* A schedule keeps its dataset: its runs over time compare like with like. */}
          <select id={`${p}-dataset`} value={draft.datasetId} disabled={Boolean(editing)} onChange={(e) => set({ datasetId: e.target.value })}>
            {(editing ? datasets.filter((d) => d.id === editing.datasetId) : ready).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {dataset.error && <ErrorState error={dataset.error} onRetry={dataset.reload} />}
      {!dataset.data && !dataset.error && <Loading>Loading the dataset…</Loading>}
      {dataset.data?.profile && (
        <ScheduleFields
          key={dataset.data.id}
          idPrefix={p}
          dataset={dataset.data as Dataset & { profile: NonNullable<Dataset['profile']> }}
          draft={draft}
          set={set}
          editing={editing}
          onSaved={(s) => {
            onSaved(s);
            if (!editing) setDraft((d) => initialScheduleDraft(d.datasetId, userZone()));
          }}
          onCancel={onCancel}
        />
      )}
    </div>
  );
}

interface ScheduleFieldsProps {
  idPrefix: string;
  dataset: Dataset & { profile: NonNullable<Dataset['profile']> };
  draft: ScheduleDraft;
  set: (patch: Partial<ScheduleDraft>) => void;
  editing?: Schedule;
  onSaved: (s: Schedule) => void;
  onCancel?: () => void;
}

function ScheduleFields({ idPrefix: p, dataset, draft, set, editing, onSaved, onCancel }: ScheduleFieldsProps) {
  const profile = dataset.profile;
  const [run, setRun] = useState<RunDraft>(() =>
    editing
      ? draftFromRunConfig(editing.run, (name) => presetRun(name, profile).models, roleColumns(profile))
      : initialRunDraft(['naive', 'seasonal_naive']),
  );
  const [issues, setIssues] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const field = bindText(draft, set);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const config = runConfigFromDraft(run, defaultHorizon(profile, windowCount(run)), roleColumns(profile));
    if (!config.ok) {
      setIssues(config.problems);
      return;
    }
    setSaving(true);
    setIssues([]);
    try {
      const saved = await save(config.config);
      if (typeof saved === 'string') setIssues([saved]);
      else onSaved(saved);
    } catch (e) {
      setIssues([errorMessage(e), ...(e instanceof ApiError ? issuesOf(e.body) : [])]);
    } finally {
      setSaving(false);
    }
  }

  /** The saved schedule, or the first thing in the schedule's own fields to fix. */
  async function save(run: RunConfigInput): Promise<Schedule | string> {
    if (editing) {
      const built = scheduleUpdate(draft, run);
      return 'error' in built ? built.error : updateSchedule(editing.id, built.body);
    }
    const built = scheduleBody({ ...draft, datasetId: dataset.id }, run);
    return 'error' in built ? built.error : createSchedule(built.body);
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${p}-form-title`} noValidate>
      <div className="form-row">
        <LabelledInput id={`${p}-name`} label="Name (optional)" type="text" maxLength={200} {...field('name')} />
      </div>
      <fieldset className="fieldset">
        <legend>When</legend>
        <div className="form-row">
          <label className="check">
            <input type="radio" name={`${p}-trigger`} checked={draft.trigger === 'cron'} onChange={() => set({ trigger: 'cron' })} />
            Cron pattern
          </label>
          <label className="check">
            <input type="radio" name={`${p}-trigger`} checked={draft.trigger === 'interval'} onChange={() => set({ trigger: 'interval' })} />
            Interval
          </label>
        </div>
        {draft.trigger === 'cron' ? (
          <div className="form-row">
            <LabelledInput
              id={`${p}-cron`}
              label="Cron"
              type="text"
              className="mono"
              {...field('cron')}
              hint="minute hour day month weekday — “0 3 * * 1” is Mondays at 03:00"
            />
            <LabelledInput id={`${p}-zone`} label="Time zone" type="text" {...field('timezone')} />
          </div>
        ) : (
          <div className="form-row">
            <LabelledInput id={`${p}-every`} label="Every" type="number" min={1} step="any" {...field('every')} />
            <LabelledSelect id={`${p}-unit`} label="Unit" value={draft.unit} onChange={(unit) => set({ unit })} options={[['minutes', 'minutes'], ['hours', 'hours'], ['days', 'days']]} />
          </div>
        )}
      </fieldset>
      <RunFields draft={run} onChange={(patch) => setRun((r) => ({ ...r, ...patch }))} profile={profile} idPrefix={p} />
      <fieldset className="fieldset">
        <legend>Drift and notifications</legend>
        <div className="form-row">
          <LabelledInput
            id={`${p}-drift`}
            label="Drift threshold (%)"
            {...PERCENTAGE}
            {...field('driftPercent')}
            hint="when the champion’s MASE grows by more than this"
          />
          <div className="field field-wide">
            <label htmlFor={`${p}-webhook`}>Webhook URL (optional)</label>
            <input id={`${p}-webhook`} type="text" inputMode="url" placeholder="https://…" {...field('webhookUrl')} />
            {editing?.webhookSecret && (
              <span className="hint" data-webhook-secret>
                Each delivery is signed: check its Foretell-Signature header with this schedule’s secret{' '}
                <code>{editing.webhookSecret}</code> (the README shows how).
              </span>
            )}
          </div>
        </div>
        <LiveDriftFields idPrefix={p} draft={draft} set={set} />
      </fieldset>
      <div data-schedule-error={issues.length ? '' : undefined}>
        <IssueList issues={issues} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {editing ? (saving ? 'Saving…' : 'Save changes') : saving ? 'Creating…' : 'Create schedule'}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Live drift (the champion's forecasts scored against the data that arrived since), folded: the defaults suit most. */
function LiveDriftFields({ idPrefix: p, draft, set }: Pick<ScheduleFieldsProps, 'idPrefix' | 'draft' | 'set'>) {
  const field = bindText(draft, set);
  return (
    <details className="details advanced" data-live-drift>
      <summary>Advanced: live drift</summary>
      <div className="form-row">
        <LabelledInput
          id={`${p}-live-margin`}
          label="Live drift margin (%)"
          {...PERCENTAGE}
          {...field('liveDriftPercent')}
          hint="drift when the champion’s live MASE is this much worse than its backtest"
        />
        <LabelledInput id={`${p}-live-points`} label="Minimum scored points" {...WHOLE_NUMBER} {...field('liveDriftMinPoints')} hint="before live drift can be called" />
      </div>
      <label className="check">
        <input id={`${p}-retrain-on-drift`} type="checkbox" checked={draft.retrainOnDrift} onChange={(e) => set({ retrainOnDrift: e.target.checked })} />
        Retrain when live drift is found (the webhook is told either way)
      </label>
    </details>
  );
}
