/**
 * `validate` without a database, told the database kind with `--driver`: every migration is
 * prepared the way that driver would prepare it, with no connection, so what the driver would
 * refuse before running anything is found on a pull request too. PostgreSQL parses every statement
 * with the real parser (libpg-query): a syntax error is reported at file:line:column, and so is a
 * CREATE INDEX CONCURRENTLY in a migration that runs in a transaction. SQLite compiles every
 * statement against a private in-memory database. MongoDB's files are checked when they load.
 */
import { createMigrator, type DriverKind, driverKind, type ValidationReport } from '@godwit/core';
import type { GlobalOptions } from '../../settings/options.js';
import { filesOnlyDriver } from '../../session/no-database.js';
import type { Session } from '../../session/session.js';

/** The kind `--driver` names (a USAGE error for an unknown name), or undefined without it. */
export function filesOnlyKind(options: GlobalOptions): DriverKind | undefined {
  const name = options.driver?.trim();
  return name ? driverKind(name) : undefined;
}

/** Files only: with `kind`'s preparation when it has one that needs no database. */
export async function validateFiles(session: Session, kind: DriverKind | undefined): Promise<ValidationReport> {
  const driver = kind && (await filesOnlyDriver(kind));
  if (!driver) return session.migrator.validate({ database: false });
  return createMigrator({ driver, source: session.source }).validate({ prepare: true });
}

/** How the text report names what was checked without a database. */
export function filesOnlyLabel(kind: DriverKind | undefined): string {
  const how = kind === 'postgres' ? ', SQL checked with the PostgreSQL parser' : kind === 'sqlite' ? ', SQL checked with the SQLite parser' : '';
  return `files only${how}; pass --database to check a database too`;
}
