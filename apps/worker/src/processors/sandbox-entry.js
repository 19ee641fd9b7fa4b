'use strict';
// BullMQ loads a sandboxed processor file with import(), which bypasses the TypeScript require hook the worker runs
// under (node -r @swc-node/register). This CommonJS entry is loaded through require, so the processors load as usual.
const { runSandboxedJob } = require('./sandboxed-processors.ts');

// A child whose worker died (SIGKILL, OOM) exits instead of training on for nobody: its job is recovered as stalled.
process.on('disconnect', () => process.exit(1));

module.exports = runSandboxedJob;
