/**
 * The server's syntax check (syntax-probe.ts) for a whole run at once: core's `preparePlan` hands
 * over every part before the first `prepare`, and the parts the lexical scan can split are sent
 * to the server in as few probes as fit (one for a run of small migrations), instead of one round
 * trip per migration. A part whose texts a probe confirmed is not probed again when `prepare`
 * asks; when a batch fails (one of its parts does not parse), nothing is confirmed and each part
 * is probed on its own as before, so the one that does not parse still goes to the bundled parser
 * and gets its exact error.
 */
import type { LoadedMigration } from '@godwit/core';
import type { Sessions } from '../connection/sessions.js';
import { scannedPart } from '../part/scanned-part.js';
import { serverParses } from './syntax-probe.js';

/** Text sent in one probe at most: a function body of a few MB is still one cheap parse. */
const BATCH_CHARS = 4 * 1024 * 1024;

export interface SyntaxChecks {
  /** Probe every scannable part of the run, batched; remembers what parsed. */
  checkAll(parts: ReadonlyArray<{ loaded: LoadedMigration; direction: 'up' | 'down' }>): Promise<void>;
  /** prepare.ts's checkSyntax: true when confirmed by checkAll, else one probe for these texts. */
  check(texts: string[]): Promise<boolean>;
}

export function createSyntaxChecks(sessions: Sessions): SyntaxChecks {
  const confirmed = new Set<string>();
  const keyOf = (texts: readonly string[]) => texts.join('\0');
  return {
    async checkAll(parts) {
      const batches: string[][][] = [[]];
      let chars = 0;
      for (const { loaded, direction } of parts) {
        const part = direction === 'up' ? loaded.up : loaded.down;
        if (part?.kind !== 'sql') continue;
        const texts = scannedPart(part)?.syntax;
        if (!texts || texts.length === 0) continue;
        const size = texts.reduce((n, t) => n + t.length, 0);
        if (chars + size > BATCH_CHARS && batches.at(-1)!.length > 0) {
          batches.push([]);
          chars = 0;
        }
        batches.at(-1)!.push(texts);
        chars += size;
      }
      for (const batch of batches) {
        // One part gains nothing from batching: prepare probes it anyway.
        if (batch.length < 2) continue;
        if (await serverParses(sessions, batch.flat())) for (const texts of batch) confirmed.add(keyOf(texts));
      }
    },
    async check(texts) {
      return confirmed.has(keyOf(texts)) || serverParses(sessions, texts);
    },
  };
}
