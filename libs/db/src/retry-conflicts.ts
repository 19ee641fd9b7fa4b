/**
 * Runs `transaction` again when Postgres aborted it for a write conflict or a deadlock (Prisma's P2034): two
 * transactions that lock the same rows in different orders (a cancel and a worker claiming a fit) cannot both go
 * through, and the one aborted succeeds when retried. Other errors (or those `retryable` refuses), and the last
 * attempt's, propagate.
 */
export async function retryOnConflict<T>(
  transaction: () => Promise<T>,
  attempts = 4,
  retryable: (error: unknown) => boolean = (error) => (error as { code?: unknown }).code === 'P2034',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt * (1 + Math.random())));
    }
  }
}
