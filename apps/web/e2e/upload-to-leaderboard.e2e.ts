import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openBrowser, removeDatasetsNamed, REPO_ROOT, screenshot, WEB_URL } from './browser';
import { backtestSmape, naive, seasonalNaive, valuesOf } from './reference';

// The shared datasets sit beside the repository (../shared/datasets from its root).
const AIRLINE = path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv');
const MODELS = ['naive', 'seasonal_naive'];

test('upload the airline passengers, run naive and seasonal naive, see them ranked and forecast', { timeout: 300_000 }, async () => {
  const { page, close } = await openBrowser();
  const name = `airline-passengers e2e ${Date.now()}`;
  try {
    await page.goto(`${WEB_URL}/`);
    await page.waitForURL(/\/datasets$/);

    await page.getByLabel('CSV file').setInputFiles(AIRLINE);
    await page.getByLabel('Name (optional)').fill(name);
    await page.getByRole('button', { name: 'Upload' }).click();
    // Small files come back ready (201); a 202 shows "ingesting" first and turns ready when the worker is done.
    const ready = page.locator('[data-upload="ready"]');
    await ready.waitFor({ timeout: 60_000 });
    assert.match(await ready.innerText(), /1 series, 144 points, 1mo/);
    await page.locator(`tr[data-dataset="${name}"] [data-status="ready"]`).waitFor();

    await ready.getByRole('link', { name: 'Open dataset' }).click();
    await page.waitForURL(/\/datasets\/[^/]+$/);
    const profile = page.locator('[data-profile]');
    await profile.waitFor();
    const profileText = await profile.innerText();
    assert.match(profileText, /Series\s+1\b/i);
    assert.match(profileText, /Start\s+Jan 1, 1949/i, 'data timestamps are shown in UTC, not moved into the user zone');
    assert.match(profileText, /End\s+Dec 1, 1960/i);
    await page.locator('[data-chart="series"][data-rendered="true"]').waitFor();

    // Exactly the two baselines, whatever other kinds the platform offers.
    for (const box of await page.locator('input[name="models"]').all()) {
      await box.setChecked(MODELS.includes((await box.getAttribute('value')) ?? ''));
    }
    const horizon = Number(await page.getByLabel('Horizon (points ahead)').inputValue());
    const windows = Number(await page.getByLabel('Backtest windows').inputValue());
    assert.equal(horizon, 18, 'monthly data defaults to the M4 horizon');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);

    // Both models ranked means both finished with metrics.
    const leaderboard = page.locator('table[data-table="leaderboard"]');
    await leaderboard.waitFor();
    await page.waitForFunction(
      (kinds) => {
        const rows = [...document.querySelectorAll('table[data-table="leaderboard"] tbody tr')];
        return kinds.every((k) => rows.some((r) => r.getAttribute('data-kind') === k && r.getAttribute('data-rank')));
      },
      MODELS,
      { timeout: 180_000 },
    );
    const rows = await leaderboard.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        kind: tr.getAttribute('data-kind'),
        rank: Number(tr.getAttribute('data-rank')),
        smape: Number(tr.querySelectorAll('td')[2]?.textContent?.replace(/,/g, '')),
      })),
    );
    assert.deepEqual(rows.map((r) => r.rank), [1, 2], 'the table lists the ranked models best first');

    // The figures shown agree with sMAPE computed here from the raw file (season 12, step = horizon).
    const y = valuesOf(await readFile(AIRLINE, 'utf8'));
    const expected: Record<string, number> = {
      naive: backtestSmape(y, naive, horizon, windows, horizon),
      seasonal_naive: backtestSmape(y, seasonalNaive(12), horizon, windows, horizon),
    };
    for (const row of rows) {
      const want = expected[row.kind ?? ''];
      assert.ok(Math.abs(row.smape - want) < 0.01, `${row.kind} sMAPE shown ${row.smape}, computed ${want.toFixed(3)}`);
    }

    const chart = page.locator('[data-chart="forecast"][data-rendered="true"]');
    await chart.waitFor({ timeout: 60_000 });
    const series = ((await chart.getAttribute('data-series')) ?? '').split('|');
    for (const s of ['History', 'Naive', 'Seasonal naive']) assert.ok(series.includes(s), `forecast chart draws ${s} (has ${series})`);
    const inked = await chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    assert.ok(inked > 2_000, `the forecast canvas has ink (${inked} pixels)`);
  } finally {
    await screenshot(page, 'upload-to-leaderboard');
    await close();
    await removeDatasetsNamed(name);
  }
});

test('a malformed CSV shows its problems by row', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'foretell-e2e-csv-'));
  const name = `malformed e2e ${Date.now()}`;
  const file = path.join(dir, 'malformed.csv');
  // Row numbers count the header as row 1, so the bad value below is on row 7.
  const lines = ['date,value'];
  for (let day = 1; day <= 20; day++) lines.push(`2021-01-${String(day).padStart(2, '0')},${day === 6 ? 'twelve' : 10 + day}`);
  await writeFile(file, `${lines.join('\n')}\n`);

  const { page, close } = await openBrowser();
  try {
    await page.goto(`${WEB_URL}/datasets`);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByLabel('Name (optional)').fill(name);
    await page.getByRole('button', { name: 'Upload' }).click();
    const problems = page.locator('table[data-table="csv-problems"]');
    await problems.waitFor({ timeout: 60_000 });
    const rows = await problems.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const bad = rows.find(([row]) => row === '7');
    assert.ok(bad, `row 7 is named in the problems table (got ${JSON.stringify(rows)})`);
    assert.equal(bad[1], 'value');
    assert.match(bad[2], /twelve/);
  } finally {
    await screenshot(page, 'malformed-csv');
    await close();
    await removeDatasetsNamed(name);
    await rm(dir, { recursive: true, force: true });
  }
});
