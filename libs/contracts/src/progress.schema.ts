import { z } from 'zod';

/**
 * Progress of one model's evaluation, as one typed event from the engine to the worker, the API's event stream, the
 * dashboard and the command line. An evaluation fits the model once per backtest window (or once for all windows
 * when it does not refit) and then once on the whole series (the final fit, whose forecasts are kept); a neural fit
 * trains `ensemble` networks of `epochs` epochs each, so its epoch counter starts over with every fit and network.
 */
const backtestPhaseSchema = z.object({
  kind: z.literal('backtest'),
  /** 1-based; without refitting one fit serves every window, and `window` counts the forecast passes. */
  window: z.number().int().min(1),
  of: z.number().int().min(1),
});
const finalPhaseSchema = z.object({ kind: z.literal('final') });

/** Which fit of an evaluation is running. */
export const fitPhaseSchema = z.discriminatedUnion('kind', [backtestPhaseSchema, finalPhaseSchema]);
export type FitPhase = z.infer<typeof fitPhaseSchema>;

/**
 * Where a model of a run is: its fits, and around them the worker's loading of the data and saving of results. A
 * sharded fit (a local model's series split among jobs that run side by side) is where its shards are: `done` of `of`
 * saved, then merging them; each shard's own fits are its job's, not its model's (see `shard` below).
 */
export const modelPhaseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('loading') }),
  backtestPhaseSchema,
  finalPhaseSchema,
  z.object({ kind: z.literal('shards'), done: z.number().int().min(0), of: z.number().int().min(1) }),
  z.object({ kind: z.literal('merging') }),
  z.object({ kind: z.literal('saving') }),
]);
export type ModelPhase = z.infer<typeof modelPhaseSchema>;

/** The epoch a neural network just finished (1-based, of the planned epochs) and its losses. */
export const fitEpochSchema = z.object({
  n: z.number().int().min(1),
  of: z.number().int().min(1),
  loss: z.number(),
  valLoss: z.number().optional(),
  /** Ensembles of networks (`ensemble` > 1): which network of the fit trains (1-based). */
  network: z.object({ n: z.number().int().min(1), of: z.number().int().min(1) }).optional(),
});
export type FitEpoch = z.infer<typeof fitEpochSchema>;

/** What the engine reports while it evaluates a model: `fraction` of the whole evaluation, in [0, 1]. */
export const fitProgressSchema = z.object({
  fraction: z.number().min(0).max(1),
  phase: fitPhaseSchema,
  epoch: fitEpochSchema.optional(),
});
export type FitProgress = z.infer<typeof fitProgressSchema>;

/** Where a running model is, stored with it (RunModel.progressDetail) and shown on the run page after a reload. */
export const progressDetailSchema = z.object({ phase: modelPhaseSchema, epoch: fitEpochSchema.optional() });
export type ProgressDetail = z.infer<typeof progressDetailSchema>;

/**
 * What a fit job reports through BullMQ progress (and the API relays as server-sent events). A shard job reports its
 * own fit with `shard` set: that is its progress, not its model's (shards run side by side, each from its own start),
 * so the API does not relay it; the model's progress comes from each shard as it saves, and from the merge.
 */
export const modelProgressSchema = progressDetailSchema.extend({
  runId: z.string(),
  runModelId: z.string(),
  fraction: z.number().min(0).max(1),
  shard: z.object({ index: z.number().int().min(0), of: z.number().int().min(1) }).optional(),
});
export type ModelProgress = z.infer<typeof modelProgressSchema>;

/** The phase in words: "backtest window 2 of 3", "final fit". */
export function phaseLabel(phase: ModelPhase): string {
  switch (phase.kind) {
    case 'loading':
      return 'loading data';
    case 'backtest':
      return `backtest window ${phase.window} of ${phase.of}`;
    case 'final':
      return 'final fit';
    case 'shards':
      return `fitting shards: ${phase.done} of ${phase.of} done`;
    case 'merging':
      return 'merging shards';
    case 'saving':
      return 'saving results';
  }
}

/** The epoch in words: "epoch 5 of 40", "network 2 of 3, epoch 5 of 40". */
export function epochLabel(epoch: FitEpoch): string {
  const network = epoch.network && epoch.network.of > 1 ? `network ${epoch.network.n} of ${epoch.network.of}, ` : '';
  return `${network}epoch ${epoch.n} of ${epoch.of}`;
}

/** The whole detail in words, for a status line: "backtest window 2 of 3 · epoch 5 of 40". */
export function progressLabel(detail: ProgressDetail): string {
  return detail.epoch ? `${phaseLabel(detail.phase)} · ${epochLabel(detail.epoch)}` : phaseLabel(detail.phase);
}
