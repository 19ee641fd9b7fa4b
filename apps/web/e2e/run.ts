/**
 * Browser tests against a running stack (dashboard at WEB_URL, default http://127.0.0.1:3000, and its API):
 *   node -r @swc-node/register apps/web/e2e/run.ts
 * node:test runs the tests the imports below register and sets a failing exit code if one fails.
 */
import { WEB_URL } from './browser';

async function main() {
  try {
    await fetch(`${WEB_URL}/datasets`, { signal: AbortSignal.timeout(10_000) });
  } catch {
    console.error(`No dashboard answers at ${WEB_URL}. Start the stack first (npm run up at the repository root), or set WEB_URL.`);
    process.exit(1);
  }
  // First: on a fresh stack it signs up the first account through the sign-up page; the others sign in with it.
  await import('./auth.e2e');
  await import('./upload-to-leaderboard.e2e');
  await import('./live-progress.e2e');
  await import('./datasets-and-tracking.e2e');
  await import('./day-first-upload.e2e');
}

void main();
