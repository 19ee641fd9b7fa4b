import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { SeriesPoints } from '@foretell/contracts';

/** Above this many points, drawing switches to the settings that keep 100k-point series smooth. */
const LARGE = 5_000;

export type Point = [number, number | null];

export function toPoints(timestamps: string[], values: (number | null)[]): Point[] {
  const points: Point[] = new Array(timestamps.length);
  for (let i = 0; i < timestamps.length; i++) points[i] = [Date.parse(timestamps[i]), values[i] ?? null];
  return points;
}

export function line(name: string, data: Point[], extra: Partial<LineSeriesOption> = {}): LineSeriesOption {
  const large = data.length > LARGE;
  return {
    type: 'line',
    name,
    data,
    showSymbol: data.length <= 60,
    symbolSize: 4,
    // LTTB keeps the peaks and troughs when there are more points than pixels.
    sampling: 'lttb',
    // Draw big series in chunks so the page stays responsive while they render.
    progressive: large ? 20_000 : 0,
    progressiveThreshold: 50_000,
    // Gaps in the data stay visible as breaks in the line.
    connectNulls: false,
    lineStyle: { width: 1.5 },
    emphasis: { disabled: large },
    ...extra,
  };
}

/** History in grey, then distinct, colour-blind-friendlier hues for the models. */
const PALETTE = ['#2457d6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5c940d'];

export function base(points: number, legend: boolean): EChartsOption {
  return {
    color: PALETTE,
    // Series timestamps are wall-clock times stored as UTC; see lib/format.ts.
    useUTC: true,
    animation: points <= LARGE,
    grid: { left: 56, right: 24, top: legend ? 40 : 16, bottom: 72 },
    tooltip: { trigger: 'axis', confine: true },
    legend: legend ? { top: 4, type: 'scroll' } : undefined,
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', scale: true },
  };
}

/** Where the zoom window starts so the last `visible` points of `history` show first. */
export function zoomStart(history: Point[], visible: number): number | undefined {
  if (history.length <= visible) return undefined;
  return history[history.length - visible][0];
}

export function historyOption(series: SeriesPoints): EChartsOption {
  const data = toPoints(series.timestamps, series.values);
  return {
    ...base(data.length, false),
    dataZoom: [
      { type: 'inside', filterMode: 'filter' },
      { type: 'slider', filterMode: 'filter', bottom: 16 },
    ],
    series: [line(series.id, data)],
  };
}
