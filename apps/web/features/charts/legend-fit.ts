import type { ECharts } from 'echarts/core';

/** Room kept between a legend and the plot below it: the y axis name drawn above the plot, or just a gap. */
const NAME_ROOM = 30;
const GAP = 8;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface LaidOutRect extends Rect {
  clone(): LaidOutRect;
  applyTransform(matrix: number[]): void;
}
/**
 * Where ECharts laid out the legend and the plot is not in its public API; these internals say it (echarts is pinned
 * in package.json). Where one is missing the measure answers null: nothing moves, and the browser tests fail on it.
 */
interface Internals {
  getModel?(): { getComponent(type: string, index?: number): unknown } | undefined;
  getViewOfComponentModel?(model: unknown): { group?: { getBoundingRect(): LaidOutRect; getComputedTransform(): number[] | null } } | undefined;
}

/** The legend's box in chart pixels, or null when the chart has none (or no visible item). */
function legendBox(chart: Internals, model: { getComponent(type: string): unknown }): Rect | null | undefined {
  const legend = model.getComponent('legend');
  if (!legend) return null;
  const group = chart.getViewOfComponentModel?.(legend)?.group;
  if (!group) return undefined;
  const box = group.getBoundingRect().clone();
  const matrix = group.getComputedTransform();
  if (matrix) box.applyTransform(matrix);
  return box.height > 0 ? box : null;
}

function namedAtTop(chart: ECharts): boolean {
  const axes = (chart.getOption().yAxis ?? []) as { name?: string; nameLocation?: string }[];
  return axes.some((axis) => axis.name && (axis.nameLocation ?? 'end') === 'end');
}

/**
 * How far (px) a legend above the plot reaches into the room the plot needs above it (for its y axis name): positive
 * when they overlap, negative when there is room to spare, 0 for a chart without a legend above a plot; null when
 * ECharts' layout cannot be read. The plot's box is where it is laid out, not where an animation has it now.
 */
export function legendOverlap(chart: ECharts): number | null {
  const internals = chart as unknown as Internals;
  const model = internals.getModel?.();
  if (!model) return null;
  const legend = legendBox(internals, model);
  if (legend === undefined) return null;
  const plot = (model.getComponent('grid') as { coordinateSystem?: { getRect(): Rect } } | undefined)?.coordinateSystem?.getRect();
  if (!legend || !plot || legend.y >= plot.y) return 0;
  return Math.ceil(legend.y + legend.height + (namedAtTop(chart) ? NAME_ROOM : GAP) - plot.y);
}

/**
 * Moves the plot down just below the legend when the legend wrapped onto more rows than the option left room for (a
 * phone, many models), and back up to `baseTop` (the option's own) when there is room again. Whether it moved.
 */
export function fitPlotToLegend(chart: ECharts, baseTop: number, options: { lazyUpdate?: boolean } = {}): boolean {
  const overlap = legendOverlap(chart);
  if (!overlap) return false;
  const current = gridTop(chart.getOption());
  if (current === null) return false;
  const top = Math.max(baseTop, current + overlap);
  if (Math.abs(top - current) < 1) return false;
  chart.setOption({ grid: { top } }, options);
  return true;
}

/** The numeric top of an option's first grid (what `fitPlotToLegend` never goes above), or null. */
export function gridTop(option: object): number | null {
  const { grid } = option as { grid?: unknown };
  const first: unknown = Array.isArray(grid) ? grid[0] : grid;
  const top = (first as { top?: unknown } | undefined)?.top;
  return typeof top === 'number' ? top : null;
}
