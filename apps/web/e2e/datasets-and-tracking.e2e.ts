import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiFetch, chooseUpload, openBrowser, REPO_ROOT, scratchSpace, screenshot, uploadChosen, WEB_URL } from './browser';
import { valuesOf } from './reference';

const AIRLINE = path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv');
const stamp = Date.now();
const scratch = scratchSpace('datasets');
const writeCsv = scratch.writeCsv;

async function tableRows(page: Page, selector: string): Promise<string[][]> {
  return page.locator(`${selector} tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
  );
}

test('upload with a preview: detected columns, a correction, then the upload uses it', { timeout: 120_000 }, async () => {
  const name = `store units e2e ${stamp}`;
  scratch.track(name);
  // A text column beside two numeric ones, neither named like a value: the reader will not guess which holds values.
  const lines = ['store,date,units,price'];
  for (const store of ['north', 'south']) {
    for (let day = 1; day <= 28; day++) lines.push(`${store},2024-02-${String(day).padStart(2, '0')},${day + (store === 'south' ? 100 : 0)},9.5`);
  }
  const file = await writeCsv('stores.csv', lines);
  const { page, close } = await openBrowser();
  try {
    await chooseUpload(page, file);
    const previewProblems = page.locator('table[data-table="preview-problems"]');
    await previewProblems.waitFor();
    assert.match(await previewProblems.innerText(), /cannot tell which column holds the values/i);
    assert.deepEqual((await tableRows(page, 'table[data-table="preview-rows"]'))[0], ['2', 'north', '2024-02-01', '1', '9.5']);

    await page.getByLabel('Value column').selectOption('units');
    await previewProblems.waitFor({ state: 'detached' });
    const detected = page.locator('[data-detected]');
    await page.waitForFunction(() => document.querySelector('[data-detected]')?.textContent?.includes('units'));
    const text = await detected.innerText();
    assert.match(text, /Layout\s+Long/i);
    assert.match(text, /Series id column\s+store/i);
    assert.match(text, /Timestamp format\s+Date, e\.g\. 2024-02-01/i);
    assert.match(text, /Frequency\s+1d/i);
    assert.match(text, /Series\s+2/i);
    const first = (await tableRows(page, 'table[data-table="preview-rows"]'))[0];
    assert.deepEqual([first[0], first[2], first[3]], ['2', 'north', '1'], 'row 2 parsed: series north, value 1');
    assert.match(first[1], /Feb 1, 2024/);
    await screenshot(page, 'upload-preview');

    const ready = await uploadChosen(page, name);
    assert.match(await ready.innerText(), /2 series, 56 points, 1d/);
  } finally {
    await close();
  }
});

test('a problem past the previewed part: the preview counts its first 256 KB, the upload is refused naming the row once', { timeout: 120_000 }, async () => {
  const name = `bad row e2e ${stamp}`;
  scratch.track(name);
  // About 300 KB of hourly rows, the bad value on the last one: the preview (its first 256 KB) finds nothing wrong.
  const lines = ['time,value'];
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < 11_000; i++) lines.push(`${new Date(start + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')},${(i % 24) + 0.5}`);
  lines.push(`${new Date(start + 11_000 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')},twelve`);
  const file = await writeCsv('bad-last-row.csv', lines);
  const { page, close } = await openBrowser();
  try {
    await chooseUpload(page, file);
    const detected = page.locator('[data-detected]');
    await detected.waitFor();
    const text = await detected.innerText();
    assert.match(text, /Series in the first 256 KB\s+1/i);
    assert.match(text, /Rows in the first 256 KB\s+[\d,]+/i);
    assert.match(await page.locator('[data-rows-points]').innerText(), /A row is a line of the file.*one point of one series.*The upload reads the whole file/s);
    assert.equal(await page.locator('table[data-table="preview-problems"]').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Upload' }).isDisabled(), false);

    await page.getByLabel('Name (optional)').fill(name);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('table[data-table="csv-problems"]').waitFor({ timeout: 60_000 });
    const refused = await tableRows(page, 'table[data-table="csv-problems"]');
    const last = String(lines.length);
    assert.equal(refused.length, 1);
    assert.deepEqual(refused[0].slice(0, 2), [last, 'value']);
    assert.match(refused[0][2], /twelve/);
    // Named once: in the table, not again in the message above it.
    const result = await page.locator('[data-upload="refused"]').innerText();
    assert.equal(result.split('twelve').length - 1, 1, result);
    await screenshot(page, 'upload-validation-errors');
  } finally {
    await close();
  }
});

test('a 100,000-point series: uploaded with progress, drawn, zoomed smoothly, profiled; the picker works by keyboard', { timeout: 300_000 }, async () => {
  const name = `hundred thousand e2e ${stamp}`;
  scratch.track(name);
  // Two minutely series (a and b) in a long file; a has 100,000 points with an hourly (60-minute) cycle.
  const start = Date.UTC(2024, 0, 1);
  const lines = ['id,time,value'];
  for (let i = 0; i < 100_000; i++) {
    const t = new Date(start + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    lines.push(`a,${t},${(100 + 10 * Math.sin((2 * Math.PI * i) / 60) + ((i * 7919) % 13) / 13).toFixed(3)}`);
  }
  for (let i = 0; i < 500; i++) lines.push(`b,${new Date(start + i * 60_000).toISOString().slice(0, 19).replace('T', ' ')},${i}`);
  const file = await writeCsv('hundred-thousand.csv', lines);

  const { page, close } = await openBrowser();
  try {
    await chooseUpload(page, file);
    await page.locator('[data-detected]').waitFor();
    assert.match(await page.locator('[data-detected]').innerText(), /Frequency\s+1min/i);
    const ready = await uploadChosen(page, name, 180_000);
    await ready.getByRole('link', { name: 'Open dataset' }).click();

    const chart = page.locator('[data-chart="series"][data-rendered="true"]');
    await chart.waitFor({ timeout: 60_000 });
    assert.match(await page.locator('.figure figcaption').innerText(), /^a · 100,000 points/);
    const seasonality = page.locator('[data-seasonality]');
    assert.equal(await seasonality.getAttribute('data-seasonality'), 'true', 'the 60-minute cycle is found');
    assert.match(await seasonality.innerText(), /r\(60\)/);

    // Frame times while the wheel zooms in and out over the chart: a long frame is a visible stall.
    const box = await chart.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number[] };
      w.frames_ = [];
      let last = performance.now();
      const tick = (now: number) => {
        w.frames_.push(now - last);
        last = now;
        if (w.frames_.length < 100_000) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, i < 6 ? -400 : 400);
      await page.waitForTimeout(120);
    }
    const frames = await page.evaluate(() => (window as unknown as { frames_: number[] }).frames_.slice(1));
    const sorted = [...frames].sort((x, y) => x - y);
    const p95 = sorted[Math.floor(sorted.length * 0.95)];
    console.log(`  100k-point chart while zooming: ${frames.length} frames, median ${sorted[sorted.length >> 1].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, worst ${sorted[sorted.length - 1].toFixed(1)} ms`);
    assert.ok(p95 < 250, `95% of frames under 250 ms while zooming (p95 ${p95.toFixed(0)} ms)`);
    await screenshot(page, 'dataset-100k-points');

    // Keyboard: search box, arrow to the second series, Enter shows it.
    const search = page.getByLabel('Find a series');
    await search.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.figure figcaption')?.textContent?.startsWith('b · 500 points'));
    await search.fill('b');
    await page.waitForFunction(() => document.querySelectorAll('[role="listbox"] [role="option"]').length === 1);
  } finally {
    await close();
  }
});

test('append rows, run, see the champion and runs over time, forecast from a saved model, schedule and pause', { timeout: 300_000 }, async () => {
  const name = `airline tracking e2e ${stamp}`;
  const csv = await readFile(AIRLINE, 'utf8');
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const dataset = await scratch.upload(name, [header, ...rows.slice(0, 120)].join('\n'));
  // 1958 again (one month changed, so one conflict) and 1959–1960: 24 new months.
  const appended = rows.slice(108).map((line) => (line === '"1958-12",337' ? '"1958-12",340' : line));
  const appendFile = await writeCsv('airline-next.csv', [header, ...appended]);

  const { page, close } = await openBrowser();
  page.on('dialog', (dialog) => void dialog.accept());
  try {
    await page.goto(`${WEB_URL}/datasets/${dataset.id}`);
    await page.locator('[data-chart="series"][data-rendered="true"]').waitFor();
    await page.getByLabel('Rows to append').setInputFiles(appendFile);
    await page.getByRole('button', { name: 'Append rows' }).click();
    const summary = page.locator('[data-append-summary]');
    await summary.waitFor({ timeout: 60_000 });
    const text = await summary.innerText();
    assert.match(text, /Values added\s+24/i);
    assert.match(text, /Overlaps \(identical\)\s+11/i);
    assert.match(text, /Conflicts \(stored kept\)\s+1/i);
    assert.deepEqual((await tableRows(page, 'table[data-table="append-conflicts"]'))[0], ['Passengers', 'Dec 1, 1958', '337', '340']);
    // A value of the file was not stored: a warning, not a success, even though rows were appended.
    const appendedSummary = page.locator('[data-append="summary"]');
    assert.match((await appendedSummary.getAttribute('class')) ?? '', /alert-warning/);
    assert.match(await appendedSummary.innerText(), /Rows appended\. 1 value of the file differs from the stored one/);
    await page.waitForFunction(() => document.querySelectorAll('table[data-table="uploads"] tbody tr').length === 2);
    assert.deepEqual(
      await page.locator('table[data-table="uploads"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-upload-kind'))),
      ['append', 'create'],
    );
    // The profile follows the append: 144 months, to Dec 1960.
    await page.waitForFunction(() => /End\s*Dec 1, 1960/.test(document.querySelector('[data-profile]')?.textContent ?? ''));
    // So does the series panel: the picker and the chart show the 144 months without a reload of the page.
    await page.waitForFunction(() => (document.querySelector('.figure figcaption')?.textContent ?? '').includes('144 points'), undefined, { timeout: 10_000 });
    await page.waitForFunction(() => (document.querySelector('#dataset-series-list .picker-meta')?.textContent ?? '').startsWith('144 pts'), undefined, { timeout: 10_000 });
    await screenshot(page, 'dataset-append');

    // A run (through the API) to have saved models and a champion.
    const created = await apiFetch('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId: dataset.id, horizon: 12, models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }], backtest: { windows: 1 } }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const run = (await created.json()) as { id: string };
    for (let i = 0; ; i++) {
      const status = ((await (await apiFetch(`/api/runs/${run.id}`)).json()) as { status: string }).status;
      if (status === 'completed') break;
      assert.ok(i < 240 && status !== 'failed', `run ${run.id} is ${status}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await page.reload();
    const champion = page.locator('[data-champion]');
    await champion.waitFor();
    assert.equal(await champion.getAttribute('data-champion'), 'seasonal_naive', 'seasonal naive beats naive on the airline series');
    await page.locator('[data-chart="accuracy-history"][data-rendered="true"]').waitFor();
    assert.equal(await page.locator('table[data-table="run-history"] tbody tr').count(), 1);
    // Why the champion is what it is, from the decision the run recorded.
    assert.match(await page.locator('[data-champion-decision="first"]').innerText(), /^First champion: the dataset had no champion\.$/);

    // A run with another backtest: listed, but not charted beside the first (their errors do not compare).
    const other = await apiFetch('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId: dataset.id, horizon: 6, models: [{ kind: 'naive' }], backtest: { windows: 1 } }),
    });
    assert.equal(other.status, 201, await other.clone().text());
    const otherId = ((await other.json()) as { id: string }).id;
    for (let i = 0; ; i++) {
      const status = ((await (await apiFetch(`/api/runs/${otherId}`)).json()) as { status: string }).status;
      if (status === 'completed') break;
      assert.ok(i < 240 && status !== 'failed', `run ${otherId} is ${status}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await page.reload();
    await page.locator('[data-chart="accuracy-history"][data-rendered="true"]').waitFor();
    assert.equal(await page.locator('table[data-table="run-history"] tbody tr').count(), 2);
    const choice = page.getByLabel('Backtest charted');
    assert.equal(await choice.inputValue(), 'horizon 6, 1 window, season 12', 'the latest run\'s backtest is charted first');
    assert.match(await page.locator('[data-backtest-choice]').innerText(), /draws 1 of 2 runs/);
    assert.match(await page.locator('[data-champion-decision="kept"]').innerText(), /backtest differs/);

    // The registry: forecast again from the saved seasonal naive; its forecast repeats the last year (1960).
    await champion.getByRole('link', { name: 'Open in models' }).click();
    await page.waitForURL(/\/models\?datasetId=/);
    const row = page.locator('tr[data-model="seasonal_naive"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Champion/);
    const answer = page.waitForResponse((r) => r.url().includes('/forecast') && r.request().method() === 'POST');
    await row.getByRole('button', { name: 'Forecast from this model' }).click();
    await page.getByRole('button', { name: 'Forecast', exact: true }).click();
    const forecast = (await (await answer).json()) as { series: { yhat: number[]; timestamps: string[] }[] };
    const y = valuesOf(csv);
    assert.deepEqual(forecast.series[0].yhat, y.slice(-12), 'seasonal naive repeats 1960');
    assert.equal(forecast.series[0].timestamps[0], '1961-01-01T00:00:00.000Z');
    const chart = page.locator('[data-chart="model-forecast"][data-rendered="true"]');
    await chart.waitFor({ timeout: 60_000 });
    assert.ok(((await chart.getAttribute('data-series')) ?? '').split('|').includes('Seasonal naive'));
    await screenshot(page, 'model-forecast');

    // Schedules: an API error the user can act on, then a daily schedule, paused.
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.waitForURL(/\/schedules$/);
    await page.getByLabel('Dataset').selectOption({ label: name });
    const scheduleName = `nightly ${stamp}`;
    await page.getByLabel('Name (optional)').fill(scheduleName);
    for (const box of await page.locator('input[name="schedule-models"]').all()) {
      await box.setChecked((await box.getAttribute('value')) === 'seasonal_naive');
    }
    await page.getByLabel('Horizon (points ahead)').fill('12');
    await page.getByLabel('Cron', { exact: true }).fill('not a cron');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const error = page.locator('[data-schedule-error]');
    await error.waitFor();
    assert.match(await error.innerText(), /cron/i);

    await page.getByLabel('Interval', { exact: true }).check();
    await page.getByLabel('Every', { exact: true }).fill('1');
    await page.getByLabel('Unit').selectOption('days');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const schedule = page.locator(`tr[data-schedule="${scheduleName}"]`);
    await schedule.waitFor();
    assert.match(await schedule.innerText(), /every day/);
    assert.equal(await schedule.locator('[data-state]').getAttribute('data-state'), 'active');
    assert.notEqual((await schedule.locator('[data-next-run]').innerText()).trim(), '—', 'an active schedule shows its next run');

    await schedule.getByRole('button', { name: /^Pause/ }).click();
    await page.waitForFunction((n) => document.querySelector(`tr[data-schedule="${n}"] [data-state]`)?.getAttribute('data-state') === 'paused', scheduleName);
    assert.equal((await schedule.locator('[data-next-run]').innerText()).trim(), '—');
    await screenshot(page, 'schedules');

    await schedule.getByRole('button', { name: /^Delete/ }).click();
    await schedule.waitFor({ state: 'detached' });
  } finally {
    await close();
  }
});
