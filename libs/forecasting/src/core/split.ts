/** Splits a series into the first `length − validation` points for training and the last `validation` for checking. */
export function trainValidationSplit(
  values: Float64Array,
  validation: number,
): { train: Float64Array; validation: Float64Array } {
  if (!Number.isInteger(validation) || validation < 0) {
    throw new RangeError(`validation length must be a non-negative integer, got ${validation}`);
  }
  if (validation >= values.length) {
    throw new RangeError(`a series of ${values.length} points cannot hold out ${validation} for validation`);
  }
  const cut = values.length - validation;
  return { train: values.subarray(0, cut), validation: values.subarray(cut) };
}
