/** Test helpers: temp databases, hand-built migrations, and an ApplyContext. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyContext, GodwitError, LoadedMigration, Migration, MigrationFormat, SqlPart } from '@godwit/core';
import { prepareStep } from '../prepare/prepare.js';
import Database from 'better-sqlite3';

export function tempDir(): { dir: string; path: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'godwit-sqlite-'));
  return { dir, path: (name = 'test.db') => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SqlMigrationSpec {
  version: number;
  name?: string;
  up: string;
  down?: string;
  /** line of the up text's first line in the file (default 2: after `-- +goose Up`) */
  upLine?: number;
  downLine?: number;
  noTransaction?: boolean;
  format?: MigrationFormat;
  /** StatementBegin/End chunks of the up part, after the free text */
  atomicUp?: Array<{ text: string; line: number }>;
}

function part(file: string, text: string, line: number, noTransaction: boolean, atomic: Array<{ text: string; line: number }> = []): SqlPart {
  return {
    kind: 'sql',
    file,
    chunks: [{ text, line, atomic: false }, ...atomic.map((a) => ({ ...a, atomic: true }))],
    noTransaction,
    empty: text.trim() === '' && atomic.length === 0,
  };
}

/** A migration as a source would produce it, without files on disk. */
export function sqlMigration(spec: SqlMigrationSpec): { migration: Migration; loaded: LoadedMigration } {
  const name = spec.name ?? `step_${spec.version}`;
  const file = `migrations/sqlite-test/${String(spec.version).padStart(6, '0')}_${name}.sql`;
  const noTransaction = spec.noTransaction ?? false;
  const loaded: LoadedMigration = {
    up: part(file, spec.up, spec.upLine ?? 2, noTransaction, spec.atomicUp),
    ...(spec.down !== undefined && { down: part(file, spec.down, spec.downLine ?? 10, noTransaction) }),
  };
  const migration: Migration = {
    version: spec.version,
    name,
    format: spec.format ?? 'goose',
    file,
    checksum: `checksum-${spec.version}`,
    transactional: !noTransaction,
    reversible: spec.down !== undefined,
    load: async () => loaded,
  };
  return { migration, loaded };
}

export function applyContext(overrides: Partial<ApplyContext> = {}): ApplyContext {
  return { signal: new AbortController().signal, appliedBy: 'tester@test-host', toolVersion: 'godwit/test', ...overrides };
}

/** Reads a database the way a person would check it, through a connection of its own. */
export function inspect<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function tables(path: string): string[] {
  return inspect(path, (db) =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map(
      (r) => r.name,
    ),
  );
}

/** A hand-built migration, prepared as the runner would. */
export function prepare(spec: SqlMigrationSpec, direction: 'up' | 'down' = 'up') {
  const { migration, loaded } = sqlMigration(spec);
  return prepareStep(migration, loaded, direction);
}

/** The GodwitError `fn` throws (fails the test when it throws none). */
export function thrown(fn: () => unknown): GodwitError {
  try {
    fn();
  } catch (e) {
    return e as GodwitError;
  }
  throw new Error('expected an error');
}
