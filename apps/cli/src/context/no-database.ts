/**
 * The driver given to the migrator when a command works on files alone (`create`, `validate`
 * without a database). It runs nothing: anything that would reach a database fails with a usage
 * error, which would be a bug in the command that chose it.
 */
import { type Driver, GodwitError } from '@godwit/core';

function needsDatabase(): never {
  throw new GodwitError('USAGE', 'this command needs a database', { hint: 'pass --database <url> or set DATABASE_URL' });
}

export const noDatabase: Driver = {
  name: 'none',
  target: '(no database)',
  capabilities: { transactionalDdl: false, serverSideLocks: false, partKinds: ['sql', 'json'] },
  store: { ensure: needsDatabase, applied: needsDatabase, history: needsDatabase },
  locker: { lock: needsDatabase, unlock: async () => {} },
  prepare: needsDatabase,
  apply: needsDatabase,
  writeState: needsDatabase,
  close: async () => {},
};
