import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { previewBytes } from './workbook-preview';

/** A workbook whose first sheet is notes and whose table is on the second, as many exports are. */
async function notesFirst(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes').getCell('A1').value = 'Sales by month, exported from the ERP';
  const data = workbook.addWorksheet('Sales Data');
  data.addRow(['month', 'units']);
  for (let m = 1; m <= 6; m++) data.addRow([`2024-0${m}`, 10 * m]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('previewBytes on workbooks', () => {
  it('lists the sheets, and points at the others when the one read has no table', async () => {
    const bytes = await notesFirst();
    const first = await previewBytes(bytes);
    expect(first.sheets).toEqual(['Notes', 'Sales Data']);
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0]!.message).toMatch(/sheet "Notes".*other sheets: "Sales Data".*choose/);
    const chosen = await previewBytes(bytes, { mapping: { sheet: 'Sales Data' } });
    expect(chosen).toMatchObject({ sheets: ['Notes', 'Sales Data'], problems: [], seriesCount: 1, frequency: { unit: 'month', step: 1 } });
  });

  it('has no sheets for a CSV', async () => {
    expect((await previewBytes(new TextEncoder().encode('month,units\n2024-01,1\n2024-02,2\n'))).sheets).toBeNull();
  });
});
