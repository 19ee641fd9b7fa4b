import { describe, expect, it } from 'vitest';
import { drawnForPresentation, presentationOption } from './presentation';
import { runForecastOption } from './run-options';

const history = { id: 's', timestamps: ['2020-01-01T00:00:00Z', '2020-02-01T00:00:00Z', '2020-03-01T00:00:00Z'], values: [1, 2, 3] };
const forecast = {
  seriesId: 's',
  kind: 'seasonal_naive' as const,
  timestamps: ['2020-04-01T00:00:00Z', '2020-05-01T00:00:00Z'],
  yhat: [3, 4],
  intervals: { '80': { lo: [2, 3], hi: [4, 5] } },
};

describe('presentationOption', () => {
  const screen = runForecastOption({ history, forecasts: [forecast], levels: [80] });
  const png = presentationOption(screen, { text: 'Forecast of s', subtext: 'shop · run 12345678 · Seasonal naive' }, { startValue: 1, endValue: 2 });

  it('titles the chart with what it shows and where it comes from', () => {
    expect(png.title).toMatchObject({ text: 'Forecast of s', subtext: 'shop · run 12345678 · Seasonal naive' });
  });

  it('drops the zoom slider but keeps the window the user zoomed to', () => {
    const zooms = png.dataZoom as { type: string; startValue?: unknown; endValue?: unknown }[];
    expect(zooms.some((z) => z.type === 'slider')).toBe(false);
    expect(zooms).toEqual([expect.objectContaining({ type: 'inside', startValue: 1, endValue: 2 })]);
    expect((screen.dataZoom as { type: string }[]).some((z) => z.type === 'slider')).toBe(true);
  });

  it('shows the whole legend on as many rows as it needs, below the title', () => {
    const legends = png.legend as { type: string; top: number }[];
    expect(legends.every((l) => l.type === 'plain')).toBe(true);
    const grid = (png.grid as { top: number }[])[0];
    expect(grid.top).toBeGreaterThan(legends[0].top);
  });
});

describe('drawnForPresentation', () => {
  it('reads the title, the legend entries and the sliders from a chart option', () => {
    const screen = runForecastOption({ history, forecasts: [forecast], levels: [80] });
    expect(drawnForPresentation(screen as Record<string, unknown>)).toMatchObject({ title: null, legend: ['History', 'Seasonal naive'], sliders: 1 });
    const png = presentationOption(screen, { text: 'Forecast of s', subtext: 'shop' });
    expect(drawnForPresentation(png as Record<string, unknown>)).toEqual({
      title: 'Forecast of s',
      subtitle: 'shop',
      legendTypes: ['plain'],
      legend: ['History', 'Seasonal naive'],
      sliders: 0,
    });
  });

  it('lists every series when a legend names no entries', () => {
    const option = { legend: [{ type: 'scroll' }], series: [{ name: 'A' }, { name: 'B' }] };
    expect(drawnForPresentation(option)).toMatchObject({ legendTypes: ['scroll'], legend: ['A', 'B'] });
  });
});
