import type { EChartsOption } from 'echarts';
import type { SeriesPoints } from '@foretell/contracts';

/** Above this many points the chart drops animation, symbols and hover emphasis, which cost per point. */
const LARGE = 5_000;

/** Epoch-ms and value pairs in typed storage-friendly form; `null` keeps a gap as a break in the line. */
export function historyPoints(series: SeriesPoints): [number, number | null][] {
  const out: [number, number | null][] = new Array(series.timestamps.length);
  for (let i = 0; i < out.length; i++) out[i] = [Date.parse(series.timestamps[i]), series.values[i] ?? null];
  return out;
}

/**
 * One series, zoomable, smooth at 100,000 points: LTTB sampling draws about one point per pixel column (keeping peaks
 * and troughs), the zoom filters to the window so sampling re-runs on what is visible, and the zoom events are
 * throttled. Timestamps are wall-clock times stored as UTC (lib/format.ts), so the axis is in UTC.
 */
export function seriesHistoryOption(series: SeriesPoints): EChartsOption {
  const data = historyPoints(series);
  const large = data.length > LARGE;
  return {
    color: ['#2457d6'],
    useUTC: true,
    animation: !large,
    grid: { left: 56, right: 24, top: 16, bottom: 72 },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', scale: true },
    dataZoom: [
      { type: 'inside', filterMode: 'filter', throttle: 50 },
      { type: 'slider', filterMode: 'filter', throttle: 50, bottom: 16 },
    ],
    series: [
      {
        type: 'line',
        name: series.id,
        data,
        sampling: 'lttb',
        showSymbol: data.length <= 60,
        symbolSize: 4,
        connectNulls: false,
        lineStyle: { width: 1.25 },
        emphasis: { disabled: large },
      },
    ],
  };
}
