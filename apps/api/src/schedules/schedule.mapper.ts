import { storedRunConfigSchema, webhookDeliverySchema, type Schedule } from '@foretell/contracts';
import type { Role, Schedule as ScheduleRow } from '@foretell/db';

/**
 * A schedule as `role` may see it: the webhook's signing secret and full address are for members and owners (a viewer
 * could forge deliveries with the one, and an address may carry a token); a viewer sees only where it points.
 */
export function toSchedule(row: ScheduleRow, nextRunAt: Date | null, role: Role): Schedule {
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
    webhookUrl: role === 'viewer' && row.webhookUrl ? new URL(row.webhookUrl).origin : row.webhookUrl,
    webhookSecret: role === 'viewer' ? null : row.webhookSecret,
    lastWebhook: row.lastWebhook === null ? null : webhookDeliverySchema.parse(row.lastWebhook),
    nextRunAt: nextRunAt?.toISOString() ?? null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

