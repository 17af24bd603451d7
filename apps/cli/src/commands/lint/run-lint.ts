/**
 * The linter as a command runs it on a session: which migrations (pending ones with a database,
 * those the branch changed with --since, else all), which dialect, the config's `lint` section,
 * the run's lock timeout and, on PostgreSQL with a database, the live table sizes. Shared by
 * `godwit lint` and the lint before `up` (`lint.onUp`). `@godwit/lint` (and the PostgreSQL
 * parser) is loaded only here.
 */
import { basename } from 'node:path';
import { type DriverKind, GodwitError, type Migration, driverKind } from '@godwit/core';
import type { LintOptions, LintReport, LintSettings } from '@godwit/lint';
import { diskFiles } from '../../config/files.js';
import { loadConfig } from '../../config/load.js';
import type { LintSection } from '../../config/schema.js';
import { folderDriver } from '../../settings/discover.js';
import type { GlobalOptions } from '../../settings/options.js';
import type { CommandEnv, Session } from '../../session/session.js';

export interface LintRequest {
  /** git ref of the base branch: only files added or changed since, and the non-linear check */
  since?: string;
  /** only these migrations (up: what it is about to apply); default: pending with a database, else all */
  only?: readonly Migration[];
}

export async function lintSession(cmdEnv: CommandEnv, options: GlobalOptions, session: Session, request: LintRequest): Promise<LintReport> {
  const lint = await import('@godwit/lint');
  const section = await lintSectionOf(cmdEnv, options);
  const settings = checkSettings(section, lint.ruleInfo, cmdEnv.cwd);
  const { target, migrator, hasDatabase } = session;
  let selected: readonly Migration[] = request.only ?? (await session.source.list());
  // A batch: the files are applied together, so a table created in one is new for the next.
  let batch = request.only !== undefined;
  if (request.only === undefined && hasDatabase) {
    const pending = new Set((await migrator.status()).migrations.filter((m) => m.state === 'pending').map((m) => m.version));
    selected = selected.filter((m) => pending.has(m.version));
    batch = true;
  }
  let base: LintOptions['base'];
  if (request.since !== undefined) {
    const changes = lint.changesSince(request.since, session.source.dir, process.cwd());
    const paths = (m: Migration) => lint.migrationPaths(m, process.cwd());
    selected = selected.filter((m) => paths(m).some((p) => changes.changed.has(p)));
    base = { ref: changes.ref, highestVersion: changes.highestVersion, added: (m) => changes.added.has(paths(m)[0]!) };
    batch = true;
  }
  const db = target.database;
  const dialect = dialectOf(db?.kind ?? target.driver ?? (options.driver ? driverKind(options.driver) : undefined) ?? folderDriver(basename(target.dir.absolute)));
  const facts = db?.kind === 'postgres' ? await lint.readPostgresFacts(db.url, db.secrets) : undefined;
  return lint.lintMigrations(selected, {
    ...settings,
    dialect,
    batch,
    runLockTimeoutMs: target.run.lockTimeoutMs ?? 0,
    ...(facts && { facts }),
    ...(base && { base }),
  });
}

/** SQL files are PostgreSQL's unless the database (or folder) is SQLite; JSON files are MongoDB's whatever this says. */
function dialectOf(kind: DriverKind | undefined): LintOptions['dialect'] {
  return kind ?? 'postgres';
}

/** The config file's `lint` section (none without a config). */
export async function lintSectionOf(cmdEnv: CommandEnv, options: GlobalOptions): Promise<LintSection & { file?: string }> {
  const loaded = await loadConfig(options.config, cmdEnv.cwd, cmdEnv.files ?? diskFiles);
  return { ...(loaded?.config.lint ?? {}), ...(loaded && { file: loaded.file }) };
}

/** The section's rule ids must be rules the linter knows: a typo would silently keep a rule on. */
function checkSettings(section: LintSection & { file?: string }, known: (id: string) => unknown, _cwd: string): LintSettings {
  for (const id of Object.keys(section.rules ?? {})) {
    if (!known(id)) {
      throw new GodwitError('CONFIG', `unknown lint rule "${id}" in "lint.rules"`, {
        ...(section.file !== undefined && { file: section.file }),
        hint: 'godwit lint --rules lists the rule ids',
      });
    }
  }
  return {
    ...(section.rules && { rules: section.rules }),
    ...(section.smallTableRows !== undefined && { smallTableRows: section.smallTableRows }),
    ...(section.postgresVersion !== undefined && { postgresVersion: section.postgresVersion }),
  };
}
