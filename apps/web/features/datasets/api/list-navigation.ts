/** The option a key moves to in a list of `count` options (listbox keyboard rules); null for keys it ignores. */
export function moveActive(index: number, key: string, count: number, page = 10): number | null {
  if (count === 0) return null;
  const at = index < 0 ? -1 : index;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, at + 1);
    case 'ArrowUp':
      return Math.max(0, at - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return Math.min(count - 1, at + page);
    case 'PageUp':
      return Math.max(0, at - page);
    default:
      return null;
  }
}
