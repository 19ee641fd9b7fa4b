import type { ModelKind } from './models.schema';

/**
 * Named model sets the product recommends (`--preset` on the command line). `recommended`: fast single-series models
 * that together cover trend and season (theta, AutoETS), a seasonal baseline, and intermittent demand
 * (auto_intermittent, which uses SES for the series that are not intermittent).
 */
export const MODEL_PRESETS = {
  recommended: [
    { kind: 'seasonal_naive', params: {} },
    { kind: 'theta', params: {} },
    { kind: 'auto_ets', params: {} },
    { kind: 'auto_intermittent', params: {} },
  ],
} as const satisfies Record<string, readonly { kind: ModelKind; params: Record<string, unknown> }[]>;
export type ModelPresetName = keyof typeof MODEL_PRESETS;
export const MODEL_PRESET_NAMES = Object.keys(MODEL_PRESETS) as ModelPresetName[];
