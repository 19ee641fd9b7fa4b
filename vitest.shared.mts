import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** Shared by every project's vitest.config.ts: SWC so Nest's decorator metadata is emitted in tests too. */
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
