/**
 * The binary's full path: every command but the quick answers (quick-answers.ts) runs here.
 * Loaded by bin.ts with a dynamic import, so `--version` never loads it.
 */
import { setFlagsFromString } from 'node:v8';
import { redactSecrets } from '@godwit/core';
import { main } from './main.js';

// A command is short-lived: V8's young generation need not grow (from its initial 1 MB up to
// 16 MB) to save collections. Kept small, `godwit up` of 500 migrations peaks about 10 MB lower
// and a 14 MB seed file about 40 MB lower, at the same CPU time (bench/results.md). The library
// leaves the embedding application's heap alone: this is the binary's choice only.
setFlagsFromString('--semi-space-growth-factor=1');

export function runCli(argv: readonly string[]): void {
  // `godwit status | head` closes the pipe early: that is the reader's choice, not a failure to report.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }

  main(argv).then(
    (code) => {
      process.exitCode = code;
      // A driver that leaks a socket must not keep a finished command hanging in CI.
      setTimeout(() => process.exit(code), 3000).unref();
    },
    (e: unknown) => {
      // Only reachable through a bug: every expected failure is reported by main.
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stderr.write(`godwit: error: internal error: ${redactSecrets(message)}\n`);
      process.exitCode = 1;
    },
  );
}
