'use client';

import { getInstanceByDom } from 'echarts/core';
import { useState } from 'react';

/** A file name from what the chart shows: "forecast-Passengers.png". */
export function pngFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'chart'}.png`;
}

/**
 * Saves the chart named `chart` (its `data-chart`) as a PNG, drawn by ECharts at twice the screen resolution on
 * white, so it reads well in slides and documents.
 */
export function PngButton({ chart, title }: { chart: string; title: string }) {
  const [failed, setFailed] = useState(false);
  function save() {
    const element = document.querySelector<HTMLElement>(`[data-chart="${chart}"]`);
    const instance = element ? getInstanceByDom(element) : undefined;
    setFailed(!instance);
    if (!instance) return;
    const link = document.createElement('a');
    link.href = instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    link.download = pngFileName(title);
    link.click();
  }
  return (
    <button type="button" className="btn btn-small" onClick={save} data-png={chart}>
      {failed ? 'Chart not ready' : 'Save PNG'}
      <span className="visually-hidden"> of {title}</span>
    </button>
  );
}
