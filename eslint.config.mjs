import nx from '@nx/eslint-plugin';

const SERVER_PACKAGES = ['@nestjs/*', '@prisma/*', 'bullmq', 'ioredis', 'pg', 'express'];

/**
 * libs/forecasting, bottom up: core ← evaluation, calendar, stats, neural/wasm ← neural/ops ← neural/layers ←
 * neural/training ← models ← engine (← index.ts), as libs/forecasting/README.md describes. Each folder lists the
 * ones it must not import (by relative path).
 */
const ABOVE_NEURAL = ['models', 'engine', 'stats', 'calendar', 'evaluation'];
const FORECASTING_LAYERS = [
  { dir: 'core', above: ['evaluation', 'calendar', 'stats', 'neural', 'models', 'engine'] },
  { dir: 'evaluation', above: ['calendar', 'stats', 'neural', 'models', 'engine'] },
  { dir: 'calendar', above: ['evaluation', 'stats', 'neural', 'models', 'engine'] },
  { dir: 'stats', above: ['evaluation', 'calendar', 'neural', 'models', 'engine'] },
  { dir: 'neural/wasm', above: ['ops', 'layers', 'training', ...ABOVE_NEURAL] },
  { dir: 'neural/ops', above: ['layers', 'training', ...ABOVE_NEURAL] },
  { dir: 'neural/layers', above: ['training', ...ABOVE_NEURAL] },
  { dir: 'neural/training', above: ABOVE_NEURAL },
  { dir: 'models', above: ['engine'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/.next', '**/.next-*', '**/node_modules', 'libs/db/src/generated/**', '**/next-env.d.ts'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // The dependency rules of docs/ARCHITECTURE.md.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:forecasting', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:db', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:queue', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:db', 'scope:queue', 'scope:ingest'] },
            {
              sourceTag: 'scope:worker',
              onlyDependOnLibsWithTags: ['scope:contracts', 'scope:db', 'scope:queue', 'scope:forecasting', 'scope:ingest'],
            },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:forecasting', 'scope:ingest'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:contracts'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Package-level bans the tag rules cannot express.
    files: ['libs/forecasting/**/*.ts', 'libs/ingest/**/*.ts', 'libs/contracts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: SERVER_PACKAGES }] },
  },
  // The layers inside libs/forecasting (docs/ARCHITECTURE.md), each a later entry so it keeps the package bans.
  ...FORECASTING_LAYERS.map(({ dir, above }) => ({
    files: [`libs/forecasting/src/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: SERVER_PACKAGES, message: 'libs/forecasting runs in any process: no server packages.' },
            {
              group: above.flatMap((layer) => [`**/${layer}`, `**/${layer}/**`]),
              message: `libs/forecasting/src/${dir} sits below ${above.join(', ')}: it may not import from them.`,
            },
          ],
        },
      ],
    },
  })),
];
