'use strict';
// BullMQ loads a sandboxed processor file with import(), which bypasses the TypeScript require hook the worker runs
// under (node -r @swc-node/register). This CommonJS entry is loaded through require, so the processors load as usual.
const { runSandboxedJob } = require('./sandboxed-processors.ts');

module.exports = runSandboxedJob;
