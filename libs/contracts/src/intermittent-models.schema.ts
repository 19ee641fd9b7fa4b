import { z } from 'zod';

/**
 * Models for intermittent demand (series that are mostly zeros: spare parts, slow-moving SKUs), after Nixtla's
 * statsforecast (CrostonClassic/CrostonOptimized, CrostonSBA, TSB, ADIDA, IMAPA), and `auto_intermittent`, which
 * picks one of them per series by its demand class (./demand-class).
 */
export const INTERMITTENT_MODEL_KINDS = ['croston', 'sba', 'tsb', 'adida', 'imapa', 'auto_intermittent'] as const;
export type IntermittentModelKind = (typeof INTERMITTENT_MODEL_KINDS)[number];

/** SES smoothing weight of a demand size, interval or probability. */
const smoothing = z.number().gt(0).max(1);

/** The methods `auto_intermittent` may use for intermittent and lumpy series, and for the others. */
export const INTERMITTENT_METHODS = ['croston', 'sba', 'tsb', 'adida', 'imapa'] as const;
export const SMOOTH_DEMAND_METHODS = ['ses', 'theta'] as const;

export const INTERMITTENT_MODEL_PARAMS = {
  croston: z
    .object({
      /** Weight of both the demand sizes and the intervals; ignored when `optimize`. */
      alpha: smoothing.default(0.1),
      /** Choose each weight in [0.1, 0.3] by the in-sample one-step SSE (statsforecast's CrostonOptimized). */
      optimize: z.boolean().default(false),
    })
    .strict(),
  sba: z.object({ alpha: smoothing.default(0.1) }).strict(),
  tsb: z
    .object({
      /** Weight of the non-zero demand sizes. */
      alphaD: smoothing.default(0.1),
      /** Weight of the probability that a period has demand. */
      alphaP: smoothing.default(0.1),
    })
    .strict(),
  adida: z.object({}).strict(),
  imapa: z.object({}).strict(),
  auto_intermittent: z
    .object({
      /** For intermittent and lumpy series (Syntetos–Boylan classes); chosen by backtest, see docs/INTERMITTENT.md. */
      intermittent: z.enum(INTERMITTENT_METHODS).default('imapa'),
      /** For smooth and erratic series, and series that are not demand (negative values). */
      otherwise: z.enum(SMOOTH_DEMAND_METHODS).default('theta'),
    })
    .strict(),
} satisfies Record<IntermittentModelKind, z.ZodType>;
