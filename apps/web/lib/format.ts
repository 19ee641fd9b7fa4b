/**
 * Display helpers. Moments (created, started) are shown in the user's time zone. Data timestamps are wall-clock
 * times of the series, stored as UTC; converting them would move monthly points into the previous month west of
 * Greenwich, so they are shown in UTC.
 */
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dataDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dataDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : moment.format(date);
}

export function formatDataTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const midnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
  return (midnight ? dataDate : dataDateTime).format(date);
}

export function formatInteger(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : Math.round(n).toLocaleString();
}

/** Metrics span 0.01 (MASE) to millions (RMSE of big series): four significant digits reads well for all. */
export function formatMetric(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return n.toExponential(2);
  return n.toLocaleString(undefined, { maximumSignificantDigits: 4 });
}

/** Fit and predict seconds with two decimals; a positive time below that reads "< 0.01" (not "0.00", not 6.68e-5). */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  if (s > 0 && s < 0.005) return '< 0.01';
  return s < 10 ? s.toFixed(2) : s.toFixed(1);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Time that passed (a run's duration), as people say it: "48 s", "3 min 05 s", "2 h 14 min". Estimates say "about": cost-estimate.ts. */
export function formatElapsed(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  // "0 s" would read as no time at all.
  if (s === 0) return 'under 1 s';
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Significant digits a figure keeps on screen: more than any forecast is accurate to, few enough to read. */
const VALUE_SIGNIFICANT_DIGITS = 6;

/**
 * A value rounded for reading: six significant digits, but never fewer than its integer part has (1234567.89 →
 * 1234568, 432.12345678 → 432.123, 0.000123456789 → 0.000123457); float noise such as 417.00000000000006 becomes 417.
 * Only for the screen: exports and the API write every digit.
 */
export function readableNumber(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const integerDigits = Math.floor(Math.log10(Math.abs(value))) + 1;
  return Number(value.toPrecision(Math.min(21, Math.max(VALUE_SIGNIFICANT_DIGITS, integerDigits))));
}

/** A forecast or data value, rounded for reading (`readableNumber`) and grouped. */
export function formatValue(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return readableNumber(n).toLocaleString(undefined, { maximumFractionDigits: 12 });
}
