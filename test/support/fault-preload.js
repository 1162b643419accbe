// Preloaded into the app (node -r) by test/common/process-guard.int-spec.ts: on SIGUSR2 it
// produces what a dying database produces with nobody listening: a rejected promise (as pg-boss's
// unawaited Manager.fail) and an 'error' event without a listener (a lost pg connection).
const { EventEmitter } = require('node:events');
process.on('SIGUSR2', () => {
  void Promise.reject(
    Object.assign(new Error('simulated: could not store "Zonnebloem wil praten"'), { code: 'ECONNREFUSED' }),
  );
  setImmediate(() => {
    new EventEmitter().emit(
      'error',
      Object.assign(new Error('terminating connection due to unexpected postmaster exit'), { code: '57P01' }),
    );
  });
  setTimeout(() => process.stdout.write('fault-preload: done\n'), 200);
});
