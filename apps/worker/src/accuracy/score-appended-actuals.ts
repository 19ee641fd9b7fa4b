import { decodeValues, forecastsAwaitingActuals, loadDatasetSeries, storeLiveScores, type Database, type LiveScoreRow } from '@foretell/db';
import { maseScale, scoreArrivedActuals } from '@foretell/forecasting';

/**
 * Scores every stored forecast of the dataset on the actuals its series now hold for the forecast's steps and that are
 * not scored yet (`scoreArrivedActuals`), recording `uploadId` as the append that brought them. Safe to repeat: a
 * scored point is stored once. Returns how many points were added.
 */
export async function scoreAppendedActuals({ prisma, pool }: Database, datasetId: string, uploadId: string): Promise<number> {
  const awaiting = await forecastsAwaitingActuals(pool, datasetId);
  if (!awaiting.length) return 0;
  const values = new Map((await loadDatasetSeries(pool, datasetId)).map((s) => [s.id, s.values]));
  const rows: LiveScoreRow[] = awaiting.flatMap((stored) => {
    const series = values.get(stored.seriesId);
    if (!series) return [];
    // Forecasts stored before their scale was recorded: the history they were fitted on, as stored now.
    const scale = stored.maseScale ?? maseScale(series.subarray(0, stored.origin), stored.season);
    const issued = { yhat: decodeValues(stored.yhat), origin: stored.origin, intervals: stored.intervals, maseScale: scale };
    return scoreArrivedActuals(issued, series, new Set(stored.scoredSteps)).map((point) => ({
      runModelId: stored.runModelId,
      seriesId: stored.seriesId,
      uploadId,
      ...point,
    }));
  });
  return storeLiveScores(prisma, rows);
}
