import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { QUEUES } from '@foretell/contracts';
// The test holds the stack's scoring job through its queue (the dashboard itself never reaches Redis).
import { Queue } from 'bullmq';
import { apiFetch, openBrowser, removeDatasetsNamed, REPO_ROOT, screenshot, WEB_URL } from './browser';

const name = `live accuracy e2e ${Date.now()}`;
after(() => removeDatasetsNamed(name));

// The airline months as two series: A, and B at twice its level; `scaleA` degrades A (a broken feed).
const [, ...lines] = readFileSync(path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv'), 'utf8').trim().split(/\r?\n/);
const wide = (from: number, to: number, scaleA = 1) =>
  ['Month,A,B', ...lines.slice(from, to).map((line) => {
    const [month, value] = line.split(',');
    return `${month},${Number(value) * scaleA},${Number(value) * 2}`;
  })].join('\n') + '\n';

async function api(pathname: string, init: RequestInit = {}, expected = 200): Promise<any> {
  const response = await apiFetch(pathname, init);
  assert.equal(response.status, expected, await response.clone().text());
  return response.status === 204 ? null : response.json();
}
const upload = (url: string, text: string, fields: Record<string, string> = {}) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([text], { type: 'text/csv' }), 'airline-two.csv');
  return api(url, { method: 'POST', body: form }, 201);
};
async function until<T>(check: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, 'timed out waiting');
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('live accuracy page: live against promised per model and series, the drift decision and its retraining run; the champion explained', { timeout: 300_000 }, async () => {
  // Set-up through the API: a scheduled run, honest actuals, then a degraded series.
  const dataset = await upload('/api/datasets', wide(0, 120), { name });
  const json = { 'content-type': 'application/json' };
  const schedule = await api('/api/schedules', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ datasetId: dataset.id, everySeconds: 3600, liveDriftMargin: 1, run: { horizon: 12, models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }], backtest: { windows: 2 } } }),
  }, 201);
  await api(`/api/schedules/${schedule.id}/run`, { method: 'POST' }, 202);
  const runsOf = async () => ((await api(`/api/runs?datasetId=${dataset.id}`)) as { id: string; status: string }[]);
  await until(async () => ((await runsOf()).some((r) => r.status === 'completed') ? true : undefined));

  // While the append's actuals are being scored (held here: the stack's scoring queue paused), the page says so and
  // shows no figures as final; once scoring ends it reads them again by itself.
  const scoringQueue = new Queue(QUEUES.liveAccuracy, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: process.env.QUEUE_PREFIX ?? 'foretell' });
  const browser = await openBrowser();
  try {
    await scoringQueue.pause();
    // The page is open before the rows arrive from elsewhere (the API here): it notices them by itself.
    await browser.page.goto(`${WEB_URL}/datasets/${dataset.id}/accuracy`);
    await browser.page.getByText('No forecast has been scored yet').waitFor();
    await upload(`/api/datasets/${dataset.id}/rows`, wide(120, 126));
    await browser.page.locator('[data-scoring]').waitFor({ timeout: 30_000 });
    assert.match(await browser.page.locator('[data-scoring]').innerText(), /Scoring the new rows…/);
    assert.equal(await browser.page.getByText('No forecast has been scored yet').count(), 0, 'no "nothing scored" while scoring');
    await scoringQueue.resume();
    await browser.page.locator('[data-scoring]').waitFor({ state: 'detached', timeout: 60_000 });
    const scored = browser.page.locator('table[data-table="live-models"] tr[data-model="seasonal_naive"] td.num');
    assert.deepEqual(await scored.allInnerTexts(), ['2', '12'], 'both series, six months each, once scoring has ended');
  } finally {
    await scoringQueue.resume();
    await scoringQueue.close();
    await browser.close();
  }
  await until(async () => ((await api(`/api/datasets/${dataset.id}/drift-checks`)).total === 1 ? true : undefined));
  await upload(`/api/datasets/${dataset.id}/rows`, wide(126, 132, 5));
  const checks = await until(async () => {
    const page = await api(`/api/datasets/${dataset.id}/drift-checks`);
    return page.total === 2 ? page : undefined;
  });
  const [drift] = checks.items;
  assert.equal(drift.drifted, true);
  // The retraining run crowns its best model (the champion's model was re-evaluated in it): the page then explains that.
  const retrain = await until(async () => {
    const run = await api(`/api/runs/${drift.retrainRunId}`);
    return run.status === 'completed' ? run : undefined;
  });

  const { page, close } = await openBrowser();
  try {
    await page.goto(`${WEB_URL}/datasets/${dataset.id}`);
    await page.getByRole('link', { name: 'Live accuracy' }).click();
    await page.getByRole('heading', { name: 'Live accuracy', level: 1 }).waitFor();
    const models = page.locator('table[data-table="live-models"] tbody tr');
    await models.first().waitFor();
    assert.equal(await models.count(), 2, 'the first run\'s two models; the retrained champion has no actuals yet');
    const seasonal = page.locator('table[data-table="live-models"] tr[data-model="seasonal_naive"]');
    assert.match(await seasonal.locator('th').innerText(), /Seasonal naive\s+Run of/);
    // Series, then points: both series, 12 scored months each.
    assert.deepEqual(await seasonal.locator('td.num').allInnerTexts(), ['2', '24']);
    assert.match(await seasonal.innerText(), /80%: .*vs/);

    // Per series, worst first: the degraded series A, worse live than promised.
    await seasonal.getByRole('button', { name: 'Per series' }).click();
    await page.getByRole('heading', { name: 'Per series: Seasonal naive' }).waitFor();
    const worst = page.locator('table[data-table="live-series"] tbody tr').first();
    await worst.waitFor();
    assert.equal(await worst.getAttribute('data-series'), 'A');
    assert.equal(await worst.locator('[data-worse]').count(), 2, 'MASE and sMAPE worse than the backtest');

    const decisions = page.locator('table[data-table="drift-checks"] tbody tr');
    await decisions.first().waitFor();
    assert.equal(await decisions.count(), 2);
    assert.equal(await decisions.first().getAttribute('data-drifted'), 'true');
    assert.match(await decisions.first().innerText(), /Drift[\s\S]*100% · 24 of at least 6[\s\S]*A \(/);
    assert.equal(await decisions.nth(1).getAttribute('data-drifted'), null);
    await screenshot(page, 'live-accuracy');
    await decisions.first().getByRole('link', { name: 'Retraining run' }).click();
    await page.waitForURL(new RegExp(`/runs/${retrain.id}`));

    // The models page says why the champion is what it is: the retraining run's decision, with its figures.
    await page.goto(`${WEB_URL}/models?datasetId=${dataset.id}`);
    const why = page.locator('section[data-champion-why]');
    await why.locator('[data-champion-decision]').first().waitFor();
    const text = await why.innerText();
    assert.equal(retrain.championDecision.decision, 'replaced');
    assert.match(text, new RegExp(`Why ${retrain.championDecision.candidate.kind === 'naive' ? 'Naive' : 'Seasonal naive'} is the champion`));
    assert.ok(text.includes(retrain.championDecision.reason), text);
    assert.match(text, /replaced the champion/);
    assert.match(text, /Replaced\s+Seasonal naive, backtest MASE [\d.]+ \(data version 1\)/);
    await screenshot(page, 'champion-why');
  } finally {
    await close();
  }
});
