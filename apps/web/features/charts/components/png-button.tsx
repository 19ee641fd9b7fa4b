'use client';

import { getInstanceByDom, init } from 'echarts/core';
import { useState, type MouseEvent } from 'react';
import { fitPlotToLegend, gridTop, legendOverlap } from '../legend-fit';
import { drawnForPresentation, presentationOption, type ZoomWindow } from '../presentation';
import { optionOf } from './echart';

/** A file name from what the chart shows: "forecast-Passengers.png". */
export function pngFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'chart'}.png`;
}

/** A slide-sized picture, drawn at twice that for sharp print. */
const WIDTH = 1400;
const HEIGHT = 800;

interface PngButtonProps {
  /** The chart's `data-chart`. */
  chart: string;
  /** What the chart shows: the PNG's title and file name. */
  title: string;
  /** Whose it is (dataset, series, run, models), under the title. */
  subtitle?: string;
}

/**
 * Saves the chart named `chart` as a PNG made to be presented: titled, with its complete legend and without the
 * zoom slider (presentation.ts), drawn off screen at slide size on white, at the zoom the user chose.
 */
export function PngButton({ chart, title, subtitle }: PngButtonProps) {
  const [failed, setFailed] = useState(false);
  function save(event: MouseEvent<HTMLButtonElement>) {
    const button = event.currentTarget;
    const element = document.querySelector<HTMLElement>(`[data-chart="${chart}"]`);
    const instance = element ? getInstanceByDom(element) : undefined;
    const option = element ? optionOf(element) : undefined;
    setFailed(!instance || !option);
    if (!instance || !option) return;
    const zoom = ((instance.getOption().dataZoom ?? []) as ZoomWindow[])[0];
    const host = document.createElement('div');
    host.style.cssText = `position:fixed;left:-${WIDTH * 2}px;top:0;width:${WIDTH}px;height:${HEIGHT}px`;
    document.body.append(host);
    const copy = init(host, undefined, { renderer: 'canvas', width: WIDTH, height: HEIGHT });
    try {
      const picture = presentationOption(option, { text: title, subtext: subtitle }, zoom && { startValue: zoom.startValue, endValue: zoom.endValue });
      copy.setOption(picture);
      // A legend of many models takes more rows than the picture left for it: the plot moves down (laid out at once).
      const top = gridTop(picture);
      for (let tries = 0; top !== null && tries < 3 && fitPlotToLegend(copy, top); tries++);
      // What the picture holds (title, legend, zoom slider, legend room), for tests and anyone inspecting the page.
      button.dataset.drawn = JSON.stringify({ ...drawnForPresentation(copy.getOption()), legendOverlap: legendOverlap(copy) });
      const link = document.createElement('a');
      link.href = copy.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
      link.download = pngFileName(subtitle ? `${title} ${subtitle}` : title);
      link.click();
    } finally {
      copy.dispose();
      host.remove();
    }
  }
  return (
    <button type="button" className="btn btn-small" onClick={save} data-png={chart}>
      {failed ? 'Chart not ready' : 'Save PNG'}
      <span className="visually-hidden"> of {title}</span>
    </button>
  );
}
