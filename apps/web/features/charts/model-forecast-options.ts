import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { ModelForecast, SeriesPoints } from '@foretell/contracts';
import { historyPoints } from './history-options';
import { colourOf, fade, HISTORY_COLOUR } from './model-colours';

type Forecast = ModelForecast['series'][number];

/**
 * A series' history and a saved model's new forecast with its widest interval as a band (a transparent lower line
 * and the width stacked on it), zoomed to the recent past. Data timestamps are UTC wall clock, as elsewhere.
 */
export function modelForecastOption(history: SeriesPoints, forecast: Forecast, kind: string, label: string): EChartsOption {
  const colour = colourOf(kind);
  const past = historyPoints(history);
  const at = forecast.timestamps.map((t) => Date.parse(t));
  const level = Object.keys(forecast.intervals).sort((a, b) => Number(b) - Number(a))[0];
  const band = level ? forecast.intervals[level] : undefined;
  const visible = Math.max(48, forecast.yhat.length * 6);
  const start = past.length > visible ? past[past.length - visible][0] : undefined;
  const bandSeries: LineSeriesOption[] = band
    ? [
        { type: 'line', name: `${level}% interval`, stack: 'band', data: at.map((t, i) => [t, band.lo[i]]), lineStyle: { opacity: 0 }, showSymbol: false, tooltip: { show: false } },
        {
          type: 'line',
          name: `${level}% interval `,
          stack: 'band',
          data: at.map((t, i) => [t, band.hi[i] - band.lo[i]]),
          lineStyle: { opacity: 0 },
          areaStyle: { color: fade(colour, 0.18) },
          showSymbol: false,
          tooltip: { show: false },
        },
      ]
    : [];
  return {
    color: [HISTORY_COLOUR, colour],
    useUTC: true,
    animation: past.length < 5_000,
    grid: { left: 56, right: 24, top: 40, bottom: 72 },
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 4, data: ['History', label] },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', scale: true },
    dataZoom: [
      { type: 'inside', filterMode: 'none', startValue: start },
      { type: 'slider', filterMode: 'none', bottom: 16, startValue: start },
    ],
    series: [
      { type: 'line', name: 'History', data: past, sampling: 'lttb', showSymbol: false, connectNulls: false, lineStyle: { width: 1.5 } },
      ...bandSeries,
      { type: 'line', name: label, data: at.map((t, i) => [t, forecast.yhat[i]]), showSymbol: false, lineStyle: { width: 2, type: 'dashed' } },
    ],
  };
}
