import type { Queryable } from './database';

/**
 * Keeps a saved model's forecast for the request waiting for it (see the ModelForecastAnswer table), and first
 * deletes the answers nobody took within the hour (their request timed out or its process ended).
 */
export async function storeModelForecastAnswer(db: Queryable, id: string, answer: unknown): Promise<void> {
  await db.query(`DELETE FROM "ModelForecastAnswer" WHERE "createdAt" < now() - interval '1 hour'`);
  await db.query('INSERT INTO "ModelForecastAnswer" (id, answer) VALUES ($1, $2)', [id, JSON.stringify(answer)]);
}

/** Takes the answer stored under `id` (read and deleted at once): the parsed JSON, or null when there is none. */
export async function takeModelForecastAnswer(db: Queryable, id: string): Promise<unknown> {
  const { rows } = await db.query<{ answer: string }>('DELETE FROM "ModelForecastAnswer" WHERE id = $1 RETURNING answer', [id]);
  return rows[0] ? (JSON.parse(rows[0].answer) as unknown) : null;
}
