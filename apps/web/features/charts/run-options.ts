import type { EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { LeaderboardEntry, MetricName, RunModelKind, SeriesBacktest, SeriesForecast, SeriesPoints } from '@foretell/contracts';
import { formatMetric } from '../../lib/format';
import { modelLabel } from '../runs/api/model-label';
import { colourOf, fade, HISTORY_COLOUR } from './model-colours';
import { base, line, toPoints, zoomStart, type Point } from './series-options';

export const METRIC_LABELS: Record<MetricName, string> = { smape: 'sMAPE', mase: 'MASE', mae: 'MAE', rmse: 'RMSE' };

export function bandName(kind: SeriesForecast['kind'], level: number): string {
  return `${modelLabel(kind)} ${level}%`;
}

export function backtestName(kind: SeriesForecast['kind']): string {
  return `${modelLabel(kind)} backtest`;
}

/** The windows of one model's backtest as one line, broken between windows (they may overlap in time). */
export function backtestPoints(backtest: SeriesBacktest): Point[] {
  const points: Point[] = [];
  for (const window of backtest.windows) {
    if (points.length) points.push([Date.parse(window.timestamps[0] ?? ''), null]);
    points.push(...toPoints(window.timestamps, window.yhat));
  }
  return points;
}

interface TooltipParam {
  seriesId?: string;
  seriesName?: string;
  dataIndex: number;
  marker?: string;
  value: unknown;
  axisValueLabel?: string;
}

export interface ForecastChartInput {
  history: SeriesPoints;
  forecasts: SeriesForecast[];
  /** Interval levels to draw as bands (the run's); a level a forecast lacks is skipped. */
  levels: number[];
  /** Shown as dotted lines over the history when given. */
  backtests?: SeriesBacktest[];
}

/**
 * History, each model's forecast with its prediction intervals as shaded bands (wider levels lighter), and
 * optionally what each model forecast in the backtest windows. A band is two stacked series under one name (its
 * lower bound, invisible, then the width from lower to upper); the tooltip shows the bounds themselves. The legend
 * names the lines only (history, each model, its backtest), in one plain block that wraps: the bands are switched by
 * the interval checkboxes beside the chart and drawn in their model's colour.
 */
export function runForecastOption({ history, forecasts, levels, backtests = [] }: ForecastChartInput): EChartsOption {
  const past = toPoints(history.timestamps, history.values);
  const horizon = Math.max(0, ...forecasts.map((f) => f.timestamps.length));
  const backtestStart = Math.min(...backtests.flatMap((b) => b.windows.map((w) => Date.parse(w.timestamps[0] ?? ''))).filter(Number.isFinite));
  const recent = zoomStart(past, Math.max(48, horizon * 6));
  const start = recent === undefined ? undefined : Math.min(recent, backtestStart);
  const bounds = new Map<string, { lo: number[]; hi: number[] }>();
  const widestFirst = [...levels].sort((a, b) => b - a);

  const series: LineSeriesOption[] = [line('History', past, { color: HISTORY_COLOUR })];
  forecasts.forEach((f) => {
    const colour = colourOf(f.kind);
    widestFirst.forEach((level, j) => {
      const interval = f.intervals[String(level)];
      if (!interval) return;
      const name = bandName(f.kind, level);
      const stack = `band:${f.kind}:${level}`;
      bounds.set(stack, interval);
      const quiet = { showSymbol: false, lineStyle: { opacity: 0 }, emphasis: { disabled: true }, stack, z: 1 } as const;
      series.push(
        line(name, toPoints(f.timestamps, interval.lo), { ...quiet, id: `base:${stack}`, color: colour }),
        line(
          name,
          f.timestamps.map((t, k) => [Date.parse(t), interval.hi[k] - interval.lo[k]]),
          { ...quiet, id: stack, color: colour, areaStyle: { color: fade(colour, 0.12 + 0.1 * j) } },
        ),
      );
    });
    series.push(line(modelLabel(f.kind), toPoints(f.timestamps, f.yhat), { showSymbol: false, color: colour, z: 3, lineStyle: { width: 2, type: 'dashed' } }));
  });
  for (const b of backtests) {
    series.push(
      line(backtestName(b.kind), backtestPoints(b), {
        showSymbol: false,
        color: colourOf(b.kind),
        z: 2,
        lineStyle: { width: 1.5, type: 'dotted' },
      }),
    );
  }

  const value = (p: TooltipParam) => formatMetric((p.value as Point)[1]);
  const legendNames = ['History', ...forecasts.map((f) => modelLabel(f.kind)), ...backtests.map((b) => backtestName(b.kind))];
  return {
    ...base(past.length, true),
    legend: { top: 4, type: 'plain', data: legendNames },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (raw) => {
        const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
        const lines = params
          .filter((p) => !p.seriesId?.startsWith('base:') && (p.value as Point)[1] !== null)
          .map((p) => {
            const band = p.seriesId ? bounds.get(p.seriesId) : undefined;
            const shown = band ? `${formatMetric(band.lo[p.dataIndex])} – ${formatMetric(band.hi[p.dataIndex])}` : value(p);
            return `${p.marker ?? ''}${p.seriesName ?? ''}: <b>${shown}</b>`;
          });
        return [params[0]?.axisValueLabel ?? '', ...lines].join('<br/>');
      },
    },
    dataZoom: [
      { type: 'inside', filterMode: 'filter', startValue: start },
      { type: 'slider', filterMode: 'filter', bottom: 16, startValue: start },
    ],
    series,
  };
}

function metricAxis(metric: MetricName) {
  return { type: 'value' as const, scale: true, name: METRIC_LABELS[metric], nameTextStyle: { align: 'left' as const } };
}

/** Error at each step ahead, one line per model that has it: how fast accuracy decays with the lead time. */
export function perStepOption(entries: LeaderboardEntry[], metric: MetricName): EChartsOption {
  const withSteps = entries.filter((e) => e.perStep?.[metric]?.length);
  const steps = Math.max(0, ...withSteps.map((e) => e.perStep?.[metric]?.length ?? 0));
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 64, bottom: 48 },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => formatMetric(v as number) },
    // Wraps onto a second row on a phone rather than paging: every model stays named.
    legend: { top: 4, type: 'plain' },
    xAxis: { type: 'category', name: 'Steps ahead', nameLocation: 'middle', nameGap: 28, data: Array.from({ length: steps }, (_, i) => String(i + 1)) },
    yAxis: metricAxis(metric),
    series: withSteps.map(
      (e): LineSeriesOption => ({
        type: 'line',
        name: modelLabel(e.kind),
        color: colourOf(e.kind),
        data: e.perStep?.[metric] ?? [],
        showSymbol: steps <= 48,
        symbolSize: 5,
        connectNulls: false,
      }),
    ),
  };
}

export interface CostPoint {
  x: number;
  y: number;
}

/**
 * The models no other beats on both counts (as fast and as accurate, one of them strictly): indices into `points`,
 * fastest first. Lower is better on both axes.
 */
export function paretoFront(points: readonly CostPoint[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a].x - points[b].x || points[a].y - points[b].y);
  const front: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const i of order) {
    if (points[i].y < best) {
      front.push(i);
      best = points[i].y;
    }
  }
  return front;
}

export const FRONT_NAME = 'Worth its cost';

/**
 * Accuracy against training time, one point per model, with the Pareto front drawn through the models worth their
 * cost: a model off the front is beaten by one that is both faster and more accurate. Time is on a log scale, as
 * models differ by orders of magnitude.
 */
export function costOption(entries: LeaderboardEntry[], metric: MetricName): EChartsOption {
  const models = entries
    .map((e) => ({ e, x: e.fitSeconds, y: e.metrics?.[metric] }))
    .filter((m): m is { e: LeaderboardEntry; x: number; y: number } => m.x !== null && m.x > 0 && typeof m.y === 'number' && Number.isFinite(m.y));
  const front = paretoFront(models).map((i) => [models[i].x, models[i].y]);
  return {
    animation: false,
    // Room on the right for the label of the slowest model.
    grid: { left: 56, right: 110, top: 64, bottom: 48 },
    tooltip: { trigger: 'item', confine: true },
    legend: { top: 4, type: 'plain' },
    xAxis: { type: 'log', name: 'Train seconds (log)', nameLocation: 'middle', nameGap: 28 },
    yAxis: metricAxis(metric),
    series: [
      {
        type: 'line',
        name: FRONT_NAME,
        data: front,
        showSymbol: false,
        silent: true,
        color: '#9aa5b1',
        lineStyle: { type: 'dashed', width: 1.5 },
        z: 1,
      } satisfies LineSeriesOption,
      ...models.map(
        ({ e, x, y }): ScatterSeriesOption => ({
          type: 'scatter',
          name: modelLabel(e.kind),
          color: colourOf(e.kind),
          data: [[x, y]],
          symbolSize: 14,
          z: 2,
          label: { show: true, position: 'right', formatter: modelLabel(e.kind) },
          tooltip: {
            formatter: () =>
              `${modelLabel(e.kind)}<br/>${METRIC_LABELS[metric]} <b>${formatMetric(y)}</b><br/>train <b>${formatMetric(x)} s</b>`,
          },
        }),
      ),
    ],
  };
}

export interface LossCurve {
  kind: RunModelKind;
  name: string;
  curve: { epoch: number; loss: number; valLoss: number | null }[];
}

/** Training (solid) and validation (dashed) loss per epoch, for each neural model. */
export function lossOption(curves: LossCurve[]): EChartsOption {
  const series: LineSeriesOption[] = [];
  curves.forEach(({ kind, name, curve }) => {
    const colour = colourOf(kind);
    series.push({ type: 'line', name, color: colour, showSymbol: curve.length <= 30, data: curve.map((p) => [p.epoch, p.loss]) });
    if (curve.some((p) => p.valLoss !== null)) {
      series.push({
        type: 'line',
        name: `${name} validation`,
        color: colour,
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: curve.map((p) => [p.epoch, p.valLoss]),
      });
    }
  });
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 48, bottom: 48 },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => formatMetric(v as number) },
    legend: { top: 4, type: 'scroll' },
    xAxis: { type: 'value', name: 'Epoch', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'value', scale: true, name: 'Loss' },
    series,
  };
}
