/**
 * The driver given to the migrator when a command works on files alone (`create`, `validate`
 * without a database). It runs nothing: everything that would reach a database is refused with a
 * usage error naming what was attempted, which would be a bug in the command that chose it.
 */
import { type Driver, GodwitError } from '@godwit/core';

function refuse(what: string) {
  return async (): Promise<never> => {
    throw new GodwitError('USAGE', `cannot ${what}: this command has no database`, { hint: 'pass --database <url> or set DATABASE_URL' });
  };
}

export const noDatabase: Driver = {
  name: 'none',
  target: '(no database)',
  capabilities: { transactionalDdl: false, serverSideLocks: false, partKinds: ['sql', 'json'] },
  store: { ensure: refuse('create the version table'), applied: refuse('read the version table'), history: refuse('read the history') },
  writer: {
    find: refuse('read the version table'),
    put: refuse('write the version table'),
    progress: refuse('write the version table'),
    remove: refuse('write the version table'),
    append: refuse('write the history'),
    open: refuse('write the history'),
    finish: refuse('write the history'),
  },
  locker: { lock: refuse('take the migration lock'), unlock: async () => {} },
  prepare: refuse('prepare a migration for a database'),
  transaction: refuse('open a transaction'),
  session: refuse('open a database session'),
  // Nothing here runs a statement, so there is never a database error to word: say what was thrown.
  describeError: (e) => ({ message: e instanceof Error ? e.message : String(e) }),
  close: async () => {},
};
