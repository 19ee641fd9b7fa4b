import {
  backtestLength,
  CALENDAR_FEATURES,
  DEFAULT_BACKTEST_WINDOWS,
  MODEL_KINDS,
  runConfigSchema,
  type BacktestLength,
  type CalendarFeature,
  type DatasetProfile,
  type EnsembleSpec,
  type ModelKind,
  type RunConfig,
  type RunConfigInput,
} from '@foretell/contracts';
import type { z } from 'zod';
import { calendarFromChoice, NO_CALENDAR, type CalendarChoice } from './calendar-choice';
import { covariatesFromRoles, type SeriesRole } from './covariate-roles';
import { parseLevels } from './levels';
import { buildParams, paramFields, type ParamField, type RawParams } from './model-params';
import { modelLabel } from './model-label';

/**
 * What the run fields hold as typed, shared by the new-run form and the schedule form (a schedule runs the same
 * configuration without its dataset). Empty text means the default; `horizon: null`, the suggested one.
 */
export interface RunDraft {
  kinds: ReadonlySet<ModelKind>;
  params: Partial<Record<ModelKind, RawParams>>;
  ensemble: { on: boolean; method: EnsembleSpec['method']; top: string };
  horizon: string | null;
  windows: string;
  step: string;
  season: string;
  levels: string;
  roles: Readonly<Record<string, SeriesRole>>;
  calendar: CalendarChoice;
}

export function initialRunDraft(kinds: readonly ModelKind[] = MODEL_KINDS.slice(0, 1)): RunDraft {
  return {
    kinds: new Set(kinds),
    params: {},
    ensemble: { on: false, method: 'median', top: '3' },
    horizon: null,
    windows: String(DEFAULT_BACKTEST_WINDOWS),
    step: '',
    season: '',
    levels: '80, 95',
    roles: {},
    calendar: NO_CALENDAR,
  };
}

const FIELDS = new Map<ModelKind, ParamField[]>(MODEL_KINDS.map((k) => [k, paramFields(k)]));
export const fieldsOf = (kind: ModelKind): ParamField[] => FIELDS.get(kind) ?? [];

/** Backtest windows as a count the estimates can use (1 while the field holds no whole number). */
export const windowCount = (draft: RunDraft): number => Math.max(1, Math.trunc(Number(draft.windows)) || 1);

/**
 * The points the draft's backtest needs of a series (the contracts' rule, as the API applies it), or null while the
 * horizon is not a positive whole number.
 */
export function backtestNeeds(draft: RunDraft, suggestedHorizon: number): BacktestLength | null {
  const horizon = Number(draft.horizon ?? suggestedHorizon);
  if (!Number.isInteger(horizon) || horizon < 1) return null;
  const step = Number(draft.step);
  return backtestLength({ horizon, windows: windowCount(draft), ...(draft.step.trim() && Number.isInteger(step) && step > 0 && { step }) });
}

/**
 * What the form says when the dataset's series are short for the draft's backtest: the API refuses the run when even
 * the longest is (in the same words); when only some are, those are forecast without a backtest.
 */
export function backtestLengthNote(needs: BacktestLength | null, profile: Pick<DatasetProfile, 'minLength' | 'maxLength'>): string | null {
  if (!needs || needs.needed <= profile.minLength) return null;
  const need = `at least ${needs.needed} (${needs.heldOut} held out, ${needs.train} to train on)`;
  if (profile.maxLength < needs.needed) {
    return `Every series is too short for this backtest: the longest has ${profile.maxLength} points, and it needs ${need}. Lower the horizon or the number of windows.`;
  }
  return `The shortest series has ${profile.minLength} points; this backtest needs ${need}. Shorter series are forecast without a backtest: lower the horizon or the number of windows to score them.`;
}

/** The columns a run can give roles to: those of a wide file (a long file's series are many and alike). */
export function roleColumns(profile: Pick<DatasetProfile, 'layout' | 'columns'>): string[] {
  return profile.layout === 'wide' && profile.columns.values.length > 1 ? profile.columns.values : [];
}

/** The chosen models, each with the settings typed so far (defaults where a value is not valid yet), for estimates. */
export function plannedModels(draft: RunDraft): { kind: ModelKind; params: Record<string, unknown> }[] {
  return MODEL_KINDS.filter((k) => draft.kinds.has(k)).map((kind) => {
    const built = buildParams(kind, fieldsOf(kind), draft.params[kind] ?? {});
    return { kind, params: built.ok ? built.params : {} };
  });
}

/**
 * The run configuration a draft stands for, checked by the schema the API validates runs and schedules with, or
 * every problem in it (each once) so the form can list them without a round trip.
 */
export function runConfigFromDraft(
  draft: RunDraft,
  suggestedHorizon: number,
  columns: readonly string[],
): { ok: true; config: RunConfigInput } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const models: NonNullable<RunConfigInput['models']> = [];
  for (const kind of MODEL_KINDS.filter((k) => draft.kinds.has(k))) {
    const built = buildParams(kind, fieldsOf(kind), draft.params[kind] ?? {});
    if (built.ok) models.push({ kind, params: built.params });
    else problems.push(...built.issues.map((i) => `${modelLabel(kind)} ${i}`));
  }
  if (!draft.kinds.size) problems.push('Choose at least one model.');
  const levels = parseLevels(draft.levels);
  if (!levels.ok) problems.push(levels.issue);
  const config: RunConfigInput = {
    horizon: Number(draft.horizon ?? suggestedHorizon),
    models,
    ensembles: draft.ensemble.on ? [{ method: draft.ensemble.method, top: Number(draft.ensemble.top) }] : [],
    backtest: { windows: Number(draft.windows), ...(draft.step.trim() ? { step: Number(draft.step) } : {}) },
    ...(draft.season.trim() ? { season: Number(draft.season) } : {}),
    ...(levels.ok ? { levels: levels.levels } : {}),
    covariates: covariatesFromRoles(columns, draft.roles),
    calendar: calendarFromChoice(draft.calendar),
  };
  if (problems.length) return { ok: false, problems: [...new Set(problems)] };
  // The schema's own words for what is left (ranges, an ensemble larger than the models); checked only once the
  // problems above are fixed, so one mistake is not listed twice in two wordings.
  const checked = runConfigSchema.safeParse(config, { error: plainLimit });
  if (!checked.success) return { ok: false, problems: [...new Set(checked.error.issues.map((i) => `${fieldLabel(i.path)}: ${i.message}`))] };
  return { ok: true, config };
}

/** The form's names of the fields the run schema judges (a path's indexes left out), so its problems read as the form does. */
const FIELD_LABELS: Record<string, string> = {
  horizon: 'Horizon',
  'backtest.windows': 'Backtest windows',
  'backtest.step': 'Window step',
  season: 'Season',
  levels: 'Interval levels',
  'ensembles.top': 'Of the best k',
  ensembles: 'Ensemble',
  models: 'Models',
  covariates: 'Covariates',
  calendar: 'Calendar and holidays',
};

function fieldLabel(path: readonly PropertyKey[]): string {
  const key = path.filter((p) => typeof p === 'string').join('.');
  return FIELD_LABELS[key] ?? (key || 'Run');
}

/**
 * Zod's own wording of a limit ("Too small: expected number to be >=1") as a form says it; the schema's messages of
 * its own (a repeated level, an ensemble larger than the models) are kept.
 */
function plainLimit(issue: z.core.$ZodRawIssue): string | undefined {
  const items = issue.origin === 'array' ? ' items' : '';
  if (issue.code === 'too_small') return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}${items}`;
  if (issue.code === 'too_big') return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}${items}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'must be a number';
  return undefined;
}

/** A stored configuration (a schedule's) back into the fields, to edit it. A preset becomes the models it names. */
export function draftFromRunConfig(
  config: RunConfig,
  presetModels: (name: NonNullable<RunConfig['preset']>) => RunConfig['models'],
  columns: readonly string[],
): RunDraft {
  const models = config.preset ? (presetModels(config.preset) ?? []) : (config.models ?? []);
  const params: Partial<Record<ModelKind, RawParams>> = {};
  for (const m of models) {
    const raw: RawParams = {};
    for (const [name, value] of Object.entries(m.params)) raw[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    params[m.kind] = raw;
  }
  const ensemble = config.ensembles[0];
  const roles: Record<string, SeriesRole> = {};
  if (config.covariates) {
    // A column the configuration names in no role was left out of it.
    for (const column of columns) roles[column] = 'unused';
    for (const role of ['target', 'past', 'future'] as const) for (const key of config.covariates[role]) roles[key] = role;
  }
  const features = config.calendar?.features;
  const [country = '', region = ''] = (config.calendar?.holidays ?? '').split('-');
  return {
    kinds: new Set(models.map((m) => m.kind)),
    params,
    ensemble: { on: ensemble !== undefined, method: ensemble?.method ?? 'median', top: String(ensemble?.top ?? 3) },
    horizon: String(config.horizon),
    windows: String(config.backtest.windows),
    step: config.backtest.step === undefined ? '' : String(config.backtest.step),
    season: config.season === undefined ? '' : String(config.season),
    levels: config.levels.join(', '),
    roles,
    calendar: config.calendar
      ? {
          // "auto" is every feature that varies at the data's frequency; ticking all of them asks for the same.
          features: new Set<CalendarFeature>(features === 'auto' || features === undefined ? CALENDAR_FEATURES : features),
          country,
          region,
        }
      : NO_CALENDAR,
  };
}
