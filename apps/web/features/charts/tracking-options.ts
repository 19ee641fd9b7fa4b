import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { RunPoint } from '../tracking/api/accuracy-history';
import { colourOf } from './model-colours';


/** Markers only: a line series with its line hidden (the dashboard registers line charts, not scatter). */
function markers(name: string, data: [number, number][], symbol: string, color: string): LineSeriesOption {
  return {
    type: 'line',
    name,
    data,
    symbol,
    symbolSize: 14,
    showSymbol: true,
    lineStyle: { opacity: 0 },
    itemStyle: { color },
    z: 5,
  };
}

/**
 * Backtest MASE of each model kind per completed run over time, with the runs whose champion changed and those
 * flagged as drifted marked on the champion's MASE. Run times are moments, so the axis is in the user's zone.
 */
export function accuracyHistoryOption(kinds: string[], points: RunPoint[], label: (kind: string) => string): EChartsOption {
  const time = (p: RunPoint) => Date.parse(p.at);
  const flagged = (test: (p: RunPoint) => boolean) =>
    points.filter((p) => test(p) && p.championMase !== null).map((p) => [time(p), p.championMase as number] as [number, number]);
  return {
    useUTC: false,
    animation: points.length < 500,
    grid: { left: 56, right: 24, top: 40, bottom: 40 },
    tooltip: { trigger: 'item', confine: true },
    // Wraps rather than pages on a phone: the markers' names say what a diamond and a triangle mean.
    legend: { top: 4, type: 'plain' },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', scale: true, name: 'MASE', nameLocation: 'end' },
    series: [
      ...kinds.map<LineSeriesOption>((kind) => ({
        type: 'line',
        name: label(kind),
        color: colourOf(kind),
        data: points.filter((p) => p.mase[kind] != null).map((p) => [time(p), p.mase[kind] as number]),
        showSymbol: true,
        symbolSize: 6,
        connectNulls: true,
      })),
      markers('Champion changed', flagged((p) => p.championChanged), 'diamond', '#1f2933'),
      markers('Drift', flagged((p) => p.drifted), 'triangle', '#b42318'),
    ],
  };
}
