import { csvRow, type ModelForecast } from '@foretell/contracts';

/** The interval levels of a forecast, narrowest first (every series has the same ones). */
export function forecastLevels(forecast: ModelForecast): string[] {
  const levels = new Set(forecast.series.flatMap((s) => Object.keys(s.intervals)));
  return [...levels].sort((a, b) => Number(a) - Number(b));
}

/**
 * A saved model's forecast as CSV, in the columns of a run's forecasts export (less the model, named in the file
 * name): one line per series and step, sorted by series then time, every figure as the API gave it, text cells
 * defused against spreadsheet formulas (the contracts' one CSV writer).
 */
export function modelForecastCsv(forecast: ModelForecast): string {
  const levels = forecastLevels(forecast);
  let csv = csvRow(['series_id', 'timestamp', 'yhat', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`])]);
  const series = [...forecast.series].sort((a, b) => (a.seriesId < b.seriesId ? -1 : a.seriesId > b.seriesId ? 1 : 0));
  for (const s of series) {
    const order = s.timestamps.map((t, k) => ({ t: Date.parse(t), k })).sort((a, b) => a.t - b.t);
    for (const { k } of order) {
      const bounds = levels.flatMap((l) => [s.intervals[l]?.lo[k], s.intervals[l]?.hi[k]]);
      csv += csvRow([s.seriesId, s.timestamps[k], s.yhat[k], ...bounds]);
    }
  }
  return csv;
}
