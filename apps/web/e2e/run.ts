/**
 * Browser tests against a running stack (dashboard at WEB_URL, default http://127.0.0.1:3000, and its API):
 *   node -r @swc-node/register apps/web/e2e/run.ts
 * E2E_ONLY (comma-separated file names without `.e2e.ts`) runs only those.
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
  // E2E_ONLY=pages,auth runs only those files (a quicker loop while working on one page).
  const only = process.env.E2E_ONLY?.split(',').map((name) => name.trim());
  for (const file of ['auth', 'upload-to-leaderboard', 'live-progress', 'datasets-and-tracking', 'day-first-upload', 'workbook-upload', 'pages', 'live-accuracy', 'run-forms', 'stale-pages']) {
    if (!only || only.includes(file)) await import(`./${file}.e2e`);
  }
}

void main();
