import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, QUEUES, SCHEDULE_MAX_CONSECUTIVE_FAILURES, type Run, type Schedule, type WebhookEvent } from '@foretell/contracts';
import { createQueue } from '@foretell/queue';
import { createApiKey } from './testing/accounts';
import { startWebhookReceiver } from './testing/webhook-receiver';
import { DATASETS, spawnWorker, useTestStack, stopProcess } from './testing/test-stack';
import { eventually, getJson, postJson, uploadCsv, apiFetch } from './testing/http';

/** The airline file cut to its first `rows` months; `scale` multiplies the months after `from` (a level shift). */
function airline(rows: number, { from = 0, scale = 1 } = {}): string {
  const [header, ...lines] = readFileSync(resolve(DATASETS, 'airline-passengers.csv'), 'utf8').trim().split('\n');
  const kept = lines.slice(from, rows).map((line) => {
    const [month, value] = line.split(',');
    return `${month},${Number(value) * scale}`;
  });
  return [header, ...kept].join('\n') + '\n';
}

async function request(method: string, url: string, body?: unknown) {
  const response = await apiFetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as any) };
}

/** Scheduled retraining: the job scheduler fires, runs train on appended data, drift is flagged and a webhook told. */
describe('schedules', () => {
  // The test's webhook receiver listens on 127.0.0.1: the operator allows that host explicitly, as a deployment would.
  const stack = useTestStack({ workerEnv: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    hooks?.close();
  });

  const run = { horizon: 12, models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }], backtest: { windows: 2 } };
  const scheduledRuns = async (scheduleId: string) =>
    ((await getJson(`${stack.url}/runs`)).body as Run[]).filter((r) => r.scheduleId === scheduleId);

  it('refuses schedules it could never run, with the field at fault', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(36) });
    const datasetId = upload.body.id;
    const bad = [
      [{ datasetId, cron: 'every monday', run }, /not a cron pattern/],
      // Four fields would be read from the right (January 3rd at midnight), not refused by the cron parser.
      [{ datasetId, cron: '0 3 * *', run }, /not a cron pattern: it has 4 fields, and a pattern has five .*e\.g\. "0 3 \* \* 1"/],
      [{ datasetId, cron: '0 3 * * 1', timezone: 'Mars/Olympus', run }, /not an IANA time zone/],
      [{ datasetId, cron: '0 3 * * 1', everySeconds: 60, run }, /exactly one of "cron" and "everySeconds"/],
      [{ datasetId, everySeconds: 60, run, webhookUrl: 'ftp://example.com' }, /webhookUrl/],
      [{ datasetId, everySeconds: 60, run: { ...run, models: [{ kind: 'prophet' }] } }, /run\.models/],
      [{ datasetId, everySeconds: 1, run }, /everySeconds.*at least 60 seconds/],
      [{ datasetId, cron: '*/5 * * * * *', run }, /cron.*more than once a minute/],
      ...['http://localhost:8080/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/', 'http://0x7f000002/', 'http://[::ffff:127.0.0.2]/', 'http://[fd00::1]/', 'http://0.0.0.0:9/']
        .map((webhookUrl) => [{ datasetId, everySeconds: 3600, run, webhookUrl }, /webhookUrl/] as const),
    ] as const;
    for (const [body, message] of bad) {
      const response = await postJson(`${stack.url}/schedules`, body);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.message).toMatch(message);
    }
    // What POST /runs refuses for this dataset, refused by the same check, naming the field inside `run`.
    const impossible = [
      [{ ...run, horizon: 30 }, 'run.horizon', /too short for this backtest.*needs at least 62/],
      [{ ...run, backtest: { windows: 12 } }, 'run.horizon', /too short for this backtest/],
      [{ ...run, season: 36 }, 'run.season', /season of 36 steps is as long as or longer than the longest series \(36 points\)/],
      [{ ...run, covariates: { target: ['Passengers'], past: ['visits'], future: [] } }, 'run.covariates', /no series "visits"/],
    ] as const;
    for (const [config, path, message] of impossible) {
      expect((await postJson(`${stack.url}/runs`, { datasetId, ...config })).status).toBe(400);
      const response = await postJson(`${stack.url}/schedules`, { datasetId, everySeconds: 3600, run: config });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.message).toMatch(message);
      expect(response.body.issues).toEqual([{ path, message: response.body.message }]);
    }
    expect((await postJson(`${stack.url}/schedules`, { datasetId: '00000000-0000-4000-8000-000000000000', everySeconds: 60, run })).status).toBe(404);
    expect((await getJson(`${stack.url}/schedules`)).body).toEqual([]);

    const ok = await postJson(`${stack.url}/schedules`, { datasetId, everySeconds: 3600, run });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    for (const webhookUrl of ['http://10.0.0.1/hook', 'http://127.0.0.2/hook']) {
      const patched = await request('PATCH', `${stack.url}/schedules/${ok.body.id}`, { webhookUrl });
      expect(patched.status, JSON.stringify(patched.body)).toBe(400);
      expect(patched.body.message).toMatch(/webhookUrl/);
    }
    expect((await getJson(`${stack.url}/schedules/${ok.body.id}`)).body.webhookUrl).toBeNull();
    const [config, path] = impossible[0];
    const patched = await request('PATCH', `${stack.url}/schedules/${ok.body.id}`, { run: config });
    expect(patched.status, JSON.stringify(patched.body)).toBe(400);
    expect(patched.body.issues[0].path).toBe(path);
    expect((await getJson(`${stack.url}/schedules/${ok.body.id}`)).body.run.horizon).toBe(12);
    expect((await request('DELETE', `${stack.url}/schedules/${ok.body.id}`)).status).toBe(204);
  });

  it('says when it fires, and fires then: an hourly schedule first runs an hour after it is created', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(48) });
    const before = Date.now();
    const created = await postJson(`${stack.url}/schedules`, { datasetId: upload.body.id, everySeconds: 3600, run });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const schedule = created.body as Schedule;
    expect(schedule.lastRunAt).toBeNull();
    expect(Date.parse(schedule.nextRunAt!)).toBeGreaterThanOrEqual(before + 3600_000);
    expect(Date.parse(schedule.nextRunAt!)).toBeLessThanOrEqual(Date.now() + 3600_000);
    // No job is due before the time the API gives.
    const queue = createQueue(QUEUES.schedules, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    try {
      const jobs = await queue.getJobs(['wait', 'delayed', 'prioritized', 'active', 'completed']);
      const ours = jobs.filter((job) => job.data.scheduleId === schedule.id);
      expect(ours.length).toBe(1);
      expect(ours[0]!.timestamp + ours[0]!.delay).toBeGreaterThanOrEqual(Date.parse(schedule.nextRunAt!) - 1_000);
    } finally {
      await queue.close();
    }
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await scheduledRuns(schedule.id)).toEqual([]);
    const listed = ((await getJson(`${stack.url}/schedules`)).body as Schedule[]).find((s) => s.id === schedule.id)!;
    expect(listed).toMatchObject({ lastRunAt: null, nextRunAt: schedule.nextRunAt });

    // Asked to run now: it runs now, and the next firing keeps its time.
    const now = await request('POST', `${stack.url}/schedules/${schedule.id}/run`);
    expect(now.status, JSON.stringify(now.body)).toBe(202);
    await eventually(async () => ((await scheduledRuns(schedule.id)).some((r) => r.status === 'completed') ? true : undefined), 60_000);
    const after = (await getJson(`${stack.url}/schedules/${schedule.id}`)).body as Schedule;
    expect(Date.parse(after.lastRunAt!)).toBeGreaterThanOrEqual(before);
    expect(after.nextRunAt).toBe(schedule.nextRunAt);
    expect((await request('DELETE', `${stack.url}/schedules/${schedule.id}`)).status).toBe(204);
  }, 90_000);

  it('pauses a schedule whose runs fail again and again, says why, and tells the webhook', async () => {
    // A backtest the data cannot hold is refused when the schedule is made; a network whose input window is longer than
    // any series passes that check and fails at every firing.
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(48) });
    const failing = { ...run, models: [{ kind: 'nlinear', params: { inputSize: 1000 } }] };
    const created = await postJson(`${stack.url}/schedules`, { datasetId: upload.body.id, everySeconds: 3600, run: failing, webhookUrl: hooks.url });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as Schedule).id;
    for (let i = 1; i <= SCHEDULE_MAX_CONSECUTIVE_FAILURES; i++) {
      expect((await request('GET', `${stack.url}/schedules/${id}`)).body.paused).toBe(false);
      expect((await request('POST', `${stack.url}/schedules/${id}/run`)).status).toBe(202);
      await eventually(async () => ((await scheduledRuns(id)).filter((r) => r.status === 'failed').length >= i ? true : undefined), 30_000);
    }
    const paused = await eventually(async () => {
      const { body } = await getJson(`${stack.url}/schedules/${id}`);
      return body.paused ? (body as Schedule) : undefined;
    }, 30_000);
    expect(paused.nextRunAt).toBeNull();
    expect(paused.pausedReason).toMatch(new RegExp(`${SCHEDULE_MAX_CONSECUTIVE_FAILURES} scheduled runs in a row failed`));
    expect(paused.pausedReason).toMatch(/backtest|window|long/i);
    const told = await eventually(async () => hooks.received.find((e) => e.scheduleId === id && e.event === 'schedule.paused'), 30_000);
    expect(told.reason).toBe(paused.pausedReason);
    expect(hooks.received.filter((e) => e.scheduleId === id && e.event === 'run.failed').length).toBe(SCHEDULE_MAX_CONSECUTIVE_FAILURES);

    // Resumed by the user: the reason goes, the clock starts again.
    const resumed = await request('PATCH', `${stack.url}/schedules/${id}`, { paused: false });
    expect(resumed.body).toMatchObject({ paused: false, pausedReason: null });
    expect(resumed.body.nextRunAt).not.toBeNull();
  }, 120_000);

  it('checks the webhook address again when it sends: a stored private address is never called', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(48) });
    const created = await postJson(`${stack.url}/schedules`, { datasetId: upload.body.id, everySeconds: 3600, run, webhookUrl: hooks.url });
    const id = (created.body as Schedule).id;
    // As if its name now resolved elsewhere (or the allow-list changed): localhost is not allowed, 127.0.0.1 is.
    const { Client } = await import('pg');
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    await db.query(`UPDATE "Schedule" SET "webhookUrl" = $1 WHERE id = $2`, [hooks.url.replace('127.0.0.1', 'localhost'), id]);
    await db.end();
    const before = hooks.received.length;
    expect((await request('POST', `${stack.url}/schedules/${id}/run`)).status).toBe(202);
    const done = await eventually(async () => (await scheduledRuns(id)).find((r) => r.status === 'completed'), 60_000);
    const queue = createQueue(QUEUES.webhooks, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    try {
      const job = await eventually(async () => {
        const found = await queue.getJob(`${done.id}-run.completed`);
        return found && (await found.isFailed()) ? found : undefined;
      }, 30_000);
      expect(job.failedReason).toMatch(/webhookUrl.*(loopback|127\.0\.0\.1|::1)/);
      expect(job.attemptsMade).toBe(1);
    } finally {
      await queue.close();
    }
    expect(hooks.received.slice(before).filter((e) => e.scheduleId === id)).toEqual([]);
  }, 90_000);

  it("says on the schedule how its webhook's last delivery went, retries only what may pass later, and logs failures as warnings", async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(48) });
    const worker = { log: '' };
    stack.worker.stdout!.on('data', (chunk: Buffer) => (worker.log += chunk.toString()));
    const queue = createQueue(QUEUES.webhooks, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    const receivers = await Promise.all([302, 404, 500].map((status) => startWebhookReceiver(status)));
    try {
      const outcomes: Record<string, { schedule: Schedule; job: { attemptsMade: number; state: string } }> = {};
      for (const [answer, receiver] of [['ok', hooks], ['302', receivers[0]!], ['404', receivers[1]!], ['500', receivers[2]!]] as const) {
        const created = await postJson(`${stack.url}/schedules`, { datasetId: upload.body.id, name: `hook ${answer}`, everySeconds: 3600, run, webhookUrl: receiver.url });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const id = (created.body as Schedule).id;
        expect((created.body as Schedule).lastWebhook).toBeNull();
        expect((await request('POST', `${stack.url}/schedules/${id}/run`)).status).toBe(202);
        const done = await eventually(async () => (await scheduledRuns(id)).find((r) => r.status === 'completed'), 60_000);
        const schedule = await eventually(async () => {
          const { body } = await getJson(`${stack.url}/schedules/${id}`);
          return (body as Schedule).lastWebhook ? (body as Schedule) : undefined;
        }, 30_000);
        const job = (await queue.getJob(`${done.id}-run.completed`))!;
        outcomes[answer] = { schedule, job: { attemptsMade: job.attemptsMade, state: await job.getState() } };
        expect(schedule.lastWebhook).toMatchObject({ event: 'run.completed', runId: done.id, attempt: 1, at: expect.any(String) });
      }
      expect(outcomes.ok!.schedule.lastWebhook).toMatchObject({ outcome: 'delivered', status: 204, error: null });
      // A redirect (never followed) and a 404 will not pass later: failed at once, not retried for an hour.
      expect(outcomes['302']!.schedule.lastWebhook).toMatchObject({ outcome: 'failed', status: 302, error: expect.stringMatching(/answered 302.*redirects are not followed/) });
      expect(outcomes['302']!.job).toEqual({ attemptsMade: 1, state: 'failed' });
      expect(outcomes['404']!.schedule.lastWebhook).toMatchObject({ outcome: 'failed', status: 404, error: expect.stringMatching(/answered 404/) });
      expect(outcomes['404']!.job).toEqual({ attemptsMade: 1, state: 'failed' });
      // A 500 may pass later: retried with backoff.
      expect(outcomes['500']!.schedule.lastWebhook).toMatchObject({ outcome: 'retrying', status: 500, error: expect.stringMatching(/answered 500/) });
      expect(outcomes['500']!.job).toEqual({ attemptsMade: 1, state: 'delayed' });
      // Another address: the outcome was the old one's, and the pending retry goes to the new address, not the old.
      const moved = await request('PATCH', `${stack.url}/schedules/${outcomes['500']!.schedule.id}`, { webhookUrl: hooks.url });
      expect(moved.body.lastWebhook).toBeNull();
      const retried = (await queue.getJob(`${outcomes['500']!.schedule.lastWebhook!.runId}-run.completed`))!;
      await retried.promote();
      const redelivered = await eventually(async () => {
        const { body } = await getJson(`${stack.url}/schedules/${outcomes['500']!.schedule.id}`);
        return (body as Schedule).lastWebhook ?? undefined;
      }, 30_000);
      expect(redelivered).toMatchObject({ outcome: 'delivered', status: 204, attempt: 2 });
      expect(receivers[2]!.deliveries).toHaveLength(1);
      expect(hooks.deliveries.filter((d) => (JSON.parse(d.body) as WebhookEvent).runId === redelivered.runId)).toHaveLength(1);

      // Logged as warnings with the status, never as the worker's internal errors.
      const records = worker.log.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: string; message: string });
      expect(records.filter((r) => r.level === 'error')).toEqual([]);
      for (const status of [302, 404, 500]) {
        expect(records.filter((r) => r.level === 'warn' && r.message.includes(`answered ${status}`)), String(status)).toHaveLength(1);
      }
    } finally {
      await queue.close();
      for (const receiver of receivers) receiver.close();
    }
  }, 180_000);

  it('runs when asked, retrains on appended rows, flags drift, calls the webhook, pauses and is deleted', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(120) });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const datasetId = upload.body.id;

    const created = await postJson(`${stack.url}/schedules`, { datasetId, everySeconds: 60, run, driftThreshold: 0.2, webhookUrl: hooks.url });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const schedule = created.body as Schedule;
    expect(schedule).toMatchObject({ everySeconds: 60, cron: null, paused: false, pausedReason: null, name: 'Retrain airline' });
    expect(Date.parse(schedule.nextRunAt!)).toBeLessThanOrEqual(Date.now() + 60_500);
    // The interval firing itself is tested on the queue (libs/queue schedules.spec.ts); here each run is asked for.
    const runNow = async (completed: number) => {
      expect((await request('POST', `${stack.url}/schedules/${schedule.id}/run`)).status).toBe(202);
      await eventually(async () => ((await scheduledRuns(schedule.id)).filter((r) => r.status === 'completed').length >= completed ? true : undefined), 60_000);
    };
    await runNow(1);
    await runNow(2);

    // Two runs on the same data: the second keeps the champion and sees no drift.
    const [first, second] = await eventually(async () => {
      const done = (await scheduledRuns(schedule.id)).filter((r) => r.status === 'completed').reverse();
      return done.length >= 2 ? done : undefined;
    }, 90_000);
    expect(first!.trigger).toBe('schedule');
    expect(first!.datasetVersion).toBe(1);
    expect(first!.leaderboard[0]).toMatchObject({ kind: 'seasonal_naive', rank: 1 });
    expect(second!.comparison).toMatchObject({
      previousRunId: expect.any(String),
      champion: { kind: 'seasonal_naive' },
      previousChampion: { kind: 'seasonal_naive' },
      change: 0,
      drifted: false,
      championChanged: false,
      comparable: true,
      reason: null,
    });

    // New months arrive at three times the level: the champion's backtest error jumps, beyond the 20% threshold.
    const append = await appendRows(stack.url, datasetId, airline(144, { from: 120, scale: 3 }));
    expect(append.status, JSON.stringify(append.body)).toBeLessThan(300);
    await runNow(3);

    const drifted = await eventually(async () => {
      const runs = await scheduledRuns(schedule.id);
      return runs.find((r) => r.status === 'completed' && r.datasetVersion === 2);
    }, 90_000);
    expect(drifted.comparison!.drifted).toBe(true);
    expect(drifted.comparison!.change!).toBeGreaterThan(0.2);
    expect(drifted.comparison!.previousChampion!.maseNow!).toBeGreaterThan(drifted.comparison!.previousChampion!.mase!);

    const events = await eventually(async () => {
      const forRun = hooks.received.filter((e) => e.runId === drifted.id);
      return forRun.length >= 2 ? forRun : undefined;
    }, 30_000);
    expect(events.map((e) => e.event).sort()).toEqual(['run.completed', 'run.drift']);
    expect(events[0]).toMatchObject({ scheduleId: schedule.id, datasetId, status: 'completed' });
    // Each delivery is signed with the schedule's own secret, as a receiver would check it (README, "Webhooks").
    const webhookSecret = ((await getJson(`${stack.url}/schedules/${schedule.id}`)).body as Schedule).webhookSecret!;
    expect(webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    // Whoever holds the secret can sign deliveries: a viewer sees the schedule, not its secret.
    const viewerKey = await createApiKey(stack.url, stack.owner, 'viewer');
    const asViewer = await apiFetch(`${stack.url}/schedules/${schedule.id}`, { headers: { authorization: `Bearer ${viewerKey}` } });
    const seenByViewer = (await asViewer.json()) as Schedule;
    expect(seenByViewer.webhookSecret).toBeNull();
    // Nor its full address, which may carry a token: only where it points.
    expect(seenByViewer.webhookUrl).toBe(new URL(hooks.url).origin);
    const signed = hooks.deliveries.filter((d) => (JSON.parse(d.body) as WebhookEvent).runId === drifted.id);
    expect(signed).toHaveLength(events.length);
    for (const { body, signature } of signed) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature ?? '') ?? [];
      expect(v1, signature).toBe(createHmac('sha256', webhookSecret).update(`${t}.${body}`).digest('hex'));
    }

    // Paused: no next run, and no new runs once the one in flight (if any) ends.
    const paused = await request('PATCH', `${stack.url}/schedules/${schedule.id}`, { paused: true });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, nextRunAt: null });
    await eventually(async () => ((await scheduledRuns(schedule.id)).every((r) => r.status !== 'queued' && r.status !== 'running') ? true : undefined));
    const count = (await scheduledRuns(schedule.id)).length;
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await scheduledRuns(schedule.id)).length).toBe(count);

    // Switched to cron: next run at the pattern's time.
    const cron = await request('PATCH', `${stack.url}/schedules/${schedule.id}`, { cron: '30 4 * * *', everySeconds: null, paused: false });
    expect(cron.status, JSON.stringify(cron.body)).toBe(200);
    expect(new Date(cron.body.nextRunAt).getUTCHours()).toBe(4);
    expect(new Date(cron.body.nextRunAt).getUTCMinutes()).toBe(30);

    expect((await request('DELETE', `${stack.url}/schedules/${schedule.id}`)).status).toBe(204);
    expect((await getJson(`${stack.url}/schedules/${schedule.id}`)).status).toBe(404);
  }, 240_000);

  it('fires runs with everything a run can set (settings, ensembles, levels, windows, covariates, calendar), and with its edits', async () => {
    // A wide file: the sales to forecast and the visits read beside them (a past covariate).
    const [, ...lines] = airline(96).trim().split('\n');
    const wide = ['Month,sales,visits', ...lines.map((line, i) => `${line},${Number(line.split(',')[1]) * 3 + (i % 5)}`)].join('\n') + '\n';
    const upload = await uploadCsv(stack.url, { name: 'shop.csv', text: wide });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const full = {
      horizon: 6,
      models: [{ kind: 'naive' }, { kind: 'theta', params: { theta: 3 } }, { kind: 'calendar_regression', params: { trend: true } }],
      ensembles: [{ method: 'median', top: 2 }],
      backtest: { windows: 3, step: 4 },
      season: 12,
      levels: [90],
      covariates: { target: ['sales'], past: ['visits'] },
      calendar: { features: ['month'] },
    };
    const created = await postJson(`${stack.url}/schedules`, { datasetId: upload.body.id, cron: '0 3 * * *', run: full });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const schedule = created.body as Schedule;
    expect(schedule.run).toMatchObject(full);

    const fire = async (count: number) => {
      expect((await request('POST', `${stack.url}/schedules/${schedule.id}/run`)).status).toBe(202);
      return eventually(async () => {
        const done = (await scheduledRuns(schedule.id)).filter((r) => r.status === 'completed' || r.status === 'failed');
        return done.length >= count ? done.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0] : undefined;
      }, 90_000);
    };
    const first = await fire(1);
    expect(first.error).toBeNull();
    expect(first).toMatchObject({
      status: 'completed',
      trigger: 'schedule',
      horizon: 6,
      season: 12,
      backtest: { windows: 3, step: 4 },
      levels: [90],
      covariates: { target: ['sales'], past: ['visits'], future: [] },
      calendar: { features: ['month'] },
    });
    const byKind = new Map(first.leaderboard.map((e) => [e.kind, e]));
    expect(byKind.get('theta')?.params).toMatchObject({ theta: 3 });
    expect(byKind.get('calendar_regression')?.params).toMatchObject({ trend: true });
    expect(byKind.get('ensemble')?.members).toHaveLength(2);
    expect(Object.keys(byKind.get('naive')?.coverage ?? {})).toEqual(['90']);

    // An edit is checked by the same contract, and the next firing runs the edited configuration.
    const refused = await request('PATCH', `${stack.url}/schedules/${schedule.id}`, { run: { ...full, levels: [80, 80] } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/80 is given more than once/);
    const edited = await request('PATCH', `${stack.url}/schedules/${schedule.id}`, {
      run: { ...full, models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }], ensembles: [], levels: [80], backtest: { windows: 2 } },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const second = await fire(2);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ status: 'completed', levels: [80], backtest: { windows: 2, step: 6 } });
    expect(second.leaderboard.map((e) => e.kind).sort()).toEqual(['naive', 'seasonal_naive']);
    expect((await request('DELETE', `${stack.url}/schedules/${schedule.id}`)).status).toBe(204);
  }, 240_000);

  it('leaves no job scheduler firing once its dataset is deleted, and a firing for a deleted schedule removes it', async () => {
    const queue = createQueue(QUEUES.schedules, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    try {
      const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(48) });
      const created = await postJson(`${stack.url}/schedules`, { datasetId: upload.body.id, everySeconds: 3600, run });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(await queue.getJobScheduler(created.body.id)).toBeTruthy();
      expect((await request('DELETE', `${stack.url}/datasets/${upload.body.id}`)).status).toBe(204);
      expect(await queue.getJobScheduler(created.body.id)).toBeFalsy();

      // Redis and Postgres out of step (a scheduler whose schedule is gone): its next firing removes it.
      const orphan = '00000000-0000-4000-8000-00000000beef';
      await queue.upsertJobScheduler(orphan, { every: 3_600_000, startDate: Date.now() + 3_600_000 }, { name: JOBS.scheduledRun, data: { scheduleId: orphan } });
      await queue.add(JOBS.scheduledRun, { scheduleId: orphan });
      await eventually(async () => ((await queue.getJobScheduler(orphan)) ? undefined : true), 30_000);
    } finally {
      await queue.close();
    }
  });

  it('survives Redis losing its job schedulers: the worker restores them from Postgres at boot', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(48) });
    const created = await postJson(`${stack.url}/schedules`, { datasetId: upload.body.id, cron: '0 3 * * 1', timezone: 'Europe/Paris', run });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const queue = createQueue(QUEUES.schedules, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    try {
      await queue.removeJobScheduler(created.body.id);
      expect((await getJson(`${stack.url}/schedules/${created.body.id}`)).body.nextRunAt).toBeNull();
      const worker = spawnWorker(stack.env);
      try {
        const restored = await eventually(async () => {
          const { body } = await getJson(`${stack.url}/schedules/${created.body.id}`);
          return body.nextRunAt ? (body as Schedule) : undefined;
        }, 30_000);
        expect(new Date(restored.nextRunAt!).getUTCDay()).toBe(1);
      } finally {
        await stopProcess(worker);
      }
    } finally {
      await queue.close();
    }
  }, 60_000);
});

/** Appends rows to a dataset (multipart, like an upload). */
async function appendRows(apiUrl: string, datasetId: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(text)], { type: 'text/csv' }), 'more.csv');
  const response = await apiFetch(`${apiUrl}/datasets/${datasetId}/rows`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}
