import { deliverWebhookJobSchema } from '@foretell/contracts';
import { defineProcessor } from '@foretell/queue';
import { deliverWebhook } from '../schedules/run-outcome';
import type { InProcessContext } from './in-process-context';

/** In-process: one webhook delivery (a POST, retried with backoff when it may pass later). */
export default ({ db, webhookAllowedHosts }: InProcessContext) =>
  defineProcessor(deliverWebhookJobSchema, (data, job) => deliverWebhook(db.prisma, data, job, webhookAllowedHosts));
