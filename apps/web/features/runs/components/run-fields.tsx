'use client';

import {
  frequencyLabel,
  MODEL_KINDS,
  MODEL_PRESET_NAMES,
  presetRun,
  seasonFor,
  type DatasetProfile,
  type ModelKind,
  type ModelPresetName,
} from '@foretell/contracts';
import { defaultHorizon } from '../../datasets/api/horizon';
import { modelHelp, modelLabel } from '../api/model-label';
import { backtestLengthNote, backtestNeeds, fieldsOf, plannedModels, roleColumns, windowCount, type RunDraft } from '../api/run-draft';
import { CalendarFields } from './calendar-fields';
import { CostEstimateNote } from './cost-estimate-note';
import { CovariateRoles } from './covariate-roles';
import { ParamsEditor } from './model-settings';
import './runs.css';
import { bindText, LabelledInput, LabelledSelect, WHOLE_NUMBER } from '../../ui/components/labelled-input';

const PRESET_LABELS: Record<ModelPresetName, string> = {
  baselines: 'Quick baselines',
  deep: 'Deep models',
  recommended: 'Recommended',
};

interface RunFieldsProps {
  draft: RunDraft;
  onChange: (patch: Partial<RunDraft>) => void;
  profile: DatasetProfile;
  /** Prefix of the controls' ids and names, unique on the page ("run", "schedule"). */
  idPrefix: string;
}

/**
 * What a run fits and how it is scored, shared by the new-run form and the schedule form: models (or a preset) with
 * their settings, an ensemble, horizon and backtest, interval levels, covariates and calendar, and the time it costs.
 * What most analysts leave alone (window step, season, advanced model settings, calendar) is folded away.
 */
export function RunFields({ draft, onChange, profile, idPrefix: p }: RunFieldsProps) {
  const windows = windowCount(draft);
  const suggested = defaultHorizon(profile, windows);
  const h = Number(draft.horizon ?? suggested);
  const lengthNote = backtestLengthNote(backtestNeeds(draft, suggested), profile);
  const columns = roleColumns(profile);
  const chosen = MODEL_KINDS.filter((k) => draft.kinds.has(k));
  const withSettings = chosen.filter((k) => fieldsOf(k).length > 0);

  const toggle = (kind: ModelKind, on: boolean) => {
    const kinds = new Set(draft.kinds);
    if (on) kinds.add(kind);
    else kinds.delete(kind);
    onChange({ kinds });
  };
  /** A preset's models (the deep ones this dataset's size affords, as the server decides) and its ensemble. */
  const usePreset = (name: ModelPresetName) => {
    const run = presetRun(name, profile);
    const ensemble = run.ensembles[0];
    onChange({
      kinds: new Set(run.models.map((m) => m.kind)),
      ensemble: ensemble ? { on: true, method: ensemble.method, top: String(ensemble.top) } : { ...draft.ensemble, on: false },
    });
  };
  const setEnsemble = (patch: Partial<RunDraft['ensemble']>) => onChange({ ensemble: { ...draft.ensemble, ...patch } });
  const field = bindText(draft, onChange);

  return (
    <>
      <fieldset className="fieldset">
        <legend>Models</legend>
        <div className="preset-bar" role="group" aria-label="Presets">
          <span className="hint">Start from a preset:</span>
          {MODEL_PRESET_NAMES.map((name) => (
            <button key={name} type="button" className="btn btn-small" onClick={() => usePreset(name)} data-preset={name} title={presetSummary(name, profile)} aria-describedby={`${p}-preset-${name}`}>
              {PRESET_LABELS[name]}
              <span id={`${p}-preset-${name}`} className="visually-hidden">
                : {presetSummary(name, profile)}
              </span>
            </button>
          ))}
        </div>
        <div className="model-grid">
          {MODEL_KINDS.map((kind) => (
            <div key={kind} className="model-choice">
              <label className="check" title={kind}>
                <input
                  type="checkbox"
                  name={`${p}-models`}
                  value={kind}
                  checked={draft.kinds.has(kind)}
                  onChange={(e) => toggle(kind, e.target.checked)}
                  aria-describedby={`${p}-help-${kind}`}
                />
                {modelLabel(kind)}
              </label>
              <span id={`${p}-help-${kind}`} className="hint model-help">
                {modelHelp(kind)}
              </span>
            </div>
          ))}
        </div>
        {withSettings.length > 0 && (
          <div className="model-settings" data-model-settings>
            <h3 className="settings-title">Settings of the chosen models</h3>
            <p className="hint">Empty fields use the model&apos;s default (shown greyed), “auto” is chosen from the data.</p>
            {withSettings.map((kind) => (
              <ParamsEditor
                key={kind}
                kind={kind}
                idPrefix={p}
                values={draft.params[kind] ?? {}}
                onChange={(values) => onChange({ params: { ...draft.params, [kind]: values } })}
              />
            ))}
          </div>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Ensemble</legend>
        <label className="check">
          <input type="checkbox" name={`${p}-ensemble`} checked={draft.ensemble.on} onChange={(e) => setEnsemble({ on: e.target.checked })} />
          <span>Add an ensemble of the best models by backtest error</span>
        </label>
        {draft.ensemble.on && (
          <div className="form-row">
            <LabelledSelect
              id={`${p}-ensemble-method`}
              label="Combination"
              value={draft.ensemble.method}
              onChange={(method) => setEnsemble({ method })}
              options={[['median', 'Median'], ['mean', 'Mean']]}
            />
            <LabelledInput
              id={`${p}-ensemble-top`}
              label="Of the best k"
              type="number"
              min={2}
              max={20}
              step={1}
              value={draft.ensemble.top}
              onChange={(e) => setEnsemble({ top: e.target.value })}
              hint="Each backtest window is scored with the best k chosen on the other windows"
            />
          </div>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Forecast and backtest</legend>
        <div className="form-row">
          <LabelledInput
            id={`${p}-horizon`}
            label="Horizon (points ahead)"
            {...WHOLE_NUMBER}
            value={draft.horizon ?? String(suggested)}
            onChange={(e) => onChange({ horizon: e.target.value })}
            hint={<>Suggested for {frequencyLabel(profile.frequency)} data: {suggested}</>}
          />
          <LabelledInput
            id={`${p}-windows`}
            label="Backtest windows"
            type="number"
            min={1}
            max={50}
            step={1}
            {...field('windows')}
            hint="Past stretches each model is tested on"
          />
          <LabelledInput id={`${p}-levels`} label="Interval levels (%)" type="text" inputMode="numeric" {...field('levels')} hint="Up to 4, from 50 to 99, e.g. 80, 95" />
        </div>
        <details className="details advanced" open={draft.step !== '' || draft.season !== '' || undefined}>
          <summary>Advanced: window step and season</summary>
          <div className="form-row">
            <LabelledInput
              id={`${p}-step`}
              label="Window step"
              {...WHOLE_NUMBER}
              placeholder={String(h || suggested)}
              {...field('step')}
              hint="Points between backtest origins; empty: the horizon"
            />
            <LabelledInput
              id={`${p}-season`}
              label="Season (points per cycle)"
              {...WHOLE_NUMBER}
              placeholder={String(seasonFor(profile.frequency))}
              {...field('season')}
              hint={<>Empty: the usual one for {frequencyLabel(profile.frequency)} data</>}
            />
          </div>
        </details>
      </fieldset>
      {lengthNote && (
        <p className="alert alert-warning" data-backtest-length>
          {lengthNote}
        </p>
      )}
      {columns.length > 0 && (
        <CovariateRoles idPrefix={p} columns={columns} chosen={chosen} roles={draft.roles} onChange={(column, role) => onChange({ roles: { ...draft.roles, [column]: role } })} />
      )}
      <details className="details fieldset-details" open={draft.calendar.features.size > 0 || draft.calendar.country !== '' || undefined}>
        <summary>Calendar and holidays</summary>
        <CalendarFields idPrefix={p} choice={draft.calendar} onChange={(calendar) => onChange({ calendar })} />
      </details>
      <CostEstimateNote models={plannedModels(draft)} points={profile.points} windows={windows} />
    </>
  );
}

function presetSummary(name: ModelPresetName, profile: DatasetProfile): string {
  const run = presetRun(name, profile);
  return [...run.models.map((m) => modelLabel(m.kind)), ...run.ensembles.map((e) => `${e.method} of the best ${e.top}`)].join(', ');
}
