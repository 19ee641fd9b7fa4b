import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import ExcelJS from 'exceljs';
import { chooseUpload, openBrowser, removeDatasetsNamed, screenshot, uploadChosen } from './browser';

const name = `workbook e2e ${Date.now()}`;
let dir = '';

after(async () => {
  await removeDatasetsNamed(name);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a workbook whose table is not on its first sheet: the preview points at the others, the user picks one, and it uploads', { timeout: 120_000 }, async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes').getCell('A1').value = 'Sales by month, exported from the ERP';
  const data = workbook.addWorksheet('Sales Data');
  data.addRow(['month', 'units']);
  for (let m = 1; m <= 9; m++) data.addRow([`2024-0${m}`, 10 * m]);
  dir = await mkdtemp(path.join(tmpdir(), 'foretell-e2e-workbook-'));
  const file = path.join(dir, 'erp-export.xlsx');
  await writeFile(file, new Uint8Array(await workbook.xlsx.writeBuffer()));

  const { page, close } = await openBrowser();
  try {
    await chooseUpload(page, file);
    const problems = page.locator('table[data-table="preview-problems"]');
    await problems.waitFor();
    assert.match(await problems.innerText(), /sheet "Notes".*other sheets: "Sales Data"/);
    assert.equal(await page.getByRole('button', { name: 'Upload' }).isDisabled(), true);

    const sheet = page.getByLabel('Sheet');
    assert.equal(await sheet.locator('option:checked').innerText(), 'First: Notes');
    await sheet.selectOption('Sales Data');
    await page.waitForFunction(() => document.querySelector('[data-detected]')?.textContent?.includes('units'));
    assert.equal(await problems.count(), 0);
    await screenshot(page, 'upload-workbook-sheet');

    const ready = await uploadChosen(page, name);
    assert.match(await ready.innerText(), /1 series, 9 points/);
  } finally {
    await close();
  }
});
