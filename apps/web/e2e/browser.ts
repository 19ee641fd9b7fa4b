import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The repository root: this file is apps/web/e2e/browser.ts. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const WEB_URL = (process.env.WEB_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A fresh Chromium profile per test, so no cookie or cache of an earlier run leaks in. The time zone is west of
 * Greenwich on purpose: it shows whether data timestamps are kept in UTC (1949-01 must not turn into Dec 1948).
 */
export async function openBrowser(): Promise<Session> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'foretell-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Failed requests are reported below with their URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return {
    context,
    page,
    async close() {
      if (errors.length) console.log(`  browser errors and failed requests:\n    ${errors.join('\n    ')}`);
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Deletes what a test uploaded (through the dashboard's proxy), so repeated runs do not pile up datasets. */
export async function removeDatasetsNamed(name: string): Promise<void> {
  const response = await fetch(`${WEB_URL}/api/datasets`).catch(() => null);
  if (!response?.ok) return;
  const datasets = (await response.json()) as { id: string; name: string }[];
  for (const d of datasets.filter((d) => d.name === name)) {
    await fetch(`${WEB_URL}/api/datasets/${d.id}`, { method: 'DELETE' }).catch(() => undefined);
  }
}
