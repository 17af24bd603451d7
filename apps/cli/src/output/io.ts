/**
 * The only way the CLI writes anything. Every byte to stdout or stderr passes through `redact`,
 * so a password that reached a message by any route (a driver's error, a config value, a URL in
 * a statement) is masked at this one choke point rather than at each call site.
 */
import { redactSecrets } from '@godwit/core';

export interface Io {
  /** results: tables for people, or the one JSON document */
  out(text: string): void;
  /** logs and error lines */
  err(text: string): void;
  /** whether stderr is a terminal (pretty logs) */
  readonly stderrIsTty: boolean;
  /** mask this secret (and its URL-encoded spellings) in everything written from now on */
  addSecret(secret: string | undefined): void;
  redact(text: string): string;
}

export interface IoStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export function createIo(streams: IoStreams = { stdout: process.stdout, stderr: process.stderr }): Io {
  const secrets: string[] = [];
  const redact = (text: string) => redactSecrets(text, secrets);
  return {
    out: (text) => void streams.stdout.write(redact(text)),
    err: (text) => void streams.stderr.write(redact(text)),
    stderrIsTty: streams.stderr.isTTY === true,
    addSecret(secret) {
      if (secret && !secrets.includes(secret)) secrets.push(secret);
    },
    redact,
  };
}
