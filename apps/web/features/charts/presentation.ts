import type { DataZoomComponentOption, EChartsOption, LegendComponentOption } from 'echarts';

export interface ChartTitle {
  /** What the chart shows, e.g. "Forecast of Passengers". */
  text: string;
  /** Where it comes from, e.g. "airline · run 1a2b3c4d · Seasonal naive vs Theta". */
  subtext?: string;
}

/** The part of the time axis on screen when the PNG is saved, kept in the picture. */
export interface ZoomWindow {
  startValue?: number | string | Date;
  endValue?: number | string | Date;
}

const TITLE_HEIGHT = 64;

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * A chart made to be presented (a slide, a report): a title saying what and whose it is, the legend complete on as
 * many rows as it needs (never a paginated one), and no zoom slider — the window the user zoomed to is kept.
 */
export function presentationOption(option: EChartsOption, title: ChartTitle, zoom?: ZoomWindow): EChartsOption {
  const legends = asArray(option.legend as LegendComponentOption | LegendComponentOption[] | undefined);
  const hasLegend = legends.length > 0;
  const zooms = asArray(option.dataZoom as DataZoomComponentOption | DataZoomComponentOption[] | undefined);
  const grids = asArray(option.grid as Record<string, unknown> | Record<string, unknown>[] | undefined);
  return {
    ...option,
    animation: false,
    title: {
      text: title.text,
      subtext: title.subtext,
      left: 16,
      top: 8,
      textStyle: { fontSize: 18, fontWeight: 'bold', color: '#111827' },
      subtextStyle: { fontSize: 13, color: '#374151' },
    },
    legend: hasLegend ? legends.map((l) => ({ ...l, type: 'plain', top: TITLE_HEIGHT, left: 16, right: 16 })) : undefined,
    // Only the zoom done by wheel or touch (invisible) stays, at the window the user chose.
    dataZoom: zooms.filter((z) => z.type === 'inside').map((z) => ({ ...z, ...zoom, disabled: true })),
    grid: (grids.length ? grids : [{}]).map((g) => ({ ...g, top: TITLE_HEIGHT + (hasLegend ? 56 : 16), bottom: 40 })),
  };
}

/** What a drawn chart shows a reader: its title, the names in its legend, and how many zoom sliders it has. */
export interface DrawnChart {
  title: string | null;
  subtitle: string | null;
  legendTypes: string[];
  /** The entries of its legends (their `data`, or else every series' name, as ECharts lists them). */
  legend: string[];
  sliders: number;
}

/** Reads a `DrawnChart` from the option a chart holds (`chart.getOption()`: every component as an array). */
export function drawnForPresentation(option: Record<string, unknown>): DrawnChart {
  const title = asArray(option.title as { text?: string; subtext?: string }[] | undefined)[0];
  const legends = asArray(option.legend as { type?: string; data?: (string | { name?: string })[] }[] | undefined);
  const series = asArray(option.series as { name?: string }[] | undefined);
  const names = legends.flatMap((l) =>
    l.data ? l.data.map((d) => (typeof d === 'string' ? d : (d.name ?? ''))) : series.map((s) => s.name ?? ''),
  );
  const zooms = asArray(option.dataZoom as { type?: string }[] | undefined);
  return {
    title: title?.text ?? null,
    subtitle: title?.subtext ?? null,
    legendTypes: legends.map((l) => l.type ?? 'plain'),
    legend: names,
    sliders: zooms.filter((z) => z.type === 'slider').length,
  };
}
