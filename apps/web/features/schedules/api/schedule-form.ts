import type { CreateScheduleBody, EnsembleSpec, ModelKind, Schedule } from '@foretell/contracts';

/** What the create form holds, as typed (strings), before it becomes a request body. */
export interface ScheduleDraft {
  datasetId: string;
  name: string;
  trigger: 'cron' | 'interval';
  cron: string;
  timezone: string;
  every: string;
  unit: 'minutes' | 'hours' | 'days';
  horizon: string;
  windows: string;
  models: ModelKind[];
  /** An ensemble of the best `top` models by backtest error; absent or method `none`: no ensemble. */
  ensemble?: { method: EnsembleSpec['method'] | 'none'; top: string };
  driftPercent: string;
  webhookUrl: string;
}

const UNIT_SECONDS = { minutes: 60, hours: 3_600, days: 86_400 } as const;

/**
 * The POST /api/schedules body for a draft, or the first thing to fix. Numbers are checked for being numbers here;
 * ranges and the cron pattern are the API's to judge (its 400 names the field).
 */
export function scheduleBody(d: ScheduleDraft): { body: CreateScheduleBody } | { error: string } {
  if (!d.datasetId) return { error: 'Choose a dataset.' };
  if (!d.models.length) return { error: 'Choose at least one model.' };
  const horizon = Number(d.horizon);
  const windows = Number(d.windows);
  const drift = Number(d.driftPercent);
  if (!Number.isInteger(horizon) || horizon < 1) return { error: 'The horizon must be a whole number of points, 1 or more.' };
  if (!Number.isInteger(windows) || windows < 1) return { error: 'Backtest windows must be a whole number, 1 or more.' };
  if (!Number.isFinite(drift) || drift < 0) return { error: 'The drift threshold must be a percentage, 0 or more.' };
  const ensembles: EnsembleSpec[] = [];
  if (d.ensemble && d.ensemble.method !== 'none') {
    const top = Number(d.ensemble.top);
    if (!Number.isInteger(top) || top < 2 || top > d.models.length) {
      return { error: `The ensemble combines 2 to ${d.models.length} of the chosen models.` };
    }
    ensembles.push({ method: d.ensemble.method, top });
  }
  const body: CreateScheduleBody = {
    datasetId: d.datasetId,
    run: { horizon, models: d.models.map((kind) => ({ kind, params: {} })), ...(ensembles.length ? { ensembles } : {}), backtest: { windows } },
    driftThreshold: drift / 100,
  };
  if (d.name.trim()) body.name = d.name.trim();
  if (d.webhookUrl.trim()) body.webhookUrl = d.webhookUrl.trim();
  if (d.trigger === 'cron') {
    if (!d.cron.trim()) return { error: 'Write a cron pattern, e.g. "0 3 * * 1" for Mondays at 03:00.' };
    body.cron = d.cron.trim();
    if (d.timezone.trim()) body.timezone = d.timezone.trim();
  } else {
    const every = Number(d.every);
    if (!Number.isFinite(every) || every <= 0) return { error: 'The interval must be a positive number.' };
    body.everySeconds = Math.round(every * UNIT_SECONDS[d.unit]);
  }
  return { body };
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
