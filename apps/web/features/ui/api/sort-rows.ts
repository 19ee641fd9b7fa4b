export type SortValue = number | string | null | undefined;

/**
 * Rows ordered by one value: rows without a value (still training, not applicable) stay last in either direction,
 * ties keep their given order, so sorting is stable and a sort by an empty column changes nothing.
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, descending: boolean): T[] {
  const sign = descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: normalise(value(row)) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const cmp =
        typeof a.value === 'string' || typeof b.value === 'string'
          ? String(a.value).localeCompare(String(b.value), undefined, { numeric: true })
          : a.value - b.value;
      return cmp === 0 ? a.index - b.index : sign * cmp;
    })
    .map(({ row }) => row);
}

function normalise(value: SortValue): number | string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
