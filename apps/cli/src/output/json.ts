/** Exactly one JSON document on stdout per command run with --json. */
import type { Io } from './io.js';

export function writeJson(io: Io, document: unknown): void {
  io.out(`${JSON.stringify(document, null, 2)}\n`);
}
