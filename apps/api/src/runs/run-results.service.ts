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
/** Series read per query while exporting (with their models' forecasts), so memory stays flat on runs of thousands of series. */
const EXPORT_BATCH = 200;

/** A run's results beyond the leaderboard: backtests beside the actuals, and CSV exports. */
@Injectable()
export class RunResultsService {
  constructor(private readonly db: WorkspaceDb) {}

  /** One series' backtests by each model of the run that completed (a cancelled or failed one's partial rows are not results). */
  async backtests(actor: Actor, runId: string, seriesKey: string): Promise<SeriesBacktest[]> {
    const { run, frequency } = await this.runWithFrequency(actor, runId);
    const series = await this.db.for(actor).series.findUnique({
      where: { datasetId_key: { datasetId: run.datasetId, key: seriesKey } },
      select: { id: true, start: true, length: true },
    });
    if (!series) throw new NotFoundException(`The run's dataset has no series "${seriesKey}".`);
    const timestamps = gridTimestamps(series.start, frequency, series.length).map((d) => d.toISOString());
    const rows = await this.db.for(actor).forecast.findMany({
      where: { seriesId: series.id, runModel: { runId, status: 'completed' } },
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
   * The forecasts (with interval bounds) or backtests (with actuals) of the run's completed models as CSV, sorted by
   * series key, then time, then model (best rank first), produced a batch of series at a time. Dates come from each
   * row's stored origin (the series as the model saw it), so rows appended later change nothing. Every figure is
   * written as the JSON reads give it (`csvCell`: read back, the same number). Text cells are defused against formula
   * injection.
   */
  async *exportCsv(actor: Actor, runId: string, what: ExportKind): AsyncGenerator<string> {
    const { run, frequency } = await this.runWithFrequency(actor, runId);
    const levels = run.levels.map(String);
    yield what === 'forecasts'
      ? csvRow(['series_id', 'model', 'timestamp', 'yhat', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`])])
      : csvRow(['series_id', 'model', 'window', 'timestamp', 'actual', 'yhat']);
    // Completed models only: a cancelled or failed model may hold the partial rows its shards saved.
    const ranked = run.models.filter((m) => m.status === 'completed').sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.position - b.position);
    const models = new Map(ranked.map((m, order) => [m.id, { kind: m.kind, order }]));
    let lastKey: string | undefined;
    for (;;) {
      const series = await this.db.for(actor).series.findMany({
        where: { datasetId: run.datasetId, ...(lastKey !== undefined && { key: { gt: lastKey } }) },
        select: { id: true, key: true, start: true },
        orderBy: { key: 'asc' },
        take: EXPORT_BATCH,
      });
      if (series.length === 0) return;
      lastKey = series.at(-1)!.key;
      const rows = await this.db.for(actor).forecast.findMany({
        where: { runModelId: { in: [...models.keys()] }, seriesId: { in: series.map((s) => s.id) } },
      });
      const bySeries = new Map<string, typeof rows>();
      for (const row of rows) {
        const list = bySeries.get(row.seriesId);
        if (list) list.push(row);
        else bySeries.set(row.seriesId, [row]);
      }
      let chunk = '';
      for (const { id, key, start } of series) {
        const lines: { at: number; window: number; order: number; cells: (string | number | null | undefined)[] }[] = [];
        for (const row of bySeries.get(id) ?? []) {
          const { kind, order } = models.get(row.runModelId)!;
          if (what === 'forecasts') {
            const yhat = decodeValues(row.yhat);
            const intervals = intervalsSchema.parse(row.intervals ?? {});
            const stamps = gridTimestamps(start, frequency, yhat.length, row.origin);
            yhat.forEach((v, k) => {
              const bounds = levels.flatMap((l) => [intervals[l]?.lo[k], intervals[l]?.hi[k]]);
              lines.push({ at: stamps[k]!.getTime(), window: 0, order, cells: [key, kind, stamps[k]!.toISOString(), v, ...bounds] });
            });
          } else {
            const stamps = gridTimestamps(start, frequency, row.origin);
            const backtest = storedBacktestSchema.parse(row.backtest);
            backtest.cutoffs.forEach((cutoff, w) =>
              backtest.yhat[w]?.forEach((v, k) => {
                const t = cutoff + k;
                if (t < row.origin) {
                  lines.push({ at: stamps[t]!.getTime(), window: w, order, cells: [key, kind, w + 1, stamps[t]!.toISOString(), backtest.actual[w]?.[k], v] });
                }
              }),
            );
          }
        }
        lines.sort((a, b) => a.at - b.at || a.window - b.window || a.order - b.order);
        for (const line of lines) chunk += csvRow(line.cells);
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
