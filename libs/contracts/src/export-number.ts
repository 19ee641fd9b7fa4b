/** Significant digits a model's figure keeps in an export: more than any forecast is accurate to, few enough to read. */
export const EXPORT_SIGNIFICANT_DIGITS = 6;

/**
 * A model's output (forecast, interval bound) as exports write it: six significant digits, but never fewer than its
 * integer part has (1234567.89 → 1234568, 432.12345678 → 432.123, 0.000123456789 → 0.000123457). Float noise such
 * as 417.00000000000006 becomes 417. Data the user uploaded (actuals) is written as given, not through this.
 */
export function exportNumber(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const integerDigits = Math.floor(Math.log10(Math.abs(value))) + 1;
  return Number(value.toPrecision(Math.min(21, Math.max(EXPORT_SIGNIFICANT_DIGITS, integerDigits))));
}
