import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { apiFetch, appendCsv, getJson, uploadCsv, uploadDataset } from './testing/http';
import { useTestStack } from './testing/test-stack';

/**
 * Uploads, appends, previews and JSON bodies that a fresh-eyes attacker sent through the real API, queue, worker and
 * Postgres: each answers 4xx in the API's words, naming the fault, and keeps nothing.
 */
describe('upload and request validation', () => {
  const stack = useTestStack({ workerEnv: { UPLOADS_PER_HOUR: '1000', UPLOADS_PER_WORKSPACE_HOUR: '1000' } });

  const days = (n: number, id = 'a') => Array.from({ length: n }, (_, i) => `${id},2024-01-${String(i + 1).padStart(2, '0')},${i}`);
  const longFile = (...lines: string[]) => ({ name: 'long.csv', text: ['id,day,v', ...lines].join('\n') + '\n' });
  const datasetCount = async () => ((await getJson(`${stack.url}/datasets`)).body as unknown[]).length;
  /** A multipart body with its parts in the order given (FormData keeps it). */
  const form = (parts: [string, string | Blob, string?][]) => {
    const body = new FormData();
    for (const [name, value, filename] of parts) {
      if (typeof value === 'string') body.append(name, value);
      else body.append(name, value, filename);
    }
    return body;
  };
  const post = async (path: string, init: RequestInit) => {
    const response = await apiFetch(`${stack.url}/${path}`, { method: 'POST', ...init });
    return { status: response.status, body: (await response.json()) as { message: string; issues?: { path: string }[]; problems?: { message: string }[] } };
  };

  describe('over-long series ids and column names', () => {
    const longId = randomBytes(1_500).toString('hex'); // 3,000 characters that do not compress

    it('refuses them in uploads, previews and appends, naming row, column and length, never the database index', async () => {
      // Two rows, so the series would be whole: before the limit, Postgres's index refused its key.
      const rows = days(2, longId);
      const message = ['Row 4', 'Row 5'].map((row) => `${row}, column "id": series id is 3000 characters; the most is 500`).join('; ');
      const before = await datasetCount();
      const upload = await uploadCsv(stack.url, longFile(...days(2), ...rows));
      expect(upload.status).toBe(400);
      expect(upload.body.message).toBe(`The CSV file cannot be used: ${message}`);
      expect(await datasetCount()).toBe(before);

      const preview = await post('datasets/preview', { headers: { 'content-type': 'text/csv' }, body: longFile(...days(2), ...rows).text });
      expect(preview.status).toBe(200);
      expect(preview.body.problems?.map((p) => p.message).join('; ')).toBe(message);

      const id = await uploadDataset(stack.url, longFile(...days(3)));
      const append = await appendCsv(stack.url, id, longFile(...days(2), ...rows));
      expect(append.status).toBe(400);
      expect(append.body.message).toBe(`The CSV file cannot be used: ${message}`);

      const wide = await uploadCsv(stack.url, { name: 'wide.csv', text: `day,a,${longId}\n2024-01-01,1,2\n2024-01-02,1,2\n` });
      expect(wide.status).toBe(400);
      expect(wide.body.message).toMatch(/^The CSV file cannot be used: Row 1: column 3 \("[0-9a-f]{37}\.\.\."\) has a name of 3000 characters; the most is 500$/);
    });
  });

  describe('multipart fields', () => {
    const csv = () => new Blob([longFile(...days(3)).text], { type: 'text/csv' });

    it('refuses name or mapping sent after the file, and a second file, keeping no dataset', async () => {
      const before = await datasetCount();
      const late = await post('datasets', { body: form([['file', csv(), 'a.csv'], ['mapping', '{"dateOrder":"dmy"}']]) });
      expect(late.status).toBe(400);
      expect(late.body.message).toBe('The "mapping" field came after the file: send name and mapping before file.');
      const lateName = await post('datasets', { body: form([['file', csv(), 'a.csv'], ['name', 'sales']]) });
      expect(lateName.status).toBe(400);
      expect(lateName.body.message).toMatch(/"name" field came after the file/);
      const twice = await post('datasets', { body: form([['file', csv(), 'a.csv'], ['file', csv(), 'b.csv']]) });
      expect(twice.status).toBe(400);
      expect(twice.body.message).toMatch(/more than one file/);
      const crowded = await post('datasets', { body: form([...Array.from({ length: 10 }, (_, i): [string, string] => [`x${i}`, '1']), ['mapping', '{"dateOrder":"dmy"}'], ['file', csv(), 'a.csv']]) });
      expect(crowded.status).toBe(400);
      expect(crowded.body.message).toMatch(/more than 10 fields/);
      expect(await datasetCount()).toBe(before);
      // Before the file, they are read.
      const named = await post('datasets', { body: form([['name', 'sales'], ['file', csv(), 'a.csv']]) });
      expect(named.status).toBe(201);
      expect(named.body).toMatchObject({ name: 'sales' });
    });

    it('refuses a mapping or name sent with an append, which reads the dataset’s own columns, and a second file', async () => {
      const id = await uploadDataset(stack.url, longFile(...days(3)));
      for (const parts of [
        [['mapping', '{"dateOrder":"dmy"}'], ['file', csv(), 'a.csv']],
        [['file', csv(), 'a.csv'], ['name', 'x']],
      ] as [string, string | Blob, string?][][]) {
        const append = await post(`datasets/${id}/rows`, { body: form(parts) });
        expect(append.status).toBe(400);
        expect(append.body.message).toMatch(/read with the dataset's own columns and date form: send the file alone/);
      }
      const twice = await post(`datasets/${id}/rows`, { body: form([['file', csv(), 'a.csv'], ['file', csv(), 'b.csv']]) });
      expect(twice.status).toBe(400);
      expect((await getJson(`${stack.url}/datasets/${id}`)).body.version).toBe(1);
    });
  });

  it('tells an append with undecidable dates to write them in the dataset’s form, not to declare a mapping it cannot send', async () => {
    const id = await uploadDataset(stack.url, { name: 'days.csv', text: 'day,v\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n' });
    const append = await appendCsv(stack.url, id, { name: 'more.csv', text: 'day,v\n04/01/2024,4\n05/01/2024,5\n' });
    expect(append.status).toBe(400);
    expect(append.body.message).toMatch(/appended rows are read in the dataset's own date form \(year first, such as 2024-01-31/);
    expect(append.body.message).not.toMatch(/column mapping/);
  });

  describe('bodies a route cannot read', () => {
    const runs = (headers: Record<string, string>, body: string | Uint8Array) => post('runs', { headers, body });

    it('answers invalid JSON with its position, not the parser’s text', async () => {
      const csv = await runs({ 'content-type': 'application/json' }, 'date,store\n2024-01-01,a\n');
      expect(csv).toEqual({ status: 400, body: expect.objectContaining({ message: 'The request body is not valid JSON (position 0).' }) });
      const comma = await runs({ 'content-type': 'application/json' }, '{"horizon":1,}');
      expect(comma.body.message).toBe('The request body is not valid JSON (position 13).');
    });

    it('answers a JSON route sent another content type with 415 naming JSON', async () => {
      const plain = await runs({ 'content-type': 'text/plain' }, '{"horizon":1}');
      expect(plain.status).toBe(415);
      expect(plain.body.message).toMatch(/application\/json/);
      // A form is another type too, even one whose fields would pass validation (the README: bodies are JSON).
      const form = await post('workspaces', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=Form+workspace' });
      expect(form.status).toBe(415);
      expect(form.body.message).toMatch(/application\/json/);
    });

    it('answers a body that is not the gzip its content-encoding claims with a 400 saying so', async () => {
      const fake = await runs({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{"horizon":1}');
      expect(fake).toEqual({ status: 400, body: expect.objectContaining({ message: 'The body is not valid gzip.' }) });
    });

    it('answers a preview sent as a form with 415, not "The file is empty"', async () => {
      const urlencoded = await post('datasets/preview', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'day,v\n2024-01-01,1\n' });
      expect(urlencoded.status).toBe(415);
      expect(urlencoded.body.message).toMatch(/not application\/x-www-form-urlencoded: send text\/csv/);
    });

    it('calls a damaged workbook a workbook, without the zip reader’s words', async () => {
      const zip = new JSZip();
      zip.file('xl/workbook.xml', 'x'.repeat(5_000));
      const cut = (await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })).subarray(0, 60);
      const upload = await uploadCsv(stack.url, { name: 'sales.xlsx', text: cut });
      expect(upload.status).toBe(400);
      // Its first 60 bytes: a workbook cut short, and said so.
      expect(upload.body.message).toBe(
        'The workbook cannot be used: the workbook ends before its last part does: the file was cut short (an upload or download that stopped early) or is damaged: send the whole file, or save it again as .xlsx or as CSV',
      );
    });
  });

  describe('column mappings', () => {
    const withMapping = (mapping: string) => uploadCsv(stack.url, longFile(...days(3)), { mapping });

    it('names every field at fault, in the message and the issues', async () => {
      const bad = await withMapping('{"layout":5,"timestamp":1,"sheet":""}');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^Invalid column mapping: mapping\.layout: .*; mapping\.timestamp: .*; mapping\.sheet: /);
      expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['mapping.layout', 'mapping.timestamp', 'mapping.sheet']);
    });

    it('refuses an unknown field (a misspelt dateOrder) naming it', async () => {
      const typo = await withMapping('{"dateorder":"dmy"}');
      expect(typo.status).toBe(400);
      expect(typo.body.message).toMatch(/^Invalid column mapping: mapping\.dateorder: is not a mapping field \(they are layout, .*dateOrder/);
      const nested = await withMapping('{"resample":{"frequency":{"unit":"week","step":1},"aggregate":"sum","agg":"mean"}}');
      expect(nested.body.message).toBe('Invalid column mapping: mapping.resample.agg: is not a field of mapping.resample');
    });

    it('shows the form of a resampling frequency to a client that wrote it as the CLI does ("1d")', async () => {
      const shorthand = await withMapping('{"resample":{"frequency":"1d","aggregate":"sum"}}');
      expect(shorthand.body.message).toBe(
        'Invalid column mapping: mapping.resample.frequency: expected a frequency such as {"unit": "day", "step": 1} (unit: second, minute, hour, day, week, month, quarter or year)',
      );
    });
  });

  it('says when the name it refuses came from the file name, not from a name the user typed', async () => {
    const text = longFile(...days(3)).text;
    const fromFile = await uploadCsv(stack.url, { name: '../../etc/passwd.csv', text });
    expect(fromFile.status).toBe(400);
    expect(fromFile.body.message).toBe(
      'The dataset name taken from the file name "../../etc/passwd.csv" must not contain <, >, slashes or control characters, nor start with a dot: give a name in the "name" field, or rename the file.',
    );
    const typed = await uploadCsv(stack.url, { name: '../../etc/passwd.csv', text }, { name: 'a/b' });
    expect(typed.body.message).toBe('The dataset name must not contain <, >, slashes or control characters, nor start with a dot.');
    expect((await uploadCsv(stack.url, { name: '../../etc/passwd.csv', text }, { name: 'passwords' })).status).toBe(201);
  });

  it('searches series keys for % and _ as themselves, not as wildcards', async () => {
    const id = await uploadDataset(stack.url, longFile(...days(2, 'a_b'), ...days(2, 'axb'), ...days(2, 'c%d'), ...days(2, 'cd')));
    const search = async (text: string) => ((await getJson(`${stack.url}/datasets/${id}/series?search=${encodeURIComponent(text)}`)).body as { id: string }[]).map((s) => s.id);
    expect(await search('_')).toEqual(['a_b']);
    expect(await search('%')).toEqual(['c%d']);
    expect(await search('a_b')).toEqual(['a_b']);
    expect(await search('\\')).toEqual([]);
    expect(await search('C')).toEqual(['c%d', 'cd']);
  });
});
