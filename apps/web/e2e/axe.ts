import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: AxeNode[];
}

const BLOCKING = new Set(['serious', 'critical']);

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact !== null && BLOCKING.has(v.impact));
}

/** The serious and critical violations on the page as a readable list (rule, what it asks, where), or null when none. */
export async function accessibilityReport(page: Page, where: string): Promise<string | null> {
  const violations = await accessibilityViolations(page);
  if (!violations.length) return null;
  const lines = violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`);
    return `${v.impact} ${v.id}: ${v.help}\n      ${nodes.join('\n      ')}`;
  });
  return `axe-core on ${where}:\n    ${lines.join('\n    ')}`;
}

/**
 * Fails with the list of serious and critical violations axe-core finds: labels, contrast, names of buttons and
 * regions, keyboard reach of scrolling areas. Call it once the page has its content.
 */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  const report = await accessibilityReport(page, where);
  assert.equal(report, null, report ?? '');
}
