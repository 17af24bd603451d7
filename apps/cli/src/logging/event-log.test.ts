import { GodwitError, type GodwitEvent, type Logger } from '@godwit/core';
import { describe, expect, it } from 'vitest';
import { logEvent } from './event-log.js';

const label = (version: number, name: string) => `${String(version).padStart(6, '0')}_${name}`;

function record(event: GodwitEvent, stepLines = true): Array<[keyof Logger, object, string | undefined]> {
  const lines: Array<[keyof Logger, object, string | undefined]> = [];
  const at = (level: keyof Logger) => (obj: object, msg?: string) => void lines.push([level, obj, msg]);
  logEvent({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, label, event, { stepLines });
  return lines;
}

const step = { version: 3, name: 'add_email', direction: 'up' as const };

describe('logEvent', () => {
  it.each<[GodwitEvent, keyof Logger, string]>([
    [{ event: 'run-start', command: 'up', target: 'sqlite:./app.db', steps: 2, dryRun: true }, 'debug', 'up (dry run): 2 step(s)'],
    [{ event: 'lock-wait', holder: 'ci@runner' }, 'info', 'waiting for the migration lock held by ci@runner'],
    [{ event: 'lock-acquired', waitedMs: 12 }, 'debug', 'lock acquired after 12 ms'],
    [{ event: 'lock-released' }, 'debug', 'lock released'],
    [{ event: 'unlock-failed', error: 'connection reset' }, 'warn', 'could not release the migration lock: connection reset'],
    [{ event: 'migrating', ...step, index: 1, total: 2, transactional: true }, 'debug', 'applying 000003_add_email (1/2)'],
    [{ event: 'migrated', ...step, durationMs: 12, status: 'applied' }, 'info', 'applied 000003_add_email (12 ms)'],
    [{ event: 'migrated', ...step, durationMs: 0, status: 'skipped-concurrent' }, 'info', '000003_add_email was already done by another runner'],
    [{ event: 'migrated', ...step, direction: 'skip', durationMs: 0, status: 'applied' }, 'warn', 'skipped 000003_add_email (unsupported; recorded as applied)'],
    [{ event: 'migration-failed', ...step, durationMs: 5, error: new GodwitError('MIGRATION_FAILED', 'boom') }, 'debug', 'failed 000003_add_email: boom'],
    [{ event: 'run-end', ok: true, applied: 1, durationMs: 20, before: 2, after: 3 }, 'debug', 'done: 1 step(s), version 2 -> 3 (20 ms)'],
    [{ event: 'warning', message: 'no down section', file: 'migrations/000003_add_email.sql' }, 'warn', 'migrations/000003_add_email.sql: no down section'],
    [{ event: 'plugin-failed', plugin: 'notify', error: 'webhook answered 500' }, 'warn', 'plugin notify failed: webhook answered 500'],
    [
      { event: 'adopted', from: 'goose', table: 'goose_db_version', versions: 3, missing: [], recorded: true, auto: true },
      'info',
      "adopted 3 version(s) from goose's goose_db_version first (godwit's store was empty; goose_db_version is left as it was)",
    ],
    [
      { event: 'adopted', from: 'golang-migrate', table: 'schema_migrations', versions: 2, missing: [2], recorded: false, auto: true },
      'warn',
      "would adopt 2 version(s) from golang-migrate's schema_migrations first (dry run: nothing recorded); no file for 2: status shows it missing",
    ],
    [{ event: 'adopted', from: 'goose', table: 'goose_db_version', versions: 1, missing: [], recorded: true, auto: false }, 'debug', "adopted 1 version(s) from goose's goose_db_version"],
  ])('words %j once', (event, level, message) => {
    const lines = record(event);
    expect(lines).toHaveLength(1);
    expect(lines[0]![0]).toBe(level);
    expect(lines[0]![2]).toBe(message);
    expect(lines[0]![1]).toMatchObject({ event: event.event });
  });

  it('adds an info line for a step that runs outside a transaction', () => {
    const lines = record({ event: 'migrating', ...step, index: 1, total: 1, transactional: false, note: 'CREATE INDEX CONCURRENTLY' });
    expect(lines.map(([level, , msg]) => [level, msg])).toEqual([
      ['debug', 'applying 000003_add_email (1/1)'],
      ['info', '000003_add_email runs outside a transaction: CREATE INDEX CONCURRENTLY'],
    ]);
  });

  it('a finished step is a debug line when stdout already prints it (no step lines), and readable', () => {
    const lines = record({ event: 'migrated', ...step, durationMs: 8724, status: 'applied' }, false);
    expect(lines.map(([level, , msg]) => [level, msg])).toEqual([['debug', 'applied 000003_add_email (8.7 s)']]);
  });

  it("a rollback's structured part says rolled back, not applied", () => {
    const [line] = record({ event: 'migrated', ...step, direction: 'down', durationMs: 3, status: 'applied' });
    expect(line![2]).toBe('rolled back 000003_add_email (3 ms)');
    expect(line![1]).toMatchObject({ direction: 'down', status: 'rolled-back' });
  });

  it('still shows an event it has no words for (a newer core), at debug', () => {
    const lines = record({ event: 'from-the-future' } as unknown as GodwitEvent);
    expect(lines.map(([level, , msg]) => [level, msg])).toEqual([['debug', 'from-the-future']]);
  });
});
