import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { chooseUpload, openBrowser, removeDatasetsNamed, REPO_ROOT, screenshot, uploadThroughApi, WEB_URL } from './browser';
import { backtestSmape, naive, seasonalNaive, valuesOf } from './reference';

// The shared datasets sit beside the repository (../shared/datasets from its root).
const AIRLINE = path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv');
const MODELS = ['naive', 'seasonal_naive'];

/** Clicks what starts a download and reads the file the browser saved. */
async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const saved = await file.path();
  const bytes = await readFile(saved);
  return { name: file.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

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
    for (const box of await page.locator('input[name="run-models"]').all()) {
      await box.setChecked(MODELS.includes((await box.getAttribute('value')) ?? ''));
    }
    const horizon = Number(await page.getByLabel('Horizon (points ahead)').inputValue());
    const windows = Number(await page.getByLabel('Backtest windows').inputValue());
    assert.equal(horizon, 18, 'monthly data defaults to the M4 horizon');
    // Fitted here before or not, there is an estimate (a kind never fitted here is priced by the calibrated table).
    assert.match(await page.locator('[data-cost-estimate]').innerText(), /Estimated fitting time: (under a second|about \d)/);

    // A level the run schema refuses is caught in the form, before anything is sent.
    const levels = page.getByLabel('Interval levels (%)');
    assert.equal(await levels.inputValue(), '80, 95');
    await levels.fill('80, 100');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.getByRole('alert').filter({ hasText: /levels/ }).waitFor();
    await screenshot(page, 'new-run-invalid-levels');
    assert.match(page.url(), /\/datasets\//, 'the invalid run was not started');
    await levels.fill('80, 95');
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
        smape: Number(tr.querySelector('[data-col="smape"]')?.textContent?.replace(/,/g, '')),
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

    // Sorting by a column: sMAPE worst first puts the rank-2 model on top, and says so to screen readers.
    await page.locator('[data-sort="smape"]').click();
    await page.locator('[data-sort="smape"]').click();
    assert.equal(await page.locator('th:has([data-sort="smape"])').getAttribute('aria-sort'), 'descending');
    const sortedKinds = await leaderboard.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
    assert.deepEqual(sortedKinds, [...rows].sort((a, b) => b.smape - a.smape).map((r) => r.kind));
    // Coverage of the 80% and 95% intervals is shown per model.
    assert.match(await leaderboard.locator('tbody tr [data-col="coverage"]').first().innerText(), /80%:\s*[\d.]+%[\s\S]*95%:\s*[\d.]+%/);

    // Error by step and accuracy against time draw a line / a point per model.
    for (const name of ['per-step', 'cost']) {
      const drawn = page.locator(`[data-chart="${name}"][data-rendered="true"]`);
      await drawn.waitFor();
      const names = ((await drawn.getAttribute('data-series')) ?? '').split('|');
      for (const s of ['Naive', 'Seasonal naive']) assert.ok(names.includes(s), `${name} chart draws ${s} (has ${names})`);
    }
    assert.match(await page.locator('[data-front]').innerText(), /Worth its cost/);

    const chart = page.locator('[data-chart="forecast"][data-rendered="true"]');
    await chart.waitFor({ timeout: 60_000 });
    // By default the recommended model against the seasonal naive (here the same model), not every model.
    const recommended = rows.find((r) => r.rank === 1)?.kind;
    assert.equal(recommended, 'seasonal_naive', 'the seasonal airline series is best forecast by the seasonal naive');
    const drawnFirst = ((await chart.getAttribute('data-series')) ?? '').split('|');
    assert.ok(drawnFirst.includes('Seasonal naive') && !drawnFirst.includes('Naive'), `the default draws the pick only (has ${drawnFirst})`);
    await page.locator('[data-model-picker]').getByRole('checkbox', { name: 'Naive', exact: true }).check();
    await page.waitForFunction(() => (document.querySelector('[data-chart="forecast"]')?.getAttribute('data-series') ?? '').split('|').includes('Naive'));
    const series = ((await chart.getAttribute('data-series')) ?? '').split('|');
    for (const s of ['History', 'Naive', 'Seasonal naive', 'Naive 80%', 'Naive 95%', 'Seasonal naive 95%']) {
      assert.ok(series.includes(s), `forecast chart draws ${s} (has ${series})`);
    }
    const inked = await chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    assert.ok(inked > 2_000, `the forecast canvas has ink (${inked} pixels)`);

    // Backtest overlays on demand.
    await page.getByRole('checkbox', { name: 'Backtests' }).check();
    await page.waitForFunction(() =>
      (document.querySelector('[data-chart="forecast"]')?.getAttribute('data-series') ?? '').split('|').includes('Naive backtest'),
    );
    await screenshot(page, 'run-detail');

    // Forecasts CSV: a header with the bounds of both levels and a line per model and step; naive repeats the last value.
    const forecastsCsv = await download(page, '[data-export="forecasts"]');
    const [header, ...lines] = forecastsCsv.text.trim().split(/\r?\n/);
    assert.equal(header, 'series_id,model,timestamp,yhat,lo_80,hi_80,lo_95,hi_95');
    assert.equal(lines.length, MODELS.length * horizon);
    const naiveRows = lines.filter((l) => l.split(',')[1] === 'naive');
    assert.equal(naiveRows.length, horizon);
    for (const row of naiveRows) assert.equal(Number(row.split(',')[3]), y[y.length - 1]);
    assert.match(forecastsCsv.name, /\.csv$/);

    // Backtests CSV: a line per model, window and step, with the actual from the file beside the forecast.
    const backtestsCsv = await download(page, '[data-export="backtests"]');
    const [btHeader, ...btLines] = backtestsCsv.text.trim().split(/\r?\n/);
    assert.equal(btHeader, 'series_id,model,window,timestamp,actual,yhat');
    assert.equal(btLines.length, MODELS.length * windows * horizon);
    const lastActual = btLines.map((l) => l.split(',')).find((cells) => cells[3].startsWith('1960-12-01'));
    assert.equal(Number(lastActual?.[4]), y[y.length - 1]);

    // The chart as a PNG file.
    const png = await download(page, '[data-png="forecast"]');
    assert.match(png.name, /\.png$/);
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.bytes.length > 10_000, `the PNG has content (${png.bytes.length} bytes)`);
  } finally {
    await screenshot(page, 'upload-to-leaderboard');
    await close();
    await removeDatasetsNamed(name);
  }
});

test('a neural model trains live with its loss curve, and a run can be cancelled', { timeout: 300_000 }, async () => {
  const name = `airline neural e2e ${Date.now()}`;
  const datasetId = await uploadThroughApi(name, AIRLINE);

  const { page, close } = await openBrowser();
  try {
    await page.goto(`${WEB_URL}/datasets/${datasetId}`);
    await page.locator('input[name="run-models"]').first().waitFor();
    for (const box of await page.locator('input[name="run-models"]').all()) {
      await box.setChecked((await box.getAttribute('value')) === 'nlinear');
    }
    // The knobs that matter are up front, with the schema's defaults or "auto" as placeholders.
    const epochs = page.locator('#run-param-nlinear-epochs');
    assert.equal(await epochs.getAttribute('placeholder'), 'auto');
    assert.equal(await page.locator('#run-param-nlinear-ensemble').getAttribute('placeholder'), '1');
    await epochs.fill('40');
    await screenshot(page, 'new-run-neural');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);

    // Live epochs or, once saved, the fit report: either way a loss curve and the epochs run.
    await page.locator('[data-training="nlinear"]').waitFor();
    await page.locator('tr[data-kind="nlinear"][data-rank="1"]').waitFor({ timeout: 240_000 });
    const loss = page.locator('[data-chart="loss"][data-rendered="true"]');
    await loss.waitFor();
    // Two networks by default (one per value scale): the saved report's curve is the first one's.
    assert.ok(((await loss.getAttribute('data-series')) ?? '').split('|').includes('NLinear · final fit, network 1'));
    assert.match(await page.locator('[data-training="nlinear"]').innerText(), /\d+ epochs run of \d+ planned · [\d,]+ parameters/);
    assert.match(await page.locator('tr[data-kind="nlinear"] [data-col="parameters"]').innerText(), /^[\d,]+$/);
    await screenshot(page, 'run-neural');

    // A long run, cancelled from its page: the button goes, the status says so.
    await page.goto(`${WEB_URL}/datasets/${datasetId}`);
    await page.locator('input[name="run-models"]').first().waitFor();
    for (const box of await page.locator('input[name="run-models"]').all()) {
      await box.setChecked((await box.getAttribute('value')) === 'lstm');
    }
    await page.locator('#run-param-lstm-epochs').fill('2000');
    await page.locator('#run-param-lstm-ensemble').fill('20');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.locator('h1 [data-status="cancelled"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByRole('button', { name: 'Cancel run' }).count(), 0);
  } finally {
    await screenshot(page, 'run-cancelled');
    await close();
    await removeDatasetsNamed(name);
  }
});

test('a malformed CSV shows its problems by row, and cannot be uploaded until they are fixed', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'foretell-e2e-csv-'));
  const name = `malformed e2e ${Date.now()}`;
  const file = path.join(dir, 'malformed.csv');
  // Row numbers count the header as row 1, so the bad value below is on row 7.
  const lines = ['date,value'];
  for (let day = 1; day <= 20; day++) lines.push(`2021-01-${String(day).padStart(2, '0')},${day === 6 ? 'twelve' : 10 + day}`);
  await writeFile(file, `${lines.join('\n')}\n`);

  const { page, close } = await openBrowser();
  try {
    await chooseUpload(page, file);
    await page.getByLabel('Name (optional)').fill(name);
    const problems = page.locator('table[data-table="preview-problems"]');
    await problems.waitFor({ timeout: 60_000 });
    const rows = await problems.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const bad = rows.find(([row]) => row === '7');
    assert.ok(bad, `row 7 is named in the problems table (got ${JSON.stringify(rows)})`);
    assert.equal(bad[1], 'value');
    assert.match(bad[2], /twelve/);
    // The upload the preview shows would be refused: the button waits, and says why.
    await page.locator('[data-upload-blocker]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Upload' }).isDisabled(), true);
    assert.match(await page.locator('[data-upload-blocker]').innerText(), /Fix the problem the preview lists/);
  } finally {
    await screenshot(page, 'malformed-csv');
    await close();
    await removeDatasetsNamed(name);
    await rm(dir, { recursive: true, force: true });
  }
});
