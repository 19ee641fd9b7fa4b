import type { DemandClass } from './demand-class';
import type { EnsembleSpec } from './ensembles.schema';
import type { ModelKind } from './models.schema';
import { NEURAL_MODEL_KINDS } from './neural-models.schema';

const spec = <K extends ModelKind>(kind: K) => ({ kind, params: {} }) as const;
const STATISTICAL = [spec('seasonal_naive'), spec('theta'), spec('damped'), spec('auto_ets'), spec('auto_intermittent')] as const;
const DEEP = NEURAL_MODEL_KINDS.map(spec);

/**
 * Named model sets the product recommends (`--preset` on the command line, `preset` in POST /api/runs, the new-run
 * form's buttons). `baselines`: the quick benchmarks. `deep`: every neural model. `recommended`: fast single-series
 * models that together cover trend and season (theta, damped trend, AutoETS), a seasonal baseline, intermittent
 * demand (auto_intermittent, only where the data has intermittent series: on the others it forecasts as theta does,
 * and a median of three with both in it would be theta's forecast under two names), the deep models the data's size
 * affords (`presetRun`), and the mean of the best five by backtest (chosen by bench/ensemble-protocol.ts: leave one
 * dataset out over the nine tuning datasets of docs/ACCURACY.md, against the median of three it replaced). Damped
 * trend was the best statistical model on three of those datasets and was absent from the preset.
 */
export const MODEL_PRESETS = {
  baselines: [spec('naive'), spec('seasonal_naive'), spec('drift'), spec('naive2')],
  deep: DEEP,
  recommended: [...STATISTICAL, ...DEEP],
} as const satisfies Record<string, readonly { kind: ModelKind; params: Record<string, unknown> }[]>;
export type ModelPresetName = keyof typeof MODEL_PRESETS;
export const MODEL_PRESET_NAMES = Object.keys(MODEL_PRESETS) as ModelPresetName[];

export const PRESET_ENSEMBLES: Record<ModelPresetName, readonly EnsembleSpec[]> = {
  baselines: [],
  deep: [],
  recommended: [{ method: 'mean', top: 5 }],
};

/**
 * The time budget of `recommended`, by the points it fits (series × length, summed): up to `all`, every deep model;
 * up to `fast`, the recurrent ones (LSTM, GRU, RNN + attention: the slowest per point) are left out; beyond, only
 * NLinear and DLinear (linear maps, seconds on millions of points) remain.
 */
export const PRESET_BUDGET_POINTS = { all: 100_000, fast: 1_000_000 } as const;
const RECURRENT: readonly ModelKind[] = ['lstm', 'gru', 'rnn_attention'];
const LINEAR: readonly ModelKind[] = ['nlinear', 'dlinear'];

/** What a preset reads of the data (a dataset profile has both); unknown: as for small data with intermittent series. */
export interface PresetData {
  /** Series × length, summed. */
  points?: number;
  /** Series per demand class. */
  demandClasses?: Partial<Record<DemandClass, number>>;
}

/** A preset's models and ensembles for the data it will run on. */
export function presetRun(name: ModelPresetName, { points, demandClasses }: PresetData = {}) {
  const sparse = !demandClasses || (demandClasses.intermittent ?? 0) + (demandClasses.lumpy ?? 0) > 0;
  const keep = (kind: ModelKind) => {
    if (name !== 'recommended') return true;
    if (kind === 'auto_intermittent') return sparse;
    if (points === undefined || !(NEURAL_MODEL_KINDS as readonly string[]).includes(kind)) return true;
    if (points <= PRESET_BUDGET_POINTS.all) return true;
    return points <= PRESET_BUDGET_POINTS.fast ? !RECURRENT.includes(kind) : LINEAR.includes(kind);
  };
  return {
    models: MODEL_PRESETS[name].filter((m) => keep(m.kind)).map((m) => ({ kind: m.kind as ModelKind, params: { ...m.params } as Record<string, unknown> })),
    ensembles: PRESET_ENSEMBLES[name].map((e) => ({ ...e })),
  };
}
