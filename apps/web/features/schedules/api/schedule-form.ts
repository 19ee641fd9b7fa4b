import { LIVE_DRIFT_DEFAULTS, type CreateScheduleBody, type RunConfigInput, type Schedule, type UpdateScheduleBody } from '@foretell/contracts';

/**
 * What the schedule form holds besides the run fields (shared with the new-run form, ../../runs/api/run-draft): the
 * dataset, when it fires, when to call it drift, whom to tell. As typed (strings), before it becomes a request body.
 */
export interface ScheduleDraft {
  datasetId: string;
  name: string;
  trigger: 'cron' | 'interval';
  cron: string;
  timezone: string;
  every: string;
  unit: 'minutes' | 'hours' | 'days';
  driftPercent: string;
  /** Live drift: how much worse than its backtest (%) the champion's live MASE may get… */
  liveDriftPercent: string;
  /** …over at least this many scored points. */
  liveDriftMinPoints: string;
  retrainOnDrift: boolean;
  webhookUrl: string;
}

const UNIT_SECONDS = { minutes: 60, hours: 3_600, days: 86_400 } as const;

export function initialScheduleDraft(datasetId: string, timezone: string): ScheduleDraft {
  return {
    datasetId,
    name: '',
    trigger: 'cron',
    cron: '0 3 * * *',
    timezone,
    every: '1',
    unit: 'days',
    driftPercent: '20',
    liveDriftPercent: percent(LIVE_DRIFT_DEFAULTS.margin),
    liveDriftMinPoints: String(LIVE_DRIFT_DEFAULTS.minPoints),
    retrainOnDrift: true,
    webhookUrl: '',
  };
}

/** A fraction as the percentage typed in the form, without float noise (0.15 → "15"). */
function percent(fraction: number): string {
  return String(Math.round(fraction * 10_000) / 100);
}

/** A stored schedule back into the form, to edit it: its interval in the largest whole unit. */
export function draftFromSchedule(s: Schedule): ScheduleDraft {
  const seconds = s.everySeconds ?? 86_400;
  const unit = (['days', 'hours', 'minutes'] as const).find((u) => seconds % UNIT_SECONDS[u] === 0) ?? 'minutes';
  return {
    datasetId: s.datasetId,
    name: s.name,
    trigger: s.cron ? 'cron' : 'interval',
    cron: s.cron ?? '0 3 * * *',
    timezone: s.timezone ?? 'UTC',
    every: String(seconds / UNIT_SECONDS[unit]),
    unit,
    driftPercent: percent(s.driftThreshold),
    liveDriftPercent: percent(s.liveDriftMargin),
    liveDriftMinPoints: String(s.liveDriftMinPoints),
    retrainOnDrift: s.retrainOnDrift,
    webhookUrl: s.webhookUrl ?? '',
  };
}

type Timing = { cron: string; timezone?: string } | { everySeconds: number };

type DriftSettings = Pick<CreateScheduleBody, 'driftThreshold' | 'liveDriftMargin' | 'liveDriftMinPoints' | 'retrainOnDrift'>;

/** A typed number, or null when it is blank or not a number. */
function typedNumber(text: string): number | null {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? null : n;
}

function driftSettings(d: ScheduleDraft): { drift: Required<DriftSettings> } | { error: string } {
  const threshold = typedNumber(d.driftPercent);
  if (threshold === null || threshold < 0) return { error: 'The drift threshold must be a percentage, 0 or more.' };
  const margin = typedNumber(d.liveDriftPercent);
  if (margin === null || margin < 0) return { error: 'The live drift margin must be a percentage, 0 or more.' };
  const minPoints = typedNumber(d.liveDriftMinPoints);
  if (minPoints === null || !Number.isInteger(minPoints) || minPoints < 1) return { error: 'The live drift minimum must be a whole number of points, 1 or more.' };
  return { drift: { driftThreshold: threshold / 100, liveDriftMargin: margin / 100, liveDriftMinPoints: minPoints, retrainOnDrift: d.retrainOnDrift } };
}

/** The schedule's own fields, checked for being numbers here; ranges and the cron pattern are the API's to judge. */
function scheduleFields(d: ScheduleDraft): { timing: Timing; drift: Required<DriftSettings> } | { error: string } {
  const settings = driftSettings(d);
  if ('error' in settings) return settings;
  if (d.trigger === 'cron') {
    if (!d.cron.trim()) return { error: 'Write a cron pattern, e.g. "0 3 * * 1" for Mondays at 03:00.' };
    return { timing: { cron: d.cron.trim(), ...(d.timezone.trim() && { timezone: d.timezone.trim() }) }, drift: settings.drift };
  }
  const every = Number(d.every);
  if (!Number.isFinite(every) || every <= 0) return { error: 'The interval must be a positive number.' };
  return { timing: { everySeconds: Math.round(every * UNIT_SECONDS[d.unit]) }, drift: settings.drift };
}

/** The POST /api/schedules body for a draft and its run fields, or the first thing to fix. */
export function scheduleBody(d: ScheduleDraft, run: RunConfigInput): { body: CreateScheduleBody } | { error: string } {
  if (!d.datasetId) return { error: 'Choose a dataset.' };
  const fields = scheduleFields(d);
  if ('error' in fields) return fields;
  const body: CreateScheduleBody = { datasetId: d.datasetId, ...fields.timing, run, ...fields.drift };
  if (d.name.trim()) body.name = d.name.trim();
  if (d.webhookUrl.trim()) body.webhookUrl = d.webhookUrl.trim();
  return { body };
}

/**
 * The PATCH /api/schedules/:id body that makes the schedule what the form shows: the other timing and an emptied
 * webhook are cleared (null), so switching cron ↔ interval or removing the webhook takes.
 */
export function scheduleUpdate(d: ScheduleDraft, run: RunConfigInput): { body: UpdateScheduleBody } | { error: string } {
  const fields = scheduleFields(d);
  if ('error' in fields) return fields;
  const timing: UpdateScheduleBody =
    'cron' in fields.timing
      ? { cron: fields.timing.cron, timezone: fields.timing.timezone ?? null, everySeconds: null }
      : { cron: null, timezone: null, everySeconds: fields.timing.everySeconds };
  return {
    body: {
      ...(d.name.trim() && { name: d.name.trim() }),
      ...timing,
      run,
      ...fields.drift,
      webhookUrl: d.webhookUrl.trim() || null,
    },
  };
}

/** "every 6 hours", "every 90 seconds", or the cron pattern with its zone. */
export function describeTrigger(s: Pick<Schedule, 'cron' | 'timezone' | 'everySeconds'>): string {
  if (s.cron) return `cron ${s.cron} (${s.timezone ?? 'UTC'})`;
  const n = s.everySeconds ?? 0;
  for (const [unit, size] of [['day', 86_400], ['hour', 3_600], ['minute', 60]] as const) {
    if (n >= size && n % size === 0) return n === size ? `every ${unit}` : `every ${n / size} ${unit}s`;
  }
  return n === 1 ? 'every second' : `every ${n} seconds`;
}
