/** Index builds and drops: require-concurrent-index-creation, -deletion, ban-concurrent-index-creation-in-transaction. */
import { ident, tableOf, tableSql, strings } from '../ast.js';
import type { PgRule } from '../context.js';

const NO_TRANSACTION = '-- +goose NO TRANSACTION';

export const indexRules: PgRule = (s, ctx) => {
  if (s.kind === 'IndexStmt') {
    const table = tableOf(s.body.relation);
    const name = s.body.idxname ? ident(String(s.body.idxname)) : '<name>';
    if (s.body.concurrent) {
      if (ctx.inTransaction) {
        ctx.report(
          'ban-concurrent-index-creation-in-transaction',
          'CREATE INDEX CONCURRENTLY cannot run inside a transaction: PostgreSQL refuses it and the migration fails',
          { fix: `${NO_TRANSACTION}\n-- (the index alone in its migration, no BEGIN/COMMIT)\nCREATE ${s.body.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${table ? tableSql(table) : '<table>'} (...);` },
        );
      }
      return;
    }
    if (!table || ctx.isNew(table)) return;
    ctx.report('require-concurrent-index-creation', 'CREATE INDEX without CONCURRENTLY blocks writes to the table (SHARE lock) until the index is built', {
      table,
      fix: `${NO_TRANSACTION}\nCREATE ${s.body.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${tableSql(table)} (...);`,
    });
    return;
  }
  if (s.kind === 'DropStmt' && s.body.removeType === 'OBJECT_INDEX' && !s.body.concurrent) {
    const names = (s.body.objects as unknown[] | undefined)?.map((o) => strings((o as { List?: { items?: unknown } }).List?.items).join('.')) ?? [];
    if (names.length > 0 && names.every((n) => ctx.isNew({ name: n }) || ctx.isNewIndex(n))) return;
    ctx.report(
      'require-concurrent-index-deletion',
      'DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on its table: reads and writes wait for it, and it waits for every running query',
      { fix: `${NO_TRANSACTION}\n${names.map((n) => `DROP INDEX CONCURRENTLY IF EXISTS ${n.split('.').map(ident).join('.')};`).join('\n')}` },
    );
  }
};
