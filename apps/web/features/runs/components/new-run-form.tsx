'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import {
  createRunSchema,
  frequencyLabel,
  MODEL_KINDS,
  MODEL_PRESET_NAMES,
  presetRun,
  seasonFor,
  type EnsembleSpec,
  type ModelPresetName,
  type CreateRunBody,
  type DatasetProfile,
  type ModelKind,
} from '@foretell/contracts';
import { ApiError, errorMessage, issuesOf } from '../../../lib/http';
import { defaultHorizon } from '../../datasets/api/horizon';
import { buildParams, paramFields, splitFields, type ParamField, type RawParams } from '../api/model-params';
import { covariatesFromRoles, type SeriesRole } from '../api/covariate-roles';
import { parseLevels } from '../api/levels';
import { calendarFromChoice, NO_CALENDAR, type CalendarChoice } from '../api/calendar-choice';
import { CalendarFields } from './calendar-fields';
import { CovariateRoles } from './covariate-roles';
import { modelLabel } from '../api/model-label';
import { createRun } from '../api/runs.api';
import { CostEstimateNote } from './cost-estimate-note';
import './runs.css';

const PRESET_LABELS: Record<ModelPresetName, string> = {
  baselines: 'Quick baselines',
  deep: 'Deep models',
  recommended: 'Recommended',
};

interface NewRunFormProps {
  datasetId: string;
  profile: DatasetProfile;
}

export function NewRunForm({ datasetId, profile }: NewRunFormProps) {
  const router = useRouter();
  const fields = useMemo(() => new Map(MODEL_KINDS.map((k) => [k, paramFields(k)] as const)), []);
  const [kinds, setKinds] = useState<ReadonlySet<ModelKind>>(() => new Set(MODEL_KINDS.slice(0, 1)));
  const [params, setParams] = useState<Partial<Record<ModelKind, RawParams>>>({});
  const [windows, setWindows] = useState('3');
  const [horizon, setHorizon] = useState<string | null>(null);
  const [step, setStep] = useState('');
  const [season, setSeason] = useState('');
  const [levelsText, setLevelsText] = useState('80, 95');
  const [roles, setRoles] = useState<Record<string, SeriesRole>>({});
  const [calendar, setCalendar] = useState<CalendarChoice>(NO_CALENDAR);
  // Roles are offered for the columns of a wide file (a long file's series are many and alike).
  const columns = profile.layout === 'wide' && profile.columns.values.length > 1 ? profile.columns.values : [];
  // One ensemble from the form: the mean or median of the best k models by backtest error.
  const [ensembleOn, setEnsembleOn] = useState(false);
  const [ensembleMethod, setEnsembleMethod] = useState<EnsembleSpec['method']>('median');
  const [ensembleTop, setEnsembleTop] = useState('3');
  const [issues, setIssues] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  const windowCount = Math.max(1, Math.trunc(Number(windows)) || 1);
  const suggested = defaultHorizon(profile, windowCount);
  const horizonText = horizon ?? String(suggested);
  const h = Number(horizonText);
  // Held out: the last window's horizon plus a step per earlier window; training needs at least a horizon more.
  const heldOut = Number.isFinite(h) && h > 0 ? h + (windowCount - 1) * (Number(step) || h) : 0;
  const needed = heldOut + (Number.isFinite(h) ? h : 0);

  function toggle(kind: ModelKind, on: boolean) {
    setKinds((prev) => {
      const next = new Set(prev);
      if (on) next.add(kind);
      else next.delete(kind);
      return next;
    });
  }

  /** A preset's models (the deep ones this dataset's size affords, as the server decides) and its ensemble. */
  function usePreset(name: ModelPresetName) {
    const run = presetRun(name, profile.points);
    setKinds(new Set(run.models.map((m) => m.kind)));
    const ensemble = run.ensembles[0];
    setEnsembleOn(ensemble !== undefined);
    if (ensemble) {
      setEnsembleMethod(ensemble.method);
      setEnsembleTop(String(ensemble.top));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: string[] = [];
    const models: CreateRunBody['models'] = [];
    for (const kind of MODEL_KINDS.filter((k) => kinds.has(k))) {
      const built = buildParams(kind, fields.get(kind) ?? [], params[kind] ?? {});
      if (built.ok) models.push({ kind, params: built.params });
      else problems.push(...built.issues.map((i) => `${modelLabel(kind)} ${i}`));
    }
    if (!models.length) problems.push('Choose at least one model.');
    const levels = parseLevels(levelsText);
    if (!levels.ok) problems.push(levels.issue);
    const body: CreateRunBody = {
      datasetId,
      horizon: Number(horizonText),
      models,
      ensembles: ensembleOn ? [{ method: ensembleMethod, top: Number(ensembleTop) }] : [],
      backtest: { windows: Number(windows), ...(step.trim() ? { step: Number(step) } : {}) },
      ...(season.trim() ? { season: Number(season) } : {}),
      ...(levels.ok ? { levels: levels.levels } : {}),
      covariates: covariatesFromRoles(columns, roles),
      calendar: calendarFromChoice(calendar),
    };
    // The same schema the API validates with, so most mistakes show without a round trip.
    const checked = createRunSchema.safeParse(body);
    if (!checked.success) {
      problems.push(...checked.error.issues.map((i) => `${i.path.join('.') || 'run'}: ${i.message}`));
    }
    setIssues([...new Set(problems)]);
    if (problems.length) return;

    setSubmitting(true);
    try {
      const run = await createRun(body);
      router.push(`/runs/${run.id}`);
    } catch (e) {
      const lines = e instanceof ApiError ? issuesOf(e.body) : [];
      setIssues([errorMessage(e), ...lines]);
      setSubmitting(false);
    }
  }

  // What the estimate prices: the chosen models with the settings typed so far (defaults where a value is not valid yet).
  const planned = MODEL_KINDS.filter((k) => kinds.has(k)).map((kind) => {
    const built = buildParams(kind, fields.get(kind) ?? [], params[kind] ?? {});
    return { kind, params: built.ok ? built.params : {} };
  });

  return (
    <section className="card" aria-labelledby="new-run-title">
      <h2 id="new-run-title">New run</h2>
      <form onSubmit={submit} className="form" noValidate>
        <fieldset className="fieldset">
          <legend>Models</legend>
          <p className="small preset-buttons">
            {MODEL_PRESET_NAMES.map((name) => (
              <button
                key={name}
                type="button"
                className="btn btn-small"
                onClick={() => usePreset(name)}
                data-preset={name}
                title={presetSummary(name, profile.points)}
              >
                {PRESET_LABELS[name]}
              </button>
            ))}
          </p>
          <div className="model-grid">
            {MODEL_KINDS.map((kind) => (
              <div key={kind} className="model-option">
                <label className="check">
                  <input
                    type="checkbox"
                    name="models"
                    value={kind}
                    checked={kinds.has(kind)}
                    onChange={(e) => toggle(kind, e.target.checked)}
                  />
                  <span>
                    {modelLabel(kind)} <code className="muted">{kind}</code>
                  </span>
                </label>
                {kinds.has(kind) && (fields.get(kind)?.length ?? 0) > 0 && (
                  <ParamsEditor
                    kind={kind}
                    fields={fields.get(kind) ?? []}
                    values={params[kind] ?? {}}
                    onChange={(values) => setParams((p) => ({ ...p, [kind]: values }))}
                  />
                )}
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Ensemble</legend>
          <label className="check">
            <input type="checkbox" name="ensemble" checked={ensembleOn} onChange={(e) => setEnsembleOn(e.target.checked)} />
            <span>Add an ensemble of the best models by backtest error</span>
          </label>
          {ensembleOn && (
            <div className="form-row">
              <div className="field">
                <label htmlFor="run-ensemble-method">Combination</label>
                <select id="run-ensemble-method" value={ensembleMethod} onChange={(e) => setEnsembleMethod(e.target.value as EnsembleSpec['method'])}>
                  <option value="median">Median</option>
                  <option value="mean">Mean</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="run-ensemble-top">Of the best k</label>
                <input id="run-ensemble-top" type="number" min={2} max={20} step={1} value={ensembleTop} onChange={(e) => setEnsembleTop(e.target.value)} />
                <span className="hint">Each backtest window is scored with the best k chosen on the other windows</span>
              </div>
            </div>
          )}
        </fieldset>
        <div className="form-row">
          <div className="field">
            <label htmlFor="run-horizon">Horizon (points ahead)</label>
            <input
              id="run-horizon"
              type="number"
              min={1}
              step={1}
              value={horizonText}
              onChange={(e) => setHorizon(e.target.value)}
              aria-describedby="run-horizon-hint"
            />
            <span id="run-horizon-hint" className="hint">
              Suggested for {frequencyLabel(profile.frequency)} data: {suggested}
            </span>
          </div>
          <div className="field">
            <label htmlFor="run-windows">Backtest windows</label>
            <input
              id="run-windows"
              type="number"
              min={1}
              max={50}
              step={1}
              value={windows}
              onChange={(e) => setWindows(e.target.value)}
              aria-describedby="run-windows-hint"
            />
            <span id="run-windows-hint" className="hint">
              Rolling origins scored per series
            </span>
          </div>
          <div className="field">
            <label htmlFor="run-step">Window step</label>
            <input
              id="run-step"
              type="number"
              min={1}
              step={1}
              value={step}
              placeholder={`= horizon`}
              onChange={(e) => setStep(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="run-levels">Interval levels (%)</label>
            <input
              id="run-levels"
              type="text"
              inputMode="numeric"
              value={levelsText}
              onChange={(e) => setLevelsText(e.target.value)}
              aria-describedby="run-levels-hint"
            />
            <span id="run-levels-hint" className="hint">
              Up to 4, from 50 to 99, e.g. 80, 95
            </span>
          </div>
          <div className="field">
            <label htmlFor="run-season">Season</label>
            <input
              id="run-season"
              type="number"
              min={1}
              step={1}
              value={season}
              placeholder={String(seasonFor(profile.frequency))}
              onChange={(e) => setSeason(e.target.value)}
            />
          </div>
        </div>
        {needed > profile.minLength && (
          <p className="alert alert-warning">
            The shortest series has {profile.minLength} points; this backtest needs at least {needed} ({heldOut} held
            out, {h} to train on). Short series may fail: lower the horizon or the windows.
          </p>
        )}
        {columns.length > 0 && (
          <CovariateRoles columns={columns} chosen={[...kinds]} roles={roles} onChange={(column, role) => setRoles((r) => ({ ...r, [column]: role }))} />
        )}
        <CalendarFields choice={calendar} onChange={setCalendar} />
        <CostEstimateNote models={planned} points={profile.points} windows={windowCount} />
        {issues.length > 0 && (
          <ul className="alert alert-error issue-list" role="alert">
            {issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submitting}>
            {submitting ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </form>
    </section>
  );
}

interface ParamsEditorProps {
  kind: ModelKind;
  fields: ParamField[];
  values: RawParams;
  onChange: (values: RawParams) => void;
}

function ParamsEditor({ kind, fields, values, onChange }: ParamsEditorProps) {
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  const { key, more } = splitFields(fields);
  const input = (f: ParamField) => <ParamInput key={f.name} kind={kind} field={f} value={values[f.name] ?? ''} onChange={set} />;
  return (
    <>
      {key.length > 0 && (
        <div className="key-params" role="group" aria-label={`${modelLabel(kind)} settings`}>
          {key.map(input)}
        </div>
      )}
      {more.length > 0 && (
        <details className="details params">
          <summary>More settings</summary>
          <div className="form-row">{more.map(input)}</div>
        </details>
      )}
    </>
  );
}

interface ParamInputProps {
  kind: ModelKind;
  field: ParamField;
  value: string;
  onChange: (name: string, value: string) => void;
}

/** One setting; empty means the model's default, shown as the placeholder ("auto": derived from the data). */
function ParamInput({ kind, field: f, value, onChange }: ParamInputProps) {
  const id = `param-${kind}-${f.name}`;
  const hint = f.description ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{f.name}</label>
      {f.input === 'boolean' || f.input === 'choice' ? (
        <select id={id} value={value} onChange={(e) => onChange(f.name, e.target.value)} aria-describedby={hint}>
          <option value="">Default{f.default === undefined ? '' : ` (${String(f.default)})`}</option>
          {(f.input === 'boolean' ? ['true', 'false'] : (f.choices ?? [])).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={f.input === 'number' || f.input === 'integer' ? 'number' : 'text'}
          step={f.input === 'integer' ? 1 : 'any'}
          min={f.min}
          max={f.max}
          placeholder={f.default === undefined ? 'auto' : JSON.stringify(f.default)}
          value={value}
          onChange={(e) => onChange(f.name, e.target.value)}
          aria-describedby={hint}
        />
      )}
      {hint && (
        <span id={hint} className="hint">
          {f.description}
        </span>
      )}
    </div>
  );
}

function presetSummary(name: ModelPresetName, points: number): string {
  const run = presetRun(name, points);
  return [...run.models.map((m) => modelLabel(m.kind)), ...run.ensembles.map((e) => `${e.method} of the best ${e.top}`)].join(', ');
}
