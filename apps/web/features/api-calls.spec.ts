import { afterEach, describe, expect, it, vi } from 'vitest';
import { listModelAccuracy, listSeriesAccuracy } from './accuracy/api/live-accuracy.api';
import { signIn, signOut } from './auth/api/auth.api';
import { getSeriesPoints, listSeries } from './datasets/api/datasets.api';
import { forecastFromModel, listModels } from './models/api/models.api';
import { getForecasts, listRuns } from './runs/api/runs.api';
import { listSchedules, updateSchedule } from './schedules/api/schedules.api';
import { revokeInvitation } from './settings/api/settings.api';
import { stubFetch } from '../lib/stub-fetch.testing';

// The feature modules call the API through the typed client: these pin the requests they send to those the
// hand-written URLs sent before, so the API sees no difference.
const id = '0b7c6a52-4a1b-4f55-9d59-0a4c1f9e2b10';

describe('feature API modules', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = stubFetch;
  const sent = (calls: { url: string; init: RequestInit }[]) => calls.map((c) => [c.init.method, c.url]);

  it('leave out empty and false filters, as the "all" lists expect', async () => {
    const calls = answer(200, []);
    await listModels({ datasetId: '', champion: false });
    await listModels({ datasetId: id, champion: true });
    await listRuns('');
    await listSchedules(id);
    expect(sent(calls)).toEqual([
      ['GET', '/api/models'],
      ['GET', `/api/models?datasetId=${id}&champion=true`],
      ['GET', '/api/runs'],
      ['GET', `/api/schedules?datasetId=${id}`],
    ]);
  });

  it('encode path parameters and queries, and pass the abort signal on', async () => {
    const calls = answer(200, []);
    const signal = new AbortController().signal;
    await getForecasts(id, 'a/b c', signal);
    await listSeries(id, '', 50);
    expect(sent(calls)).toEqual([
      ['GET', `/api/runs/${id}/forecasts?seriesId=a%2Fb+c`],
      ['GET', `/api/datasets/${id}/series?search=&limit=50`],
    ]);
    expect(calls[0]?.init.signal).toBe(signal);
    const points = answer(200, { key: 'a/b', timestamps: [], values: [] });
    await getSeriesPoints(id, 'a/b').catch(() => undefined);
    expect(points[0]?.url).toBe(`/api/datasets/${id}/series/a%2Fb`);
  });

  it('page the accuracy lists with offset and limit', async () => {
    const calls = answer(200, { items: [], total: 0, offset: 10, limit: 5 });
    await listModelAccuracy(id, { offset: 10, limit: 5 }).catch(() => undefined);
    await listSeriesAccuracy(id, id, { offset: 0, limit: 50 }).catch(() => undefined);
    expect(calls.map((c) => c.url)).toEqual([`/api/datasets/${id}/accuracy?offset=10&limit=5`, `/api/datasets/${id}/accuracy/series?runModelId=${id}&offset=0&limit=50`]);
  });

  it('send JSON bodies with their method, and expect no body from a 204', async () => {
    const calls = answer(200, {});
    await forecastFromModel(id, { horizon: 4 } as never).catch(() => undefined);
    await updateSchedule(id, { enabled: false } as never).catch(() => undefined);
    await signIn({ email: 'a@b.c', password: 'pw' } as never).catch(() => undefined);
    expect(sent(calls)).toEqual([
      ['POST', `/api/models/${id}/forecast`],
      ['PATCH', `/api/schedules/${id}`],
      ['POST', '/api/auth/login'],
    ]);
    expect(calls.map((c) => [new Headers(c.init.headers).get('content-type'), c.init.body])).toEqual([
      ['application/json', '{"horizon":4}'],
      ['application/json', '{"enabled":false}'],
      ['application/json', '{"email":"a@b.c","password":"pw"}'],
    ]);
    const empty = answer(204, undefined);
    await expect(signOut()).resolves.toBeUndefined();
    await expect(revokeInvitation(id)).resolves.toBeUndefined();
    expect(sent(empty)).toEqual([
      ['POST', '/api/auth/logout'],
      ['DELETE', `/api/members/invitations/${id}`],
    ]);
  });
});
