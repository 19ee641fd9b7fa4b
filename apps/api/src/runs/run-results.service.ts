import { Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { WorkspaceDb } from '../auth/workspace-db';
import {
  csvRow,
  datasetProfileSchema,
  gridTimestamps,
  intervalsSchema,
  runModelKindSchema,
  storedBacktestSchema,
  type ExportKind,
  type SeriesBacktest,
} from '@foretell/contracts';
import { decodeValues } from '@foretell/db';
/** Forecast rows read per query while exporting, so memory stays flat on runs of thousands of series. */
const EXPORT_BATCH = 200;

/** A run's results beyond the leaderboard: backtests beside the actuals, and CSV exports. */
@Injectable()
export class RunResultsService {
  constructor(private readonly db: WorkspaceDb) {}

  async backtests(actor: Actor, runId: string, seriesKey: string): Promise<SeriesBacktest[]> {
    const { run, frequency } = await this.runWithFrequency(actor, runId);
    const series = await this.db.for(actor).series.findUnique({
      where: { datasetId_key: { datasetId: run.datasetId, key: seriesKey } },
      select: { id: true, start: true, length: true },
    });
    if (!series) throw new NotFoundException(`The run's dataset has no series "${seriesKey}".`);
    const timestamps = gridTimestamps(series.start, frequency, series.length).map((d) => d.toISOString());
    const rows = await this.db.for(actor).forecast.findMany({
      where: { seriesId: series.id, runModel: { runId } },
      include: { runModel: { select: { kind: true, position: true } } },
    });
    return rows
      .sort((a, b) => a.runModel.position - b.runModel.position)
      .map((row) => {
        const backtest = storedBacktestSchema.parse(row.backtest);
        return {
          seriesId: seriesKey,
          kind: runModelKindSchema.parse(row.runModel.kind),
          runModelId: row.runModelId,
          windows: backtest.cutoffs.map((cutoff, w) => {
            const yhat = backtest.yhat[w] ?? [];
            const steps = yhat.map((_, k) => cutoff + k).filter((t) => t < row.origin);
            // The actuals the window was scored against, stored at fit time: later appends change nothing here.
            return {
              timestamps: steps.map((t) => timestamps[t]!),
              yhat: yhat.slice(0, steps.length),
              actual: (backtest.actual[w] ?? []).slice(0, steps.length),
            };
          }),
        };
      });
  }

  /**
   * The run's forecasts (with interval bounds) or backtests (with actuals) as CSV, one line per series, model and
   * step, produced batch by batch. Dates come from each row's stored origin (the series as the model saw it), so rows
   * appended later change nothing. Text cells are defused against spreadsheet formula injection.
   */
  async *exportCsv(actor: Actor, runId: string, what: ExportKind): AsyncGenerator<string> {
    const { run, frequency } = await this.runWithFrequency(actor, runId);
    const levels = run.levels.map(String);
    yield what === 'forecasts'
      ? csvRow(['series_id', 'model', 'timestamp', 'yhat', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`])])
      : csvRow(['series_id', 'model', 'window', 'timestamp', 'actual', 'yhat']);
    const models = new Map(run.models.map((m) => [m.id, m.kind]));
    let cursor: { runModelId: string; seriesId: string } | undefined;
    for (;;) {
      const rows = await this.db.for(actor).forecast.findMany({
        where: { runModelId: { in: [...models.keys()] } },
        include: { series: { select: { key: true, start: true } } },
        orderBy: [{ seriesId: 'asc' }, { runModelId: 'asc' }],
        take: EXPORT_BATCH,
        ...(cursor && { cursor: { runModelId_seriesId: cursor }, skip: 1 }),
      });
      if (rows.length === 0) return;
      cursor = { runModelId: rows.at(-1)!.runModelId, seriesId: rows.at(-1)!.seriesId };
      let chunk = '';
      for (const row of rows) {
        const kind = models.get(row.runModelId)!;
        const { key, start } = row.series;
        if (what === 'forecasts') {
          const yhat = decodeValues(row.yhat);
          const intervals = intervalsSchema.parse(row.intervals ?? {});
          const stamps = gridTimestamps(start, frequency, yhat.length, row.origin);
          yhat.forEach((v, k) => {
            const bounds = levels.flatMap((l) => [intervals[l]?.lo[k], intervals[l]?.hi[k]]);
            chunk += csvRow([key, kind, stamps[k]!.toISOString(), v, ...bounds]);
          });
        } else {
          const stamps = gridTimestamps(start, frequency, row.origin);
          const backtest = storedBacktestSchema.parse(row.backtest);
          backtest.cutoffs.forEach((cutoff, w) =>
            backtest.yhat[w]?.forEach((v, k) => {
              const t = cutoff + k;
              if (t < row.origin) chunk += csvRow([key, kind, w + 1, stamps[t]!.toISOString(), backtest.actual[w]?.[k], v]);
            }),
          );
        }
      }
      yield chunk;
    }
  }

  private async runWithFrequency(actor: Actor, runId: string) {
    const run = await this.db.for(actor).run.findUnique({ where: { id: runId }, include: { models: true, dataset: true } });
    if (!run) throw new NotFoundException(`No run ${runId}.`);
    return { run, frequency: datasetProfileSchema.parse(run.dataset.profile).frequency };
  }
}
