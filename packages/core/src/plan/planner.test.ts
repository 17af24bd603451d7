import { describe, expect, it } from 'vitest';
import type { AppliedRecord } from '../driver/contract.js';
import { GodwitError } from '../errors.js';
import { file, files, record, records } from './__fixtures__/builders.js';
import type { Command, MigrationInfo, Plan, PlanOptions } from './contract.js';
import { plan } from './planner.js';

/** `up:3`, `down:2`, `skip:4`: a plan's steps in one readable list. */
const stepsOf = (p: Plan): string[] => p.steps.map((s) => `${s.direction}:${s.migration.version}`);

function planError(
  migrations: MigrationInfo[],
  applied: AppliedRecord[],
  command: Command,
  options?: PlanOptions,
): GodwitError {
  try {
    plan(migrations, applied, command, options);
  } catch (e) {
    expect(e).toBeInstanceOf(GodwitError);
    return e as GodwitError;
  }
  throw new Error(`expected ${command.kind} to be refused`);
}

const ALL_COMMANDS: Command[] = [
  { kind: 'up' },
  { kind: 'up-by-one' },
  { kind: 'up-to', version: 3 },
  { kind: 'down' },
  { kind: 'down-to', version: 1 },
  { kind: 'redo' },
  { kind: 'reset' },
];

interface Case {
  name: string;
  migrations: MigrationInfo[];
  applied: AppliedRecord[];
  command: Command;
  options?: PlanOptions;
  steps: string[];
  current: number;
  target: number;
  stop?: string;
}

describe('plan: the steps of each command', () => {
  const cases: Case[] = [
    // up
    { name: 'up from nothing applies all, ascending', migrations: files(1, 2, 3), applied: [], command: { kind: 'up' }, steps: ['up:1', 'up:2', 'up:3'], current: 0, target: 3 },
    { name: 'up applies only the pending ones', migrations: files(1, 2, 3), applied: records(1), command: { kind: 'up' }, steps: ['up:2', 'up:3'], current: 1, target: 3 },
    { name: 'up with nothing pending is empty', migrations: files(1, 2), applied: records(1, 2), command: { kind: 'up' }, steps: [], current: 2, target: 2 },
    { name: 'up with no files and no records is empty', migrations: [], applied: [], command: { kind: 'up' }, steps: [], current: 0, target: 0 },
    { name: 'up copes with gaps and timestamps', migrations: files(20250101120000, 3, 124), applied: records(3), command: { kind: 'up' }, steps: ['up:124', 'up:20250101120000'], current: 3, target: 20250101120000 },
    { name: 'up with --allow-missing applies out-of-order files too, ascending', migrations: files(1, 2, 3, 4, 5), applied: records(1, 3), command: { kind: 'up' }, options: { allowMissing: true }, steps: ['up:2', 'up:4', 'up:5'], current: 3, target: 5 },
    { name: 'up with --allow-missing and only an old file keeps the current version', migrations: files(1, 2, 3), applied: records(1, 3), command: { kind: 'up' }, options: { allowMissing: true }, steps: ['up:2'], current: 3, target: 3 },
    { name: 'up stops before an unsupported migration', migrations: [file(1), file(2), file(3, { format: 'unsupported' }), file(4)], applied: records(1), command: { kind: 'up' }, steps: ['up:2'], current: 1, target: 2, stop: 'UNSUPPORTED_MIGRATION' },
    { name: 'up with an unsupported one first has no steps, only the stop', migrations: [file(1, { format: 'unsupported' }), file(2)], applied: [], command: { kind: 'up' }, steps: [], current: 0, target: 0, stop: 'UNSUPPORTED_MIGRATION' },
    { name: 'up with --skip-unsupported records it as skipped and goes on', migrations: [file(1), file(2, { format: 'unsupported' }), file(3)], applied: [], command: { kind: 'up' }, options: { skipUnsupported: true }, steps: ['up:1', 'skip:2', 'up:3'], current: 0, target: 3 },
    { name: 'up over an applied unsupported migration is fine', migrations: [file(1), file(2, { format: 'unsupported', checksum: 'edited' }), file(3)], applied: records(1, 2), command: { kind: 'up' }, steps: ['up:3'], current: 2, target: 3 },
    { name: 'up runs every format the same way', migrations: [file(1, { format: 'pair' }), file(2, { format: 'json' }), file(3)], applied: [], command: { kind: 'up' }, steps: ['up:1', 'up:2', 'up:3'], current: 0, target: 3 },
    // up-by-one
    { name: 'up-by-one applies the next one only', migrations: files(1, 2, 3), applied: records(1), command: { kind: 'up-by-one' }, steps: ['up:2'], current: 1, target: 2 },
    { name: 'up-by-one with nothing pending is empty', migrations: files(1), applied: records(1), command: { kind: 'up-by-one' }, steps: [], current: 1, target: 1 },
    { name: 'up-by-one with --allow-missing takes the lowest pending', migrations: files(1, 2, 3, 4), applied: records(1, 3), command: { kind: 'up-by-one' }, options: { allowMissing: true }, steps: ['up:2'], current: 3, target: 3 },
    { name: 'up-by-one on an unsupported one stops', migrations: [file(1), file(2, { format: 'unsupported' })], applied: records(1), command: { kind: 'up-by-one' }, steps: [], current: 1, target: 1, stop: 'UNSUPPORTED_MIGRATION' },
    { name: 'up-by-one on an unsupported one with --skip-unsupported skips it', migrations: [file(1), file(2, { format: 'unsupported' }), file(3)], applied: records(1), command: { kind: 'up-by-one' }, options: { skipUnsupported: true }, steps: ['skip:2'], current: 1, target: 2 },
    { name: 'up-by-one before a later unsupported one has no stop', migrations: [file(1), file(2, { format: 'unsupported' })], applied: [], command: { kind: 'up-by-one' }, steps: ['up:1'], current: 0, target: 1 },
    // up-to
    { name: 'up-to applies up to and including the version', migrations: files(1, 2, 3, 4), applied: records(1), command: { kind: 'up-to', version: 3 }, steps: ['up:2', 'up:3'], current: 1, target: 3 },
    { name: 'up-to the last version is up', migrations: files(1, 2, 3), applied: [], command: { kind: 'up-to', version: 3 }, steps: ['up:1', 'up:2', 'up:3'], current: 0, target: 3 },
    { name: 'up-to the current version is empty', migrations: files(1, 2, 3), applied: records(1, 2), command: { kind: 'up-to', version: 2 }, steps: [], current: 2, target: 2 },
    { name: 'up-to below the current version is empty', migrations: files(1, 2, 3), applied: records(1, 2), command: { kind: 'up-to', version: 1 }, steps: [], current: 2, target: 2 },
    { name: 'up-to below current with --allow-missing applies the old pending file', migrations: files(1, 2, 3, 4), applied: records(1, 3), command: { kind: 'up-to', version: 2 }, options: { allowMissing: true }, steps: ['up:2'], current: 3, target: 3 },
    { name: 'up-to stops before an unsupported one at or below it', migrations: [file(1), file(2, { format: 'unsupported' }), file(3)], applied: [], command: { kind: 'up-to', version: 3 }, steps: ['up:1'], current: 0, target: 1, stop: 'UNSUPPORTED_MIGRATION' },
    { name: 'up-to ignores an unsupported one above it', migrations: [file(1), file(2), file(3, { format: 'unsupported' })], applied: [], command: { kind: 'up-to', version: 2 }, steps: ['up:1', 'up:2'], current: 0, target: 2 },
    { name: 'up-to with --skip-unsupported skips it', migrations: [file(1), file(2, { format: 'unsupported' }), file(3)], applied: [], command: { kind: 'up-to', version: 2 }, options: { skipUnsupported: true }, steps: ['up:1', 'skip:2'], current: 0, target: 2 },
    // down
    { name: 'down rolls back the latest applied', migrations: files(1, 2, 3), applied: records(1, 2), command: { kind: 'down' }, steps: ['down:2'], current: 2, target: 1 },
    { name: 'down of the only one lands on 0', migrations: files(1), applied: records(1), command: { kind: 'down' }, steps: ['down:1'], current: 1, target: 0 },
    { name: 'down with nothing applied is empty', migrations: files(1, 2), applied: [], command: { kind: 'down' }, steps: [], current: 0, target: 0 },
    { name: 'down lands on the previous applied version across gaps', migrations: files(1, 5, 9), applied: records(1, 9), command: { kind: 'down' }, steps: ['down:9'], current: 9, target: 1 },
    { name: 'down ignores an irreversible one below the latest', migrations: [file(1, { reversible: false }), file(2)], applied: records(1, 2), command: { kind: 'down' }, steps: ['down:2'], current: 2, target: 1 },
    { name: 'down of a pair whose down file is a comments-only no-op', migrations: [file(1, { format: 'pair', reversible: true })], applied: records(1), command: { kind: 'down' }, steps: ['down:1'], current: 1, target: 0 },
    // down-to
    { name: 'down-to 0 rolls back everything, highest first', migrations: files(1, 2, 3), applied: records(1, 2, 3), command: { kind: 'down-to', version: 0 }, steps: ['down:3', 'down:2', 'down:1'], current: 3, target: 0 },
    { name: 'down-to an applied version keeps it', migrations: files(1, 2, 3, 4), applied: records(1, 2, 3), command: { kind: 'down-to', version: 1 }, steps: ['down:3', 'down:2'], current: 3, target: 1 },
    { name: 'down-to the current version is empty', migrations: files(1, 2), applied: records(1, 2), command: { kind: 'down-to', version: 2 }, steps: [], current: 2, target: 2 },
    { name: 'down-to 0 with nothing applied is empty', migrations: files(1, 2), applied: [], command: { kind: 'down-to', version: 0 }, steps: [], current: 0, target: 0 },
    { name: 'down-to may stop above an irreversible one', migrations: [file(1, { reversible: false }), file(2), file(3)], applied: records(1, 2, 3), command: { kind: 'down-to', version: 1 }, steps: ['down:3', 'down:2'], current: 3, target: 1 },
    // redo
    { name: 'redo rolls back the latest and applies it again', migrations: files(1, 2, 3), applied: records(1, 2), command: { kind: 'redo' }, steps: ['down:2', 'up:2'], current: 2, target: 2 },
    { name: 'redo with nothing applied is empty', migrations: files(1), applied: [], command: { kind: 'redo' }, steps: [], current: 0, target: 0 },
    // reset
    { name: 'reset rolls back everything, highest first', migrations: files(1, 2, 3), applied: records(1, 2), command: { kind: 'reset' }, steps: ['down:2', 'down:1'], current: 2, target: 0 },
    { name: 'reset with nothing applied is empty', migrations: files(1, 2), applied: [], command: { kind: 'reset' }, steps: [], current: 0, target: 0 },
  ];

  it.each(cases)('$name', ({ migrations, applied, command, options, steps, current, target, stop }) => {
    const p = plan(migrations, applied, command, options);
    expect(stepsOf(p)).toEqual(steps);
    expect(p.currentVersion).toBe(current);
    expect(p.targetVersion).toBe(target);
    expect(p.command).toBe(command);
    expect(p.stop?.code).toBe(stop);
  });

  it('steps carry the caller’s own migration objects (so a full Migration comes back)', () => {
    const migrations = files(1, 2);
    const p = plan(migrations, [], { kind: 'up' });
    expect(p.steps[0]!.migration).toBe(migrations[0]);
    expect(p.steps[1]!.migration).toBe(migrations[1]);
  });

  it('sorts unsorted input and leaves the caller’s arrays alone', () => {
    const migrations = files(3, 1, 2);
    const applied = records(2, 1);
    const p = plan(migrations, applied, { kind: 'reset' });
    expect(stepsOf(p)).toEqual(['down:2', 'down:1']);
    expect(stepsOf(plan(migrations, [], { kind: 'up' }))).toEqual(['up:1', 'up:2', 'up:3']);
    expect(migrations.map((m) => m.version)).toEqual([3, 1, 2]);
    expect(applied.map((r) => r.version)).toEqual([2, 1]);
  });

  it('the stop names the unsupported file and tells how to get past it', () => {
    const go = file(2, { format: 'unsupported' });
    const p = plan([file(1), go], [], { kind: 'up' });
    expect(p.stop).toMatchObject({ code: 'UNSUPPORTED_MIGRATION', file: go.file, version: 2 });
    expect(p.stop!.toString()).toContain(go.file);
    expect(p.stop!.hint).toContain('--skip-unsupported');
  });
});

interface ErrorCase {
  name: string;
  migrations: MigrationInfo[];
  applied: AppliedRecord[];
  command: Command;
  options?: PlanOptions;
  code: string;
  version?: number;
  file?: string;
  message: string[];
  hint: string[];
}

describe('plan: refusals', () => {
  const irreversible2 = file(2, { reversible: false });
  const goFile = file(2, { format: 'unsupported' });
  const cases: ErrorCase[] = [
    {
      name: 'up with a file below the current version',
      migrations: files(1, 2, 3),
      applied: records(1, 3),
      command: { kind: 'up' },
      code: 'OUT_OF_ORDER',
      version: 2,
      file: file(2).file,
      message: [file(2).file, 'below the current version 3'],
      hint: ['renumber it above 3', '--allow-missing'],
    },
    {
      name: 'up names every out-of-order file',
      migrations: files(1, 2, 3, 4, 5),
      applied: records(1, 4),
      command: { kind: 'up' },
      code: 'OUT_OF_ORDER',
      version: 2,
      file: file(2).file,
      message: ['2 pending migrations', file(2).file, file(3).file],
      hint: ['renumber them above 4', '--allow-missing'],
    },
    {
      name: 'up-by-one with an out-of-order file',
      migrations: files(1, 2, 3, 4),
      applied: records(1, 3),
      command: { kind: 'up-by-one' },
      code: 'OUT_OF_ORDER',
      version: 2,
      message: [file(2).file],
      hint: ['--allow-missing'],
    },
    {
      name: 'up-to with an out-of-order file',
      migrations: files(1, 2, 3, 4),
      applied: records(1, 3),
      command: { kind: 'up-to', version: 4 },
      code: 'OUT_OF_ORDER',
      version: 2,
      message: [file(2).file],
      hint: ['--allow-missing'],
    },
    {
      name: 'up-to a version between files',
      migrations: files(1, 5, 9),
      applied: [],
      command: { kind: 'up-to', version: 7 },
      code: 'UNKNOWN_VERSION',
      version: 7,
      message: ['up-to 7', 'no migration file has version 7', 'nearest: 5, 9'],
      hint: ['godwit status'],
    },
    {
      name: 'up-to a version above every file',
      migrations: files(1, 2),
      applied: [],
      command: { kind: 'up-to', version: 30 },
      code: 'UNKNOWN_VERSION',
      version: 30,
      message: ['nearest: 2)'],
      hint: ['existing migration file'],
    },
    {
      name: 'up-to with no files at all',
      migrations: [],
      applied: [],
      command: { kind: 'up-to', version: 1 },
      code: 'UNKNOWN_VERSION',
      message: ['there are no migration files'],
      hint: [],
    },
    {
      name: 'up-to 0 is not a file',
      migrations: files(1),
      applied: [],
      command: { kind: 'up-to', version: 0 },
      code: 'UNKNOWN_VERSION',
      message: ['nearest: 1'],
      hint: [],
    },
    {
      name: 'up-to a negative version',
      migrations: files(1),
      applied: [],
      command: { kind: 'up-to', version: -1 },
      code: 'USAGE',
      message: ['whole number', '-1'],
      hint: ['godwit up-to 3'],
    },
    {
      name: 'down-to a fractional version',
      migrations: files(1),
      applied: records(1),
      command: { kind: 'down-to', version: 1.5 },
      code: 'USAGE',
      message: ['1.5'],
      hint: ['godwit down-to'],
    },
    {
      name: 'down of an irreversible latest migration',
      migrations: [file(1), irreversible2],
      applied: records(1, 2),
      command: { kind: 'down' },
      code: 'IRREVERSIBLE',
      version: 2,
      file: irreversible2.file,
      message: [irreversible2.file, 'no down migration'],
      hint: ['-- +goose Down', '`godwit force 1`'],
    },
    {
      name: 'down of an irreversible pair names the down file to write',
      migrations: [file(1), file(2, { format: 'pair', reversible: false })],
      applied: records(1, 2),
      command: { kind: 'down' },
      code: 'IRREVERSIBLE',
      message: ['00002_m2.up.sql'],
      hint: ['write migrations/00002_m2.down.sql', '`godwit force 1`'],
    },
    {
      name: 'down of an irreversible json migration names the down file to write',
      migrations: [file(1, { format: 'json', reversible: false })],
      applied: records(1),
      command: { kind: 'down' },
      code: 'IRREVERSIBLE',
      message: ['00001_m1.up.json'],
      hint: ['write migrations/00001_m1.down.json', '`godwit force 0`'],
    },
    {
      name: 'down over an applied unsupported migration',
      migrations: [file(1), goFile],
      applied: records(1, 2),
      command: { kind: 'down' },
      code: 'IRREVERSIBLE',
      version: 2,
      file: goFile.file,
      message: [goFile.file, 'godwit did not run it'],
      hint: ['its own tool', '`godwit force 1`'],
    },
    {
      name: 'down-to over an irreversible one refuses the whole plan',
      migrations: [file(1), irreversible2, file(3)],
      applied: records(1, 2, 3),
      command: { kind: 'down-to', version: 0 },
      code: 'IRREVERSIBLE',
      version: 2,
      file: irreversible2.file,
      message: [irreversible2.file],
      hint: ['`godwit down-to 2` then `godwit force 1`'],
    },
    {
      name: 'down-to names the first irreversible one in rollback order',
      migrations: [file(1, { reversible: false }), file(2), file(3, { reversible: false })],
      applied: records(1, 2, 3),
      command: { kind: 'down-to', version: 0 },
      code: 'IRREVERSIBLE',
      version: 3,
      message: [file(3).file],
      hint: ['`godwit force 2`'],
    },
    {
      name: 'down-to over an unsupported one',
      migrations: [file(1), goFile, file(3)],
      applied: records(1, 2, 3),
      command: { kind: 'down-to', version: 1 },
      code: 'IRREVERSIBLE',
      version: 2,
      message: ['godwit did not run it'],
      hint: ['its own tool'],
    },
    {
      name: 'down-to a version that is not applied',
      migrations: files(1, 2, 3),
      applied: records(1, 3),
      command: { kind: 'down-to', version: 2 },
      code: 'UNKNOWN_VERSION',
      version: 2,
      message: ['down-to 2', 'version 2 is not applied', 'nearest: 1, 3'],
      hint: ['give 0'],
    },
    {
      name: 'down-to a version no file has',
      migrations: files(1, 2),
      applied: records(1, 2),
      command: { kind: 'down-to', version: 8 },
      code: 'UNKNOWN_VERSION',
      message: ['not applied', 'nearest: 2)'],
      hint: [],
    },
    {
      name: 'down-to a version with nothing applied',
      migrations: files(1, 2),
      applied: [],
      command: { kind: 'down-to', version: 1 },
      code: 'UNKNOWN_VERSION',
      message: ['nothing is applied'],
      hint: [],
    },
    {
      name: 'redo of an irreversible latest migration',
      migrations: [file(1), irreversible2],
      applied: records(1, 2),
      command: { kind: 'redo' },
      code: 'IRREVERSIBLE',
      version: 2,
      message: [irreversible2.file],
      hint: ['`godwit force 1`'],
    },
    {
      name: 'reset over an irreversible one',
      migrations: [file(1, { reversible: false }), file(2)],
      applied: records(1, 2),
      command: { kind: 'reset' },
      code: 'IRREVERSIBLE',
      version: 1,
      message: [file(1).file],
      hint: ['`godwit down-to 1` then `godwit force 0`'],
    },
  ];

  it.each(cases)('$name', ({ migrations, applied, command, options, code, version, file: where, message, hint }) => {
    const e = planError(migrations, applied, command, options);
    expect(e.code).toBe(code);
    if (version !== undefined) expect(e.version).toBe(version);
    if (where !== undefined) expect(e.file).toBe(where);
    // What people read is toString(): `file:line: message`.
    for (const part of message) expect(e.toString()).toContain(part);
    for (const part of hint) expect(e.hint).toContain(part);
    expect(e.message).not.toContain('\n');
  });
});

describe('plan: the store is checked before every command', () => {
  it.each(ALL_COMMANDS)('$kind refuses a dirty store, saying which force to run', (command) => {
    const e = planError(files(1, 2, 3), [record(1), record(2, { dirty: true })], command);
    expect(e.code).toBe('DIRTY');
    expect(e.version).toBe(2);
    expect(e.file).toBe(file(2).file);
    expect(e.message).toContain('dirty at version 2');
    expect(e.toString()).toContain(file(2).file);
    expect(e.hint).toContain('`godwit force 2`');
    expect(e.hint).toContain('`godwit force 1`');
  });

  it.each(ALL_COMMANDS)('$kind refuses an applied version whose file is missing', (command) => {
    const e = planError(files(1, 3), records(1, 2, 3), command);
    expect(e.code).toBe('MISSING_FILE');
    expect(e.version).toBe(2);
    expect(e.message).toContain('version 2 (m2)');
    expect(e.hint).toContain('restore the file');
    expect(e.hint).toContain('godwit force 1');
  });

  it.each(ALL_COMMANDS)('$kind refuses an applied file that was edited', (command) => {
    const edited = file(2, { checksum: 'changed' });
    const e = planError([file(1), edited, file(3)], records(1, 2), command);
    expect(e.code).toBe('CHECKSUM_MISMATCH');
    expect(e.version).toBe(2);
    expect(e.file).toBe(edited.file);
    expect(e.toString()).toContain(edited.file);
    expect(e.hint).toContain('new migration');
    expect(e.data).toEqual({ recorded: 'sum2', actual: 'changed' });
  });

  it('a dirty record with no file still says which version, without a file', () => {
    const e = planError(files(1), [record(1), record(4, { dirty: true })], { kind: 'up' });
    expect(e).toMatchObject({ code: 'DIRTY', version: 4 });
    expect(e.file).toBeUndefined();
    expect(e.message).toContain('version 4 (m4)');
    expect(e.hint).toContain('`godwit force 1`');
  });

  it('a dirty first migration points force at 0', () => {
    const e = planError(files(1), [record(1, { dirty: true })], { kind: 'up' });
    expect(e.hint).toContain('`godwit force 0`');
  });

  it('reports every dirty version, starting with the lowest', () => {
    const e = planError(files(1, 2, 3), [record(1), record(2, { dirty: true }), record(3, { dirty: true })], { kind: 'up' });
    expect(e.version).toBe(2);
    expect(e.message).toContain('also dirty: 3');
    expect(e.data).toEqual({ versions: [2, 3] });
  });

  it('checks in order: dirty, then missing file, then checksum', () => {
    const migrations = [file(1, { checksum: 'edited' }), file(3)];
    const applied = [record(1), record(2), record(3, { dirty: true })];
    expect(planError(migrations, applied, { kind: 'up' }).code).toBe('DIRTY');
    expect(planError(migrations, applied.slice(0, 2), { kind: 'up' }).code).toBe('MISSING_FILE');
    expect(planError(migrations, applied.slice(0, 1), { kind: 'up' }).code).toBe('CHECKSUM_MISMATCH');
  });

  it('store problems come before command errors (unknown version, out of order, irreversible)', () => {
    const dirty = [record(1), record(3, { dirty: true })];
    expect(planError(files(1, 2, 3), dirty, { kind: 'up-to', version: 99 }).code).toBe('DIRTY');
    expect(planError(files(1, 2, 3), dirty, { kind: 'up' }).code).toBe('DIRTY');
    expect(planError([file(1), file(3, { reversible: false })], dirty, { kind: 'down' }).code).toBe('DIRTY');
  });

  it('an applied unsupported migration is not checked for edits', () => {
    const go = file(2, { format: 'unsupported', checksum: 'different' });
    const p = plan([file(1), go, file(3)], records(1, 2), { kind: 'up' });
    expect(stepsOf(p)).toEqual(['up:3']);
  });
});

describe('plan: --resume', () => {
  const dirty = (version: number, statementsDone?: number): AppliedRecord => ({
    ...record(version, { dirty: true }),
    ...(statementsDone !== undefined && { statementsDone }),
  });

  it('continues the dirty migration first, after its completed statements, then the pending ones', () => {
    const p = plan(files(1, 2, 3), [record(1), dirty(2, 3)], { kind: 'up' }, { resume: true });
    expect(p.steps.map((s) => [s.direction, s.migration.version, s.resumeFrom])).toEqual([
      ['up', 2, 3],
      ['up', 3, undefined],
    ]);
    expect(p.targetVersion).toBe(3);
  });

  it('starts at the first statement when the store recorded no progress', () => {
    const p = plan(files(1), [dirty(1)], { kind: 'up-by-one' }, { resume: true });
    expect(p.steps.map((s) => [s.migration.version, s.resumeFrom])).toEqual([[1, 0]]);
  });

  it('allows the failed file to have been edited (fixing the cause is the point)', () => {
    const p = plan([file(1, { checksum: 'fixed' })], [dirty(1, 1)], { kind: 'up' }, { resume: true });
    expect(stepsOf(p)).toEqual(['up:1']);
  });

  it('is an ordinary up when nothing is dirty', () => {
    expect(stepsOf(plan(files(1, 2), records(1), { kind: 'up' }, { resume: true }))).toEqual(['up:2']);
  });

  it('without --resume a dirty store is still refused, with the resume hint', () => {
    const e = planError(files(1, 2), [record(1), dirty(2, 1)], { kind: 'up' });
    expect(e.code).toBe('DIRTY');
    expect(e.hint).toContain('statements 1-1 completed and 2 failed');
    expect(e.hint).toContain('`godwit up --resume` continues it at statement 2');
  });

  it('refuses two dirty records, a dirty record without its file, other problems, and non-up commands', () => {
    expect(planError(files(1, 2), [dirty(1), dirty(2)], { kind: 'up' }, { resume: true }).message).toContain('2 are dirty: 1, 2');
    expect(planError(files(1), [record(1), dirty(2)], { kind: 'up' }, { resume: true }).code).toBe('MISSING_FILE');
    expect(planError([file(1, { checksum: 'edited' }), file(2)], [record(1), dirty(2)], { kind: 'up' }, { resume: true }).code).toBe(
      'CHECKSUM_MISMATCH',
    );
    expect(planError(files(1), [dirty(1)], { kind: 'down' }, { resume: true }).code).toBe('USAGE');
    expect(planError([file(1, { format: 'unsupported' })], [dirty(1)], { kind: 'up' }, { resume: true }).code).toBe('UNSUPPORTED_MIGRATION');
  });
});

describe('plan: --allow-irreversible', () => {
  const upOnly = (v: number) => file(v, { reversible: false });

  it('records irreversible and unsupported migrations as rolled back instead of refusing', () => {
    const migrations = [file(1), upOnly(2), file(3, { format: 'unsupported' }), file(4)];
    const p = plan(migrations, records(1, 2, 3, 4), { kind: 'reset' }, { allowIrreversible: true });
    expect(p.steps.map((s) => [s.direction, s.migration.version, s.recordOnly === true])).toEqual([
      ['down', 4, false],
      ['down', 3, true],
      ['down', 2, true],
      ['down', 1, false],
    ]);
    expect(p.targetVersion).toBe(0);
  });

  it('is refused by default with a hint naming the flag', () => {
    const e = planError([file(1), upOnly(2)], records(1, 2), { kind: 'down' });
    expect(e.code).toBe('IRREVERSIBLE');
    expect(e.hint).toContain('--allow-irreversible');
  });

  it('never applies to redo, which must run the down to run the up again', () => {
    expect(planError([upOnly(1)], records(1), { kind: 'redo' }, { allowIrreversible: true }).code).toBe('IRREVERSIBLE');
  });
});

describe('plan: --phase expand / contract', () => {
  // 1 plain, 2 expand, 3 contract (2's partner), 4 expand, 5 contract (4's partner)
  const cycle = () => [file(1), file(2, { phase: 'expand' }), file(3, { phase: 'contract' }), file(4, { phase: 'expand' }), file(5, { phase: 'contract' })];
  const cases: Array<{ name: string; applied: AppliedRecord[]; command?: Command; phase: 'expand' | 'contract'; steps: string[] }> = [
    { name: 'expand stops before the first pending contract migration', applied: [], phase: 'expand', steps: ['up:1', 'up:2'] },
    { name: 'contract applies the rest, the next cycle included', applied: records(1, 2), phase: 'contract', steps: ['up:3', 'up:4', 'up:5'] },
    { name: 'expand after a contract goes up to the next contract', applied: records(1, 2, 3), phase: 'expand', steps: ['up:4'] },
    { name: 'expand with a contract first pending applies nothing', applied: records(1, 2), phase: 'expand', steps: [] },
    { name: 'contract with nothing pending is empty', applied: records(1, 2, 3, 4, 5), phase: 'contract', steps: [] },
    { name: 'up-to honours the phase too', applied: [], command: { kind: 'up-to', version: 1 }, phase: 'expand', steps: ['up:1'] },
    { name: 'up-by-one in the contract phase takes the contract migration', applied: records(1, 2), command: { kind: 'up-by-one' }, phase: 'contract', steps: ['up:3'] },
  ];
  it.each(cases)('$name', ({ applied, command, phase, steps }) => {
    expect(stepsOf(plan(cycle(), applied, command ?? { kind: 'up' }, { phase }))).toEqual(steps);
  });

  it('expand applies everything when no contract migration is pending', () => {
    expect(stepsOf(plan(files(1, 2), [], { kind: 'up' }, { phase: 'expand' }))).toEqual(['up:1', 'up:2']);
  });

  it('contract refuses while migrations of the expand phase are pending, naming them and the fix', () => {
    const e = planError(cycle(), records(1), { kind: 'up' }, { phase: 'contract' });
    expect(e.code).toBe('USAGE');
    expect(e.message).toBe('--phase contract: 1 migration(s) of the expand phase are pending (2) before contract migration 3');
    expect(e.hint).toContain('godwit up --phase expand');
    expect(planError(files(1), [], { kind: 'up' }, { phase: 'contract' }).message).toContain('and no contract migration is pending');
  });

  it('is refused on the commands that roll back', () => {
    expect(planError(cycle(), records(1), { kind: 'down' }, { phase: 'expand' }).code).toBe('USAGE');
  });

  it('without --phase, flags a contract migration whose expand partner runs in the same plan', () => {
    const p = plan(cycle(), records(1), { kind: 'up' });
    expect(p.steps.map((s) => [s.migration.version, s.expandInSameRun])).toEqual([
      [2, undefined],
      [3, 2],
      [4, undefined],
      [5, 4],
    ]);
    // the partner applied in an earlier run: no flag
    expect(plan(cycle(), records(1, 2), { kind: 'up', }).steps.find((s) => s.migration.version === 3)?.expandInSameRun).toBeUndefined();
  });
});
