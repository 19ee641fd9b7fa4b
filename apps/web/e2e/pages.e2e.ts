import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { accessibilityReport, assertAccessible } from './axe';
import { apiFetch, openBrowser, removeDatasetsNamed, REPO_ROOT, screenshot, SCREENSHOTS, WEB_URL } from './browser';

const AIRLINE = path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv');
const WIDTHS = [1440, 390] as const;
const PHONE = 390;

/** A dataset with a finished three-model run (so a saved model and a champion) and a schedule, made through the API. */
/** Waits for a run to complete (two minutes at most). */
async function completed(runId: string): Promise<void> {
  for (let i = 0; ; i++) {
    const status = ((await (await apiFetch(`/api/runs/${runId}`)).json()) as { status: string }).status;
    if (status === 'completed') return;
    assert.ok(i < 240 && status !== 'failed', `the run ended ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function seed(name: string): Promise<{ datasetId: string; runId: string; scheduleName: string }> {
  const form = new FormData();
  form.append('name', name);
  form.append('file', new Blob([await readFile(AIRLINE)], { type: 'text/csv' }), 'airline-passengers.csv');
  const uploaded = await apiFetch('/api/datasets', { method: 'POST', body: form });
  assert.equal(uploaded.status, 201, await uploaded.clone().text());
  const { id: datasetId } = (await uploaded.json()) as { id: string };
  const models = ['naive', 'seasonal_naive', 'theta'].map((kind) => ({ kind }));
  const created = await apiFetch('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ datasetId, horizon: 12, models, backtest: { windows: 2 } }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { id: runId } = (await created.json()) as { id: string };
  await completed(runId);
  const scheduleName = `${name} nightly`;
  const schedule = await apiFetch('/api/schedules', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ datasetId, name: scheduleName, everySeconds: 86_400, run: { horizon: 12, models: [{ kind: 'seasonal_naive' }] } }),
  });
  assert.equal(schedule.status, 201, await schedule.clone().text());
  return { datasetId, runId, scheduleName };
}

/** Whether the page itself scrolls sideways: it must not at phone width (wide tables scroll inside their cards). */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Waits until every chart on the page has drawn (so screenshots show them finished) and its legend has settled; the
 * charts whose legend still reaches into the room of their plot (a y axis name, the plot itself), as readable lines.
 */
async function legendsInTheWay(page: Page, where: string): Promise<string[]> {
  await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((c) => c.getAttribute('data-rendered') === 'true'), null, { timeout: 30_000 });
  const clear = () => [...document.querySelectorAll('[data-chart]')].every((c) => Number(c.getAttribute('data-legend-overlap')) <= 0);
  await page.waitForFunction(clear, null, { timeout: 5_000 }).catch(() => undefined);
  const charts = await page.locator('[data-chart]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-chart'), e.getAttribute('data-legend-overlap')]));
  return charts
    .filter(([, overlap]) => !(Number(overlap) <= 0))
    .map(([chart, overlap]) => `${where}: the legend of the ${chart} chart reaches ${overlap} px into its plot's room`);
}

/** `#rrggbb` (as ECharts holds a colour) as CSS computes it, `rgb(r, g, b)`. */
function cssRgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The colour a chart drew each named series in (its `data-series` and `data-colours`), as CSS writes colours. */
async function seriesColours(page: Page, chart: string): Promise<Map<string, string>> {
  const drawn = page.locator(`[data-chart="${chart}"][data-rendered="true"]`);
  await drawn.waitFor();
  const names = ((await drawn.getAttribute('data-series')) ?? '').split('|');
  const colours = ((await drawn.getAttribute('data-colours')) ?? '').split('|');
  return new Map(names.map((name, i) => [name, /^#[\da-f]{6}$/i.test(colours[i] ?? '') ? cssRgb(colours[i]) : (colours[i] ?? '')]));
}

/** Clicks what starts a download and reads the file the browser saved. */
async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('every page passes axe-core and works at 1440 px and at 390 px, with screenshots of each', { timeout: 600_000 }, async () => {
  const name = `pages e2e ${Date.now()}`;
  // Signed in first: on a fresh stack this signs up the account the API calls of the seed use.
  const { page, close } = await openBrowser();
  const { datasetId, runId, scheduleName } = await seed(name);
  const pages = [
    { name: 'datasets', path: '/datasets', ready: `tr[data-dataset="${name}"]` },
    { name: 'dataset', path: `/datasets/${datasetId}`, ready: '[data-chart="series"][data-rendered="true"]' },
    { name: 'runs', path: '/runs', ready: `tr[data-run="${runId}"]` },
    { name: 'run', path: `/runs/${runId}`, ready: '[data-chart="forecast"][data-rendered="true"]' },
    { name: 'models', path: `/models?datasetId=${datasetId}`, ready: 'table[data-table="models"]' },
    { name: 'live-accuracy', path: `/datasets/${datasetId}/accuracy`, ready: 'section[aria-labelledby="live-models-title"] :is(.state-empty, table)' },
    { name: 'schedules', path: '/schedules', ready: `tr[data-schedule="${scheduleName}"]` },
    { name: 'members', path: '/settings/members', ready: 'table[data-table="members"]' },
    { name: 'api-keys', path: '/settings/api-keys', ready: 'h2#keys-title' },
  ];
  // Every page is checked before failing, so one run lists everything to fix.
  const reports: string[] = [];
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const p of pages) {
        await page.goto(`${WEB_URL}${p.path}`);
        await page.locator(p.ready).first().waitFor({ timeout: 60_000 });
        await page.locator('.state-loading').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
        reports.push(...(await legendsInTheWay(page, `${p.path} at ${width} px`)));
        await screenshot(page, `page-${p.name}-${width}`);
        const report = await accessibilityReport(page, `${p.path} at ${width} px`);
        if (report) {
          reports.push(report);
          console.log(report); // seen even when a later step fails first
        }
        const overflow = await pageOverflow(page);
        if (overflow > 1) reports.push(`${p.path} at ${width} px scrolls sideways by ${overflow} px`);
      }
    }

    // At phone width the header is a menu: the links hide behind a button that opens them.
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    await page.goto(`${WEB_URL}/datasets`);
    assert.equal(await nav.getByRole('link', { name: 'Runs' }).isVisible(), false, 'the links are folded away at 390 px');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await screenshot(page, `header-menu-${PHONE}`);
    await nav.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/runs$/);
    // The menu closes after navigating (waited for: it closes on the route change, a render after the URL changes).
    await nav.getByRole('link', { name: 'Runs' }).waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(await nav.getByRole('link', { name: 'Runs' }).isVisible(), false, 'the menu closes after navigating');
    // The leaderboard's ranking figure shows at 390 px before any sideways scroll (found by the fresh-eyes analyst).
    await page.goto(`${WEB_URL}/runs/${runId}`);
    const maseHeader = page.locator('table[data-table="leaderboard"] th', { hasText: 'MASE' }).first();
    await maseHeader.waitFor();
    const box = await maseHeader.boundingBox();
    assert.ok(box && box.x + box.width <= PHONE, `the MASE column ends at ${box ? Math.round(box.x + box.width) : '?'} px, past the screen`);
    // Every action stays reachable at 390 px (a trial click scrolls to it and checks nothing covers it).
    await page.goto(`${WEB_URL}/datasets/${datasetId}`);
    await page.getByRole('button', { name: 'Delete dataset' }).click({ trial: true });
    await page.goto(`${WEB_URL}/schedules`);
    await page.locator(`tr[data-schedule="${scheduleName}"]`).getByRole('button', { name: /^Pause/ }).click({ trial: true });
    await page.goto(`${WEB_URL}/models?datasetId=${datasetId}`);
    await page.locator('tr[data-model="theta"]').getByRole('button', { name: 'Forecast from this model' }).click();
    await page.getByRole('button', { name: 'Forecast', exact: true }).click();
    await page.locator('table[data-table="model-forecast"]').waitFor({ timeout: 60_000 });
    await assertAccessible(page, `a saved model's forecast at ${PHONE} px`);
    await screenshot(page, `model-forecast-${PHONE}`);
    assert.ok((await pageOverflow(page)) <= 1, 'the forecast table scrolls inside its card');
  } finally {
    await close();
  }

  // Signed out: the sign-in and sign-up pages.
  const signedOut = await openBrowser({ signedIn: false });
  try {
    for (const width of WIDTHS) {
      await signedOut.page.setViewportSize({ width, height: 900 });
      for (const p of ['login', 'signup']) {
        await signedOut.page.goto(`${WEB_URL}/${p}`);
        await signedOut.page.getByRole('heading', { level: 1 }).waitFor();
        await screenshot(signedOut.page, `page-${p}-${width}`);
        const report = await accessibilityReport(signedOut.page, `/${p} at ${width} px`);
        if (report) reports.push(report);
      }
    }
  } finally {
    await signedOut.close();
    await removeDatasetsNamed(name);
  }
  assert.deepEqual(reports, [], reports.join('\n'));
});

test('the run page reads as a decision: the pick against the seasonal naive, numbers behind exports, duration and ranking', { timeout: 300_000 }, async () => {
  const name = `run page e2e ${Date.now()}`;
  const { page, close } = await openBrowser();
  const { datasetId, runId } = await seed(name);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${WEB_URL}/runs/${runId}`);
    const chart = page.locator('[data-chart="forecast"][data-rendered="true"]');
    await chart.waitFor({ timeout: 60_000 });
    const recommended = await page.locator('tr[data-rank="1"]').getAttribute('data-kind');
    assert.ok(recommended, 'a model is ranked first');
    // The pick and the seasonal naive; not the third model, and no band or backtest in the legend.
    const labels: Record<string, string> = { naive: 'Naive', seasonal_naive: 'Seasonal naive', theta: 'Theta' };
    const drawn = ((await chart.getAttribute('data-series')) ?? '').split('|');
    const expected = new Set(['seasonal_naive', recommended]);
    for (const [kind, label] of Object.entries(labels)) {
      assert.equal(drawn.includes(label), expected.has(kind), `${label} drawn: ${drawn.includes(label)} (drawn ${drawn})`);
    }
    // As it opens (the README's picture): every chart drawn, legends clear of their plots.
    assert.deepEqual(await legendsInTheWay(page, 'the run page at 1440 px'), []);
    await screenshot(page, 'run-page-decision');

    // Every model drawn: each has one colour, the same in the picker, the leaderboard, and every chart of the page.
    await page.locator('[data-model-picker]').getByRole('checkbox', { name: 'Naive', exact: true }).check();
    await page.waitForFunction(() => (document.querySelector('[data-chart="forecast"]')?.getAttribute('data-series') ?? '').split('|').includes('Naive'));
    const charts = await Promise.all(['forecast', 'per-step', 'cost'].map(async (name) => [name, await seriesColours(page, name)] as const));
    for (const [kind, label] of Object.entries(labels)) {
      const swatch = (where: string) => page.locator(`${where} [data-swatch="${kind}"]`).first().evaluate((el) => getComputedStyle(el).backgroundColor);
      const colour = await swatch('[data-model-picker]');
      assert.equal(await swatch('table[data-table="leaderboard"]'), colour, `${label}: the leaderboard's swatch and the picker's`);
      for (const [name, colours] of charts) assert.equal(colours.get(label), colour, `${label} in the ${name} chart (picker ${colour})`);
    }

    // The PNG is drawn for presenting: slide size at twice the pixels, titled with what and whose it is, every model
    // of the chart in its legend (not paged, clear of the plot), no zoom slider.
    const png = await download(page, '[data-png="forecast"]');
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [2800, 1600], 'the PNG is 1400×800 at 2×');
    assert.match(png.name, /^Forecast-of-Passengers-run-page-e2e/);
    await writeFile(path.join(SCREENSHOTS, 'forecast-export.png'), png.bytes); // to look at beside the screenshots
    const drawnPng = JSON.parse((await page.locator('[data-png="forecast"]').getAttribute('data-drawn')) ?? '{}') as {
      title: string; subtitle: string; legendTypes: string[]; legend: string[]; sliders: number; legendOverlap: number | null;
    };
    assert.equal(drawnPng.title, 'Forecast of Passengers');
    for (const part of [name, `run ${runId.slice(0, 8)}`, ...Object.values(labels)]) assert.ok(drawnPng.subtitle.includes(part), `the subtitle names ${part}: ${drawnPng.subtitle}`);
    assert.deepEqual([...drawnPng.legend].sort(), ['History', ...Object.values(labels)].sort(), 'the legend names the history and every model drawn');
    assert.deepEqual(drawnPng.legendTypes, ['plain'], 'the whole legend, not a paged one');
    assert.equal(drawnPng.sliders, 0, 'no zoom slider');
    assert.ok(drawnPng.legendOverlap !== null && drawnPng.legendOverlap <= 0, `the legend is clear of the plot (${drawnPng.legendOverlap})`);
    // The title is in the file: dark ink in the band above the legend, at its left.
    const { data: band, info } = await sharp(png.bytes).extract({ left: 0, top: 0, width: 1200, height: 110 }).greyscale().raw().toBuffer({ resolveWithObject: true });
    const dark = band.reduce((n, v) => n + (v < 96 ? 1 : 0), 0);
    assert.ok(dark > 1_000, `the title band of the PNG has ink (${dark} dark of ${info.width * info.height} pixels)`);

    // The run's forecasts as CSV: by series, then time, then model (best rank first).
    const forecastsCsv = (await download(page, '[data-export="forecasts"]')).bytes.toString('utf8').trim().split(/\r?\n/);
    assert.equal(forecastsCsv[0], 'series_id,model,timestamp,yhat,lo_80,hi_80,lo_95,hi_95');
    const byRank = await page.locator('table[data-table="leaderboard"] tbody tr').evaluateAll((trs) =>
      trs.sort((a, b) => Number(a.getAttribute('data-rank')) - Number(b.getAttribute('data-rank'))).map((tr) => tr.getAttribute('data-kind')),
    );
    const cells = forecastsCsv.slice(1).map((line) => line.split(','));
    assert.equal(cells.length, 12 * byRank.length);
    const order = cells.map(([series, kind, at]) => [series, at, byRank.indexOf(kind)] as const);
    const sorted = [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]));
    assert.deepEqual(order, sorted, 'sorted by series, time, then rank');
    // Every figure in full, as the JSON reads give it: the shortest form that reads back as the same number.
    const notRoundTrip = cells.flatMap((c) => c.slice(3)).filter((v) => v !== '' && String(Number(v)) !== v);
    assert.deepEqual(notRoundTrip, [], 'figures written in full');

    // On a phone, every model and its backtest drawn: the legends wrap but stay clear of their plots.
    await page.setViewportSize({ width: PHONE, height: 900 });
    await page.getByRole('checkbox', { name: 'Backtests' }).check();
    await page.waitForFunction(() => (document.querySelector('[data-chart="forecast"]')?.getAttribute('data-series') ?? '').includes('backtest'));
    assert.deepEqual(await legendsInTheWay(page, `the run page at ${PHONE} px`), []);
    await screenshot(page, `run-page-all-models-${PHONE}`);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Duration on the run page and in the runs list, and the list's ranking label says what the run ranks by.
    assert.match(await page.locator('[data-duration] dd').innerText(), /^(under 1 s|\d+ s|\d+ min \d\d s)$/);
    await page.goto(`${WEB_URL}/runs`);
    const row = page.locator(`tr[data-run="${runId}"]`);
    await row.waitFor();
    assert.match(await page.locator('table[data-table="runs"] thead').innerText(), /Best \(MASE\)/i);
    assert.match(await row.locator('[data-col="duration"]').innerText(), /^(under 1 s|\d+ s|\d+ min \d\d s)$/);
    assert.match(await row.locator('[data-col="best"]').innerText(), new RegExp(`^${labels[recommended]} \\(\\d`));
    // Sortable: by duration, then again descending, and screen readers are told.
    await page.locator('[data-sort="duration"]').click();
    await page.locator('[data-sort="duration"]').click();
    assert.equal(await page.locator('th:has([data-sort="duration"])').getAttribute('aria-sort'), 'descending');

    // A saved model's forecast as numbers (a table) and as a CSV sorted by series and time.
    await page.goto(`${WEB_URL}/models?datasetId=${datasetId}`);
    await page.locator('tr[data-model="seasonal_naive"]').getByRole('button', { name: 'Forecast from this model' }).click();
    await page.getByRole('button', { name: 'Forecast', exact: true }).click();
    const table = page.locator('table[data-table="model-forecast"]');
    await table.waitFor({ timeout: 60_000 });
    assert.equal(await table.locator('tbody tr').count(), 12);
    const csv = (await download(page, '[data-export="model-forecast"]')).bytes.toString('utf8').trim().split('\n');
    assert.equal(csv[0], 'series_id,timestamp,yhat,lo_80,hi_80,lo_95,hi_95');
    assert.equal(csv.length, 1 + 12);
    const times = csv.slice(1).map((line) => line.split(',')[1]);
    assert.deepEqual(times, [...times].sort(), 'sorted by time');
    // The seasonal naive repeats the last year: the table shows the number the CSV has.
    assert.equal((await table.locator('tbody tr').first().locator('[data-col="yhat"]').innerText()).replace(/,/g, ''), csv[1].split(',')[2]);

    // A run whose best model does worse than seasonal naive on the backtest: no row to pick, none highlighted as best.
    const worse = await apiFetch('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId, horizon: 12, models: [{ kind: 'naive' }], backtest: { windows: 1 } }),
    });
    const { id: worseId } = (await worse.json()) as { id: string };
    await completed(worseId);
    await page.goto(`${WEB_URL}/runs/${worseId}`);
    await page.locator('tr[data-rank="1"][data-kind="naive"]').waitFor();
    await page.getByText(/worse than seasonal naive on the backtest/).first().waitFor();
    assert.deepEqual([await page.locator('[data-recommended]').count(), await page.locator('tr.best').count()], [0, 0]);
  } finally {
    await close();
    await removeDatasetsNamed(name);
  }
});
