import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiFetch, chooseUpload, openBrowser, REPO_ROOT, scratchSpace, screenshot, uploadChosen, WEB_URL } from './browser';

const AIRLINE = path.resolve(REPO_ROOT, '../shared/datasets/airline-passengers.csv');
const stamp = Date.now();
const scratch = scratchSpace('forms');
const upload = scratch.upload;

/**
 * Screenshots of the page at desktop and phone width. At 390 px nothing in the page's content may stick out sideways
 * (tables scroll inside their wrappers; the header's menu at phone width is another branch's work).
 */
async function screenshotsAtBothWidths(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  assert.deepEqual(await crowdedControls(page), [], `${name} at 1440 px: controls stacked without a gap`);
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 390, height: 844 });
  // Charts redraw at the new width on their next resize callback: measure once that has had its chance (CI saw a
  // canvas still 877 px wide right after the resize).
  await page.waitForFunction(() => [...document.querySelectorAll('main canvas')].every((c) => c.getBoundingClientRect().right <= window.innerWidth + 1), null, { timeout: 5_000 }).catch(() => undefined);
  const sticking = await page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
      // The innermost ones: they say what is too wide.
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`),
  );
  assert.deepEqual(sticking, [], `${name}: content wider than a 390 px screen`);
  assert.deepEqual(await crowdedControls(page), [], `${name} at 390 px: controls stacked without a gap`);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Form fields and buttons of the page's content that sit on top of, or closer than 8 px below, another one (the forms
 * space theirs 14 px apart): "above → below (gap)" for each.
 */
async function crowdedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll('main .field, main .btn')].filter((e) => e.checkVisibility() && !e.closest('.table-wrap'));
    const name = (e: Element) => `"${((e.querySelector('label') ?? e).textContent ?? '').trim().slice(0, 40)}"`;
    const found: string[] = [];
    for (const below of controls) {
      const b = below.getBoundingClientRect();
      for (const above of controls) {
        if (above === below || above.contains(below) || below.contains(above)) continue;
        const a = above.getBoundingClientRect();
        const sideBySide = a.right <= b.left || b.right <= a.left;
        if (!sideBySide && a.top < b.top && b.top - a.bottom < 8) found.push(`${name(above)} → ${name(below)} (${Math.round(b.top - a.bottom)} px)`);
      }
    }
    return found;
  });
}

const checkedModels = (page: Page, name: string) =>
  page.locator(`input[name="${name}"]:checked`).evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));

test('the new-run form: settings in words with help, advanced ones folded, presets, an estimate before any fit, no gaps', { timeout: 240_000 }, async () => {
  // The browser first: on a fresh stack it signs up the account the uploads use.
  const { page, close } = await openBrowser();
  try {
    const dataset = await upload(`new-run form e2e ${stamp}`, await readFile(AIRLINE, 'utf8'));
    await page.goto(`${WEB_URL}/datasets/${dataset.id}`);
    await page.locator('input[name="run-models"]').first().waitFor();
    assert.equal(await page.getByLabel('Backtest windows').inputValue(), '3');

    // Every model says what it is; choosing some shows their settings in words, each with a one-line help.
    for (const box of await page.locator('input[name="run-models"]').all()) {
      await box.setChecked(['auto_ets', 'transformer', 'theta'].includes((await box.getAttribute('value')) ?? ''));
    }
    assert.match((await page.getByRole('checkbox', { name: 'Auto ETS', exact: true }).getAttribute('aria-describedby')) ?? '', /help/);
    assert.match(await page.locator('#run-help-auto_ets').innerText(), /Picks the best error, trend and season/);
    const settings = page.locator('[data-model-settings]');
    await settings.waitFor();
    await page.getByLabel('Network width').waitFor();
    assert.match(await page.locator('#run-param-transformer-dModel-hint').innerText(), /multiple of the attention heads/);
    await page.getByLabel('Additive variants only').waitFor();
    const allText = (await page.locator('form').filter({ has: page.locator('[data-model-settings]') }).textContent()) ?? '';
    for (const code of ['dModel', 'additiveOnly', 'inputSize', 'windowsPerEpoch']) assert.ok(!allText.includes(code), `the form shows "${code}"`);

    // What most leave alone is folded: a model's advanced settings, the window step and season, the calendar.
    const advanced = page.locator('[data-params="transformer"] details');
    assert.equal(await advanced.evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.equal(await page.getByLabel('Dropout').isVisible(), false);
    await advanced.locator('summary').click();
    assert.equal(await page.getByLabel('Dropout').isVisible(), true);
    assert.equal(await page.getByLabel('Window step').isVisible(), false);
    assert.equal(await page.getByLabel('Public holidays').isVisible(), false);

    // No gaps: the choices are an even grid (settings sit below it, not inside a cell), rows of equal height.
    assert.equal(await page.locator('.model-grid input:not([type="checkbox"]), .model-grid select').count(), 0);
    const rows = await page.locator('.model-grid').first().locator('.model-choice').evaluateAll((cells) => {
      const byTop = new Map<number, number[]>();
      for (const cell of cells) {
        const box = cell.getBoundingClientRect();
        byTop.set(Math.round(box.top), [...(byTop.get(Math.round(box.top)) ?? []), box.height]);
      }
      return [...byTop.values()].map((heights) => Math.max(...heights) - Math.min(...heights));
    });
    assert.ok(rows.length > 1 && rows.every((spread) => spread < 30), `cells of a row differ in height by ${JSON.stringify(rows)} px`);

    // Presets as the API defines them.
    await page.getByRole('button', { name: 'Quick baselines' }).click();
    assert.deepEqual(await checkedModels(page, 'run-models'), ['naive', 'seasonal_naive', 'drift', 'naive2']);
    await page.getByRole('button', { name: 'Recommended' }).click();
    const recommended = await checkedModels(page, 'run-models');
    for (const kind of ['seasonal_naive', 'theta', 'damped', 'auto_ets', 'nlinear', 'transformer']) assert.ok(recommended.includes(kind), kind);
    assert.ok(!recommended.includes('auto_intermittent'), 'the airline series is smooth demand: no intermittent model');
    assert.equal(await page.locator('input[name="run-ensemble"]').isChecked(), true);
    assert.equal(await page.locator('#run-ensemble-method').inputValue(), 'mean');
    assert.equal(await page.getByLabel('Of the best k').inputValue(), '5');

    // An estimate even for models this installation never fitted: the calibrated rate times the data's size.
    await page.getByRole('button', { name: 'Deep models' }).click();
    const estimate = page.locator('[data-cost-estimate]');
    await page.waitForFunction(() => /Estimated fitting time: about \d/.test(document.querySelector('[data-cost-estimate]')?.textContent ?? ''));
    await estimate.locator('summary').click();
    assert.match(await estimate.locator('li[data-cost-basis="calibrated"]', { hasText: 'Transformer' }).innerText(), /not fitted here yet/);
    await screenshotsAtBothWidths(page, 'new-run-form');

    // The baselines run with the form's three windows.
    await page.getByRole('button', { name: 'Quick baselines' }).click();

    // The form judges as the API does, in its own words: the series length a backtest needs (the contracts' rule:
    // the API refuses horizon 200 × 3 windows on 144 points below 602), a repeated level, a window count of 0.
    const horizon = page.getByLabel('Horizon (points ahead)');
    const suggestedHorizon = await horizon.inputValue();
    await horizon.fill('200');
    assert.match(
      await page.locator('[data-backtest-length]').innerText(),
      /Every series is too short for this backtest: the longest has 144 points, and it needs at least 602 \(600 held out, 2 to train on\)/,
    );
    await horizon.fill(suggestedHorizon);
    assert.equal(await page.locator('[data-backtest-length]').count(), 0);
    const levels = page.getByLabel('Interval levels (%)');
    await levels.fill('80, 80');
    await page.getByRole('button', { name: 'Start run' }).click();
    assert.deepEqual(await page.locator('[data-form-issues] li').allInnerTexts(), ['Interval levels: 80 is given more than once; give each level once']);
    await levels.fill('80, 95');
    await page.getByLabel('Backtest windows').fill('0');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForFunction(() => document.querySelector('[data-form-issues]')?.textContent === 'Backtest windows: must be at least 1');
    assert.match(page.url(), /\/datasets\//, 'nothing was started');
    await page.getByLabel('Backtest windows').fill('3');

    // An impatient double click starts one run, not two.
    await page.getByRole('button', { name: 'Start run' }).dblclick();
    await page.waitForURL(/\/runs\/[^/]+$/);
    const runId = page.url().split('/').pop() ?? '';
    const runsOfDataset = (await (await apiFetch(`/api/runs?datasetId=${dataset.id}`)).json()) as { id: string }[];
    assert.deepEqual(runsOfDataset.map((r) => r.id), [runId]);
    const run = (await (await apiFetch(`/api/runs/${runId}`)).json()) as { backtest: { windows: number }; leaderboard: { kind: string }[] };
    assert.equal(run.backtest.windows, 3);
    assert.deepEqual(run.leaderboard.map((e) => e.kind).sort(), ['drift', 'naive', 'naive2', 'seasonal_naive']);
  } finally {
    await close();
  }
});

test('schedules: from a dataset it stays selected, the run fields of a run, run now, edit, last run as it went', { timeout: 300_000 }, async () => {
  const { page, close } = await openBrowser();
  page.on('dialog', (dialog) => void dialog.accept());
  try {
    const csv = await readFile(AIRLINE, 'utf8');
    const target = await upload(`schedule target e2e ${stamp}`, csv);
    // A newer dataset lists first: the form must still start on the one the user came from.
    await upload(`schedule other e2e ${stamp}`, csv);
    await page.goto(`${WEB_URL}/datasets/${target.id}`);
    await page.getByRole('link', { name: 'Schedule retraining' }).click();
    await page.waitForURL(/\/schedules\?datasetId=/);
    assert.equal(await page.locator('#schedule-dataset').inputValue(), target.id);
    await page.locator('input[name="schedule-models"]').first().waitFor();
    // The same run fields and defaults as a new run.
    assert.equal(await page.locator('#schedule-windows').inputValue(), '3');
    assert.deepEqual(await checkedModels(page, 'schedule-models'), ['naive', 'seasonal_naive']);

    const scheduleName = `weekly ${stamp}`;
    await page.getByLabel('Name (optional)').fill(scheduleName);
    for (const box of await page.locator('input[name="schedule-models"]').all()) {
      await box.setChecked(['theta', 'seasonal_naive'].includes((await box.getAttribute('value')) ?? ''));
    }
    await page.locator('#schedule-param-theta-theta').fill('3');
    await page.locator('#schedule-levels').fill('90');
    await page.getByLabel('Interval', { exact: true }).check();
    await page.getByLabel('Every', { exact: true }).fill('7');
    await page.getByLabel('Unit').selectOption('days');
    // Live drift settings are folded under advanced, labelled, and start at the API's defaults.
    assert.equal(await page.getByLabel('Live drift margin (%)').isVisible(), false);
    await page.getByText('Advanced: live drift').click();
    assert.equal(await page.getByLabel('Live drift margin (%)').inputValue(), '50');
    assert.equal(await page.getByLabel('Minimum scored points').inputValue(), '6');
    await page.getByLabel('Live drift margin (%)').fill('30');
    await page.getByLabel('Minimum scored points').fill('24');
    await page.getByLabel(/^Retrain when live drift is found/).uncheck();
    const createdAt = Date.now();
    // An impatient double click creates one schedule, not two.
    await page.getByRole('button', { name: 'Create schedule' }).dblclick();
    const row = page.locator(`tr[data-schedule="${scheduleName}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Seasonal naive, Theta · h=18 · 3 backtest windows/);
    // The next run is the true one: an interval schedule first fires one interval after it is saved.
    const week = 7 * 86_400_000;
    const nextAt = Date.parse((await row.locator('[data-next-run] time').getAttribute('datetime')) ?? '');
    assert.ok(Math.abs(nextAt - (createdAt + week)) < 120_000, `next run ${new Date(nextAt).toISOString()}, a week after ${new Date(createdAt).toISOString()}`);
    type StoredSchedule = {
      id: string;
      name: string;
      liveDriftMargin: number;
      liveDriftMinPoints: number;
      retrainOnDrift: boolean;
      run: { levels: number[]; models: { kind: string; params: Record<string, unknown> }[] };
    };
    const named = ((await (await apiFetch('/api/schedules')).json()) as StoredSchedule[]).filter((s) => s.name === scheduleName);
    assert.equal(named.length, 1, 'one schedule for a double click');
    const stored = named[0];
    assert.deepEqual([stored.liveDriftMargin, stored.liveDriftMinPoints, stored.retrainOnDrift], [0.3, 24, false]);
    assert.deepEqual(stored.run.levels, [90]);
    assert.deepEqual(stored.run.models.find((m) => m.kind === 'theta')?.params, { theta: 3 });

    // Run now: the run shows under "Last run" as it goes, and ends completed.
    assert.equal(await row.getAttribute('data-paused'), 'false');
    const ranAt = Date.now();
    await row.getByRole('button', { name: /^Run now/ }).click();
    await page.locator('[data-schedule-notice]', { hasText: 'queued' }).waitFor();
    await page.locator(`tr[data-schedule="${scheduleName}"] [data-last-run="completed"]`).waitFor({ timeout: 120_000 });
    assert.match(await row.locator('[data-last-run]').innerText(), /Completed/);
    // The last run is the one just started (its time and its page), the next still the planned one.
    const lastAt = Date.parse((await row.locator('[data-last-run] time').getAttribute('datetime')) ?? '');
    assert.ok(lastAt >= ranAt - 5_000 && lastAt <= Date.now(), `last run at ${new Date(lastAt).toISOString()}, run now clicked at ${new Date(ranAt).toISOString()}`);
    const lastRunId = ((await row.locator('[data-last-run] a').getAttribute('href')) ?? '').split('/').pop() ?? '';
    const lastRun = (await (await apiFetch(`/api/runs/${lastRunId}`)).json()) as { status: string; scheduleId: string | null };
    assert.deepEqual([lastRun.status, lastRun.scheduleId], ['completed', stored.id]);
    assert.equal(Date.parse((await row.locator('[data-next-run] time').getAttribute('datetime')) ?? ''), nextAt);

    // Edit: the form comes back with what was saved; a change is saved by the same contract.
    await row.getByRole('button', { name: /^Edit/ }).click();
    const edit = page.locator('[data-form="schedule-edit"]');
    await edit.waitFor();
    await page.locator('#schedule-edit-param-theta-theta').waitFor();
    assert.equal(await page.locator('#schedule-edit-param-theta-theta').inputValue(), '3');
    assert.equal(await page.locator('#schedule-edit-levels').inputValue(), '90');
    assert.equal(await page.locator('#schedule-edit-every').inputValue(), '7');
    assert.equal(await page.locator('#schedule-edit-live-margin').inputValue(), '30');
    assert.equal(await page.locator('#schedule-edit-live-points').inputValue(), '24');
    assert.equal(await page.locator('#schedule-edit-retrain-on-drift').isChecked(), false);
    assert.equal(await page.locator('#schedule-edit-dataset').isDisabled(), true);
    await page.locator('#schedule-edit-horizon').fill('6');
    await screenshotsAtBothWidths(page, 'schedule-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('[data-schedule-notice]', { hasText: 'Saved' }).waitFor();
    await page.waitForFunction((n) => /h=6 ·/.test(document.querySelector(`tr[data-schedule="${n}"]`)?.textContent ?? ''), scheduleName);
    await screenshotsAtBothWidths(page, 'schedules');

    await row.getByRole('button', { name: /^Delete/ }).click();
    await row.waitFor({ state: 'detached' });
  } finally {
    await close();
  }
});

test('a transaction log: the preview offers "no series id (one series)", and uploads it as one series', { timeout: 120_000 }, async () => {
  const lines = ['when,customer,product,amount'];
  const customers = ['ann', 'bob', 'cid'];
  for (let day = 1; day <= 20; day++) {
    for (let sale = 0; sale < 3; sale++) {
      lines.push(`2024-03-${String(day).padStart(2, '0')} ${String(9 + sale * 3).padStart(2, '0')}:15,${customers[(day + sale) % 3]},tea,${(day % 4) + sale + 1}`);
    }
  }
  const file = await scratch.writeCsv('sales-log.csv', lines);
  const name = `sales log e2e ${stamp}`;
  scratch.track(name);
  const { page, close } = await openBrowser();
  try {
    await chooseUpload(page, file);
    const problems = page.locator('table[data-table="preview-problems"]');
    await problems.waitFor();
    assert.match(await problems.innerText(), /cannot tell which column holds the series ids/i);
    assert.equal(await page.getByRole('button', { name: 'Upload' }).isDisabled(), true);

    await page.getByLabel('Series id column').selectOption({ label: 'No series id (one series)' });
    await page.getByLabel('Value column').selectOption('amount');
    await page.getByLabel('Resample to').selectOption('day');
    await problems.waitFor({ state: 'detached' });
    await page.waitForFunction(() => /Series id column\s*none \(one series\)/i.test(document.querySelector('[data-detected]')?.textContent ?? ''));
    assert.match(await page.locator('[data-rows-points]').innerText(), /one point of one series, unless rows at the same time are merged/);
    assert.equal(await page.getByRole('button', { name: 'Upload' }).isDisabled(), false);
    await screenshotsAtBothWidths(page, 'upload-preview-one-series');

    const ready = await uploadChosen(page, name);
    assert.match(await ready.innerText(), /1 series, 20 points, 1d/);
  } finally {
    await close();
  }
});
