import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { fitPlotToLegend, gridTop, legendOverlap } from './legend-fit';
import { accuracyHistoryOption } from './tracking-options';
import type { RunPoint } from '../tracking/api/accuracy-history';

// ECharts lays charts out in Node too (server-side rendering), so the measure reads a real layout here.
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const KINDS = ['naive', 'seasonal_naive', 'theta', 'auto_ets', 'nlinear', 'transformer'];
const point = (at: string, scale: number): RunPoint => ({
  runId: at,
  at,
  trigger: 'manual',
  datasetVersion: 1,
  backtest: 'horizon 12, 2 windows 12 apart, season 12',
  mase: Object.fromEntries(KINDS.map((k, i) => [k, scale * (1 + i / 10)])),
  champion: 'naive',
  championMase: scale,
  championChanged: false,
  drifted: false,
  change: null,
  decision: null,
});
const option = accuracyHistoryOption(KINDS, [point('2024-01-01T00:00:00Z', 1), point('2024-02-01T00:00:00Z', 1.2)], (k) => k);

function chartAt(width: number) {
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height: 300 });
  chart.setOption({ ...option, animation: false });
  return chart;
}

describe('fitting the plot below its legend', () => {
  it('finds the legend of six models and two markers over the MASE axis name on a phone, and moves the plot below it', () => {
    const chart = chartAt(340);
    const overlap = legendOverlap(chart);
    expect(overlap).toBeGreaterThan(0);
    const top = gridTop(option) as number;
    expect(fitPlotToLegend(chart, top)).toBe(true);
    expect(legendOverlap(chart)).toBe(0);
    expect(gridTop(chart.getOption())).toBe(top + (overlap as number));
    // Settled: a second look moves nothing.
    expect(fitPlotToLegend(chart, top)).toBe(false);
    chart.dispose();
  });

  it('moves the plot back up, never above the option\'s own top, once the chart is wide enough for one row', () => {
    const top = gridTop(option) as number;
    const wide = chartAt(1400);
    const wanted = Math.max(top, top + (legendOverlap(wide) as number));
    wide.dispose();
    const chart = chartAt(340);
    fitPlotToLegend(chart, top);
    const onPhone = gridTop(chart.getOption()) as number;
    chart.resize({ width: 1400, height: 300 });
    fitPlotToLegend(chart, top);
    expect(gridTop(chart.getOption())).toBe(wanted);
    expect(wanted).toBeLessThan(onPhone);
    expect(legendOverlap(chart)).toBeLessThanOrEqual(0);
    chart.dispose();
  });

  it('leaves a chart without a legend alone', () => {
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 340, height: 300 });
    chart.setOption({ animation: false, grid: { top: 16 }, xAxis: { type: 'value' }, yAxis: { type: 'value' }, series: [{ type: 'line', data: [[0, 1], [1, 2]] }] });
    expect(legendOverlap(chart)).toBe(0);
    expect(fitPlotToLegend(chart, 16)).toBe(false);
    chart.dispose();
  });
});
