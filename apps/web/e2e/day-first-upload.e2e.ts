import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { chooseUpload, openBrowser, removeDatasetsNamed, screenshot, uploadChosen } from './browser';

const name = `day-first e2e ${Date.now()}`;
let dir = '';

after(async () => {
  await removeDatasetsNamed(name);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a day-first file: the preview detects the order, the user confirms it, and it uploads', { timeout: 120_000 }, async () => {
  // The file: semicolons, decimal commas, store ids like H1, dates as 21/01/2015 20:00 (hourly).
  const lines = ['store;time;sales'];
  for (const store of ['H1', 'H2']) {
    for (let h = 0; h < 30; h++) {
      const at = new Date(Date.UTC(2015, 0, 21, 20 + h));
      const pad = (n: number) => String(n).padStart(2, '0');
      const stamp = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${pad(at.getUTCHours())}:00`;
      lines.push(`${store};${stamp};${10 + h},5`);
    }
  }
  dir = await mkdtemp(path.join(tmpdir(), 'foretell-e2e-day-first-'));
  const file = path.join(dir, 'stores-day-first.csv');
  await writeFile(file, `${lines.join('\n')}\n`);

  const { page, close } = await openBrowser();
  try {
    await chooseUpload(page, file);
    const detected = page.locator('[data-detected]');
    await detected.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-detected]')?.textContent?.includes('Date order'));
    const text = await detected.innerText();
    assert.match(text, /Timestamp column\s+time/i);
    assert.match(text, /Series id column\s+store/i);
    assert.match(text, /Date order\s+Day first \(21\/01\/2015\), detected \(row 2: 21\/01\/2015 20:00\)/i);
    assert.match(text, /Frequency\s+1h/i);
    const firstRow = await page.locator('table[data-table="preview-rows"] tbody tr').first().innerText();
    assert.match(firstRow, /Jan 21, 2015/);
    assert.match(firstRow, /10\.5/);

    // Confirm the detected order: it goes into the mapping the preview and the upload send.
    const order = page.getByLabel('Date order');
    assert.equal(await order.locator('option:checked').innerText(), 'Detected: day first (21/01/2015)');
    await order.selectOption('dmy');
    await page.waitForFunction(() => document.querySelector('[data-detected]')?.textContent?.includes('as chosen'));
    await screenshot(page, 'upload-day-first');

    const ready = await uploadChosen(page, name);
    assert.match(await ready.innerText(), /2 series, 60 points, 1h/);
  } finally {
    await close();
  }
});
