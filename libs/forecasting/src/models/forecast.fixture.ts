/** Test-only: what the model specs fit and score. */
import type { ModelKind } from '@foretell/contracts';
import { readColumn } from '../core/datasets.fixture';
import { createModel } from './model-kinds';

/** The monthly airline passengers: the first 132 months to fit, the last 12 to score. */
export const airline = readColumn('airline-passengers.csv', 1);
export const airlineTrain = airline.subarray(0, 132);
export const airlineTest = airline.subarray(132);

/** `kind` (with `params`) fitted on one series with seed 1: its next `h` values. The model is disposed of. */
export async function forecastOne(
  kind: ModelKind,
  series: ArrayLike<number>,
  h: number,
  season = 1,
  params: Record<string, unknown> = {},
): Promise<Float64Array> {
  const model = createModel({ kind, params });
  await model.fit({ series: [Float64Array.from(series)], season, seed: 1 });
  const [f] = await model.predict(h);
  model.dispose();
  return f;
}
