import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiFetch, openBrowser, removeDatasetsNamed, REPO_ROOT, screenshot, uploadThroughApi, WEB_URL } from './browser';

const AIRLINE = path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv');
/** An LSTM that trains for minutes: long enough to be watched in its first backtest window. */
// One network (the default trains one per value scale), so the fit's label is just its phase.
const LONG_LSTM = { kind: 'lstm', params: { epochs: 2000, patience: 0, validation: 0, valueScale: 'linear' } };
const FIT = /backtest window 1 of 2 · epoch (\d+) of 2000 · loss/;

async function progressPercent(page: Page, selector: string): Promise<number> {
  return Number(await page.locator(selector).getAttribute('value'));
}

test('the run page names the fit being trained and weighs the run bar by expected cost', { timeout: 300_000 }, async () => {
  const name = `airline progress e2e ${Date.now()}`;
  const datasetId = await uploadThroughApi(name, AIRLINE);
  const created = await apiFetch('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ datasetId, horizon: 12, models: [{ kind: 'naive' }, LONG_LSTM], backtest: { windows: 2 } }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { id: runId } = (await created.json()) as { id: string };

  const { page, close } = await openBrowser();
  try {
    await page.goto(`${WEB_URL}/runs/${runId}`);
    // Live from the events stream: the training panel and the leaderboard say which fit trains and its epoch.
    const training = page.locator('[data-training="lstm"] [data-fit="backtest"]');
    await training.waitFor({ timeout: 120_000 });
    await page.waitForFunction((pattern) => new RegExp(pattern).test(document.querySelector('[data-training="lstm"]')?.textContent ?? ''), FIT.source, {
      timeout: 60_000,
    });
    assert.match(await page.locator('[data-live="lstm"]').innerText(), FIT);
    // The loss curve is named by its fit, so the next window's curve will read as a new one.
    const loss = page.locator('[data-chart="loss"][data-rendered="true"]');
    await loss.waitFor();
    assert.ok(((await loss.getAttribute('data-series')) ?? '').split('|').includes('LSTM · backtest window 1 of 2'));

    // Naive done, the LSTM some epochs into its 6,000 (three fits): a mean of the two would be past half; weighed by
    // expected cost, the run is where its LSTM is.
    await page.locator('tr[data-kind="naive"] [data-status="completed"]').waitFor({ timeout: 60_000 });
    const overall = await progressPercent(page, 'progress[aria-label^="Run progress"]');
    const lstm = await progressPercent(page, 'tr[data-kind="lstm"] progress');
    assert.ok(overall < 50 && overall <= lstm + 1, `the run bar says ${overall}% while its LSTM is at ${lstm}%`);
    await screenshot(page, 'run-live-progress-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'run-live-progress-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Opened anew mid-training, the page still names the fit (stored with the model, then live again).
    await page.reload();
    await page.locator('[data-training="lstm"] [data-fit="backtest"]').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('[data-training="lstm"]').innerText(), /backtest window 1 of 2/);
  } finally {
    await apiFetch(`/api/runs/${runId}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
    await close();
    await removeDatasetsNamed(name);
  }
});
