'use client';

import { useEffect, useRef } from 'react';
import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { fitPlotToLegend, gridTop, legendOverlap } from '../legend-fit';

// Only what the dashboard draws, so the bundle carries a fraction of ECharts.
echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, TitleComponent, CanvasRenderer]);

/** The option each chart on the page was last given, so a PNG is drawn from it rather than from the screen. */
const options = new WeakMap<Element, EChartsOption>();

export function optionOf(element: Element): EChartsOption | undefined {
  return options.get(element);
}

interface EChartProps {
  option: EChartsOption;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  /** Names the chart for tests and styling: `data-chart` on the element. */
  name: string;
  height?: number;
}

export function EChart({ option, label, name, height = 380 }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // The plot's top as the option sets it, and whether the next render checks that the legend left the plot its room.
  const baseTop = useRef<number | null>(null);
  const fitting = useRef(true);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // Lets tests (and anyone inspecting the page) see that drawing finished, which series it drew in which colours,
    // and whether the legend left the plot its room (0 or less: it did).
    instance.on('finished', () => {
      const series = (instance.getOption().series as { name?: string }[] | undefined) ?? [];
      el.dataset.rendered = 'true';
      el.dataset.series = series.map((s) => s.name ?? '').join('|');
      el.dataset.colours = series.map((_, seriesIndex) => String(instance.getVisual({ seriesIndex }, 'color'))).join('|');
      el.dataset.legendOverlap = String(legendOverlap(instance) ?? 'unknown');
    });
    // A legend that wrapped onto more rows than the option left room for (a phone, many models) pushes the plot down
    // instead of covering its top; checked once the new option or size is laid out, before the animation shows it.
    instance.on('rendered', () => {
      if (fitting.current && baseTop.current !== null) fitting.current = fitPlotToLegend(instance, baseTop.current, { lazyUpdate: true });
    });
    const observer = new ResizeObserver(() => {
      fitting.current = true;
      instance.resize();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (element.current) options.set(element.current, option);
    baseTop.current = gridTop(option);
    fitting.current = true;
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);

  return <div ref={element} className="chart" role="img" aria-label={label} data-chart={name} style={{ height }} />;
}
