import { storedRunConfigSchema, webhookDeliverySchema, type Schedule } from '@foretell/contracts';
import type { Schedule as ScheduleRow } from '@foretell/db';

export function toSchedule(row: ScheduleRow, nextRunAt: Date | null): Schedule {
  return {
    id: row.id,
    datasetId: row.datasetId,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    everySeconds: row.everySeconds,
    run: storedRunConfigSchema.parse(row.config),
    paused: row.paused,
    pausedReason: row.pausedReason,
    driftThreshold: row.driftThreshold,
    liveDriftMargin: row.liveDriftMargin,
    liveDriftMinPoints: row.liveDriftMinPoints,
    retrainOnDrift: row.retrainOnDrift,
    webhookUrl: row.webhookUrl,
    webhookSecret: row.webhookSecret,
    lastWebhook: row.lastWebhook === null ? null : webhookDeliverySchema.parse(row.lastWebhook),
    nextRunAt: nextRunAt?.toISOString() ?? null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

