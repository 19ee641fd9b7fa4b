import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.mjs';

// Unit tests of the dashboard's pure helpers. The browser test (e2e/*.e2e.ts) needs a running stack and has its own
// runner, so it stays out of `vitest run`.
export default defineConfig({
  ...shared,
  test: { ...shared.test, include: ['features/**/*.spec.ts', 'lib/**/*.spec.ts'] },
});
