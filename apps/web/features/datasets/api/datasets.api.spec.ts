import { describe, expect, it } from 'vitest';
import type { Dataset } from '@foretell/contracts';
import { readUploadAnswer } from './datasets.api';

const dataset: Dataset = {
  id: '7f0c3f1e-1b8a-4c1e-9a55-2a1f1c7e0b11',
  name: 'airline',
  status: 'ingesting',
  error: null,
  problems: [],
  bytes: 2180,
  profile: null,
  version: 1,
  contentHash: null,
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('readUploadAnswer', () => {
  it('accepts a dataset that is still ingesting (202)', () => {
    expect(readUploadAnswer(202, 'Accepted', dataset)).toEqual({ ok: true, dataset });
  });

  it('keeps the problems of a refused file with their rows', () => {
    const body = { message: 'The file has 1 problem', problems: [{ row: 7, column: 'value', message: '"x" is not a number' }] };
    expect(readUploadAnswer(400, 'Bad Request', body)).toEqual({
      ok: false,
      status: 400,
      message: 'The file has 1 problem',
      problems: body.problems,
    });
  });

  it('reports a too-large file with the API message and no problems', () => {
    const answer = readUploadAnswer(413, 'Payload Too Large', { message: 'The file is over 2 GB' });
    expect(answer).toMatchObject({ ok: false, message: 'The file is over 2 GB', problems: [] });
  });

  it('does not pass off a malformed success body as a dataset', () => {
    expect(readUploadAnswer(201, 'Created', { id: 1 })).toMatchObject({ ok: false, status: 201 });
  });

  it('says when the upload never reached the server', () => {
    expect(readUploadAnswer(0, '', undefined)).toMatchObject({ ok: false, message: expect.stringMatching(/did not reach/) });
  });
});
