// Preloaded into an API process by tests: on SIGWINCH (a signal Nest's shutdown hooks leave alone) it throws from a
// callback and leaves a rejection unhandled, as a bug in a request's stream handling would.
process.on('SIGWINCH', () => {
  setImmediate(() => {
    throw new Error('injected fault: thrown from a callback');
  });
  void Promise.reject(new Error('injected fault: rejected with no handler'));
});
