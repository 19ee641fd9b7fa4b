import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { apiFetch, openBrowser, removeDatasetsNamed, REPO_ROOT, screenshot, uploadThroughApi, WEB_URL } from './browser';

const AIRLINE = path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv');
/** Trains for minutes: the run is still going when it is cancelled. */
const LONG_LSTM = { kind: 'lstm', params: { epochs: 2000, patience: 0, validation: 0 } };

test('a run cancelled elsewhere (another tab, the CLI) shows as cancelled on its open page, from the event stream', { timeout: 240_000 }, async () => {
  // Opened first: on a fresh stack it signs up the account the API calls below use.
  const { page, close } = await openBrowser();
  const name = `cancelled elsewhere e2e ${Date.now()}`;
  try {
    const datasetId = await uploadThroughApi(name, AIRLINE);
    const created = await apiFetch('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId, horizon: 12, models: [LONG_LSTM], backtest: { windows: 2 } }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { id: runId } = (await created.json()) as { id: string };
    await page.goto(`${WEB_URL}/runs/${runId}`);
    await page.locator('[data-training="lstm"] [data-fit="backtest"]').waitFor({ timeout: 120_000 });
    await page.getByText('Live', { exact: true }).waitFor();
    const cancelled = await apiFetch(`/api/runs/${runId}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 200, await cancelled.clone().text());
    // The stream is live, so the page does not poll: only an event can bring the news.
    await page.locator('h1 [data-status="cancelled"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('button', { name: 'Cancel run' }).count(), 0);
    // Its final job ends it a moment later: the finish time shows without a reload (the stream has ended by then).
    await page.locator('.stat:has(dt:text-is("Finished")) time').waitFor({ timeout: 30_000 });
  } finally {
    await screenshot(page, 'run-cancelled-elsewhere');
    await close();
    await removeDatasetsNamed(name);
  }
});

test('the schedules page hydrates without a mismatch in a time zone other than the server\'s', { timeout: 60_000 }, async () => {
  const { page, close } = await openBrowser();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  try {
    await page.goto(`${WEB_URL}/schedules`);
    // The browser's zone (browser.ts sets America/New_York), rendered once the page runs in it.
    await page.getByText('Times are in your time zone (America/New_York).').waitFor();
    assert.deepEqual(errors.filter((e) => /418|hydrat/i.test(e)), []);
  } finally {
    await close();
  }
});
