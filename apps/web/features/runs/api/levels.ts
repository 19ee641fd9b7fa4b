/**
 * Interval levels as typed ("80, 95"): whole percents, ascending. The run schema judges the rest as the API does: the
 * range, and a level given twice is refused, not quietly dropped.
 */
export function parseLevels(text: string): { ok: true; levels: number[] } | { ok: false; issue: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) return { ok: false, issue: 'Interval levels: give at least one, e.g. 80, 95.' };
  const levels = parts.map((p) => Number(p.replace(/%$/, '')));
  const bad = parts.find((_, i) => !Number.isInteger(levels[i]));
  if (bad !== undefined) return { ok: false, issue: `Interval levels: "${bad}" is not a whole percent.` };
  return { ok: true, levels: levels.sort((a, b) => a - b) };
}
