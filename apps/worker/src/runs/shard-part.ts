import type { EvaluatedSlice } from '@foretell/forecasting';
import type { Prisma } from '@foretell/db';

/**
 * A shard's evaluated slice as its `RunModelShard.part` stores it: what the merge needs (per-series metrics, final
 * forecasts and scales for the intervals, step terms, scaled errors, counts, seasonal naive's floor, timings), without
 * the backtests (already in the shard's forecast rows). JSON has no NaN: it is stored as null and read back as NaN.
 */
export function storedPart(slice: EvaluatedSlice): Prisma.InputJsonValue {
  const { scored, ...rest } = slice;
  return {
    ...rest,
    scored: {
      perSeries: scored.perSeries.map((p) => ({
        metrics: p.metrics,
        forecast: Array.from(p.forecast, orNull),
        missing: p.missing,
        scale: orNull(p.scale),
        nonNegative: p.nonNegative,
      })),
      stepTerms: scored.stepTerms,
      records: scored.records,
      windows: scored.windows,
      unscorable: scored.unscorable,
    },
  } as Prisma.InputJsonValue;
}

type StoredPart = Omit<EvaluatedSlice, 'scored'> & {
  scored: Omit<EvaluatedSlice['scored'], 'perSeries'> & {
    perSeries: {
      metrics: EvaluatedSlice['scored']['perSeries'][number]['metrics'];
      forecast: (number | null)[];
      missing: number;
      scale: number | null;
      nonNegative: boolean;
    }[];
  };
};

/** The inverse of `storedPart` (backtests left empty: the merge does not read them). */
export function slicePart(json: Prisma.JsonValue): EvaluatedSlice {
  const { scored, ...rest } = json as unknown as StoredPart;
  return {
    ...rest,
    scored: {
      ...scored,
      perSeries: scored.perSeries.map((p) => ({
        metrics: p.metrics,
        forecast: Float64Array.from(p.forecast, (v) => v ?? NaN),
        missing: p.missing,
        scale: p.scale ?? NaN,
        nonNegative: p.nonNegative,
        backtest: { cutoffs: [], yhat: [], metrics: [] },
      })),
    },
  };
}

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
