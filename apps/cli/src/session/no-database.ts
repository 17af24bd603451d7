/**
 * The driver given to the migrator when a command works on files alone (`create`, `validate`
 * without a database). It runs nothing: everything that would reach a database is refused with a
 * usage error naming what was attempted, which would be a bug in the command that chose it.
 *
 * `filesOnlyDriver(kind)` is the same, except that it prepares migrations the way that kind's
 * driver does, with no connection (`validate --driver postgres`: every statement through the real
 * PostgreSQL parser). The driver package, and the parser, are loaded only then.
 */
import { type Driver, type DriverKind, GodwitError } from '@godwit/core';

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

/** The files-only driver that prepares like `kind`'s driver; undefined for MongoDB, whose files are checked when loaded. */
export async function filesOnlyDriver(kind: DriverKind): Promise<Driver | undefined> {
  switch (kind) {
    case 'postgres': {
      const { preparePostgresStep } = await import('@godwit/driver-postgres');
      // No server to ask its version: rules that depend on it assume a current one.
      return { ...noDatabase, name: 'postgres', prepare: (m, loaded, direction) => preparePostgresStep(m, loaded, direction, { singleTransaction: false }) };
    }
    case 'sqlite': {
      const { prepareSqliteStep } = await import('@godwit/driver-sqlite');
      return { ...noDatabase, name: 'sqlite', prepare: prepareSqliteStep };
    }
    case 'mongodb':
      return undefined;
  }
}
