import nx from '@nx/eslint-plugin';

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
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', '@prisma/*', 'bullmq', 'ioredis', 'pg', 'express'] },
      ],
    },
  },
];
