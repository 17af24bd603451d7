import type { LoadedMigration, Migration } from '@godwit/core';
import { Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { NOT_TRANSACTIONAL_NOTE, prepareStep } from './prepare.js';

const migration: Migration = {
  version: 2,
  name: 'seed',
  format: 'json',
  file: 'migrations/000002_seed.up.json',
  checksum: 'x',
  transactional: false,
  reversible: false,
  load: async () => {
    throw new Error('not used');
  },
};

describe('prepareStep', () => {
  it('sends each command as parsed, shown as canonical Extended JSON, never transactional', () => {
    const id = new ObjectId('65a1b2c3d4e5f60718293a4b');
    const loaded: LoadedMigration = {
      up: {
        kind: 'json',
        file: migration.file,
        empty: false,
        commands: [{ command: { insert: 'users', documents: [{ _id: id, n: Long.fromNumber(5) }] }, index: 0, line: 2, column: 3 }],
      },
    };
    const step = prepareStep(migration, loaded, 'up');
    expect(step).toMatchObject({ direction: 'up', transactional: false, note: NOT_TRANSACTIONAL_NOTE });
    expect(step.statements).toHaveLength(1);
    expect(step.statements[0]).toMatchObject({ file: migration.file, line: 2, column: 3 });
    expect(step.statements[0]?.text).toBe(
      '{"insert":"users","documents":[{"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"n":{"$numberLong":"5"}}]}',
    );
  });

  it('refuses a SQL part', () => {
    const loaded: LoadedMigration = { up: { kind: 'sql', file: 'migrations/000002_seed.sql', chunks: [], noTransaction: false, empty: true } };
    expect(() => prepareStep(migration, loaded, 'up')).toThrow(
      expect.objectContaining({ code: 'FORMAT_NOT_SUPPORTED', file: 'migrations/000002_seed.sql' }),
    );
  });

  it('refuses a down that does not exist, naming the file to add', () => {
    const loaded: LoadedMigration = { up: { kind: 'json', file: migration.file, commands: [], empty: true } };
    expect(() => prepareStep(migration, loaded, 'down')).toThrow(
      expect.objectContaining({ code: 'IRREVERSIBLE', hint: expect.stringContaining('000002_seed.down.json') }),
    );
  });
});
