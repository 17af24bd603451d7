/**
 * golang-migrate v4 (Go; bench/go-tools.mjs builds it with the postgres, sqlite3 and mongodb
 * tags). It reads `N_name.up.<ext>` / `N_name.down.<ext>` pairs and records only the current
 * version (one schema_migrations row with a dirty flag), not a row per migration.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes the same statements as golang-migrate pairs. Its postgres driver runs a file as it is,
 * outside any transaction (its documented advice is to write BEGIN/COMMIT in the file), while the
 * sqlite3 driver wraps each file in one: `transaction: true` adds the BEGIN/COMMIT so that every
 * contender does the same work, one transaction per migration.
 */
export function writeMigratePairs(dir, migrations, { transaction = false } = {}) {
  mkdirSync(dir, { recursive: true });
  const sql = (statements) => statements.map((s) => `${s};\n`).join('');
  for (const m of migrations) {
    const up = sql(m.up);
    writeFileSync(join(dir, `${m.version}_${m.name}.up.sql`), transaction ? `BEGIN;\n${up}COMMIT;\n` : up);
    writeFileSync(join(dir, `${m.version}_${m.name}.down.sql`), sql(m.down));
  }
}

/** `migrate -path DIR -database URL <command...>`. */
export function migrateArgs(dir, url, ...command) {
  return ['-path', dir, '-database', url, ...command];
}

/** The single version row: `<version>|<dirty>` from sqlite3 or psql -A. */
export const MIGRATE_VERSION_SQL = 'SELECT version, dirty FROM schema_migrations';
