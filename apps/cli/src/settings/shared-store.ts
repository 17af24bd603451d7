/** Two databases on one store would read each other's history: refused before anything runs. */
import { GodwitError } from '@godwit/core';
import type { ProjectTarget } from './target.js';

export function refuseSharedStores(targets: ReadonlyArray<Pick<ProjectTarget, 'id' | 'database' | 'sqliteFile' | 'table'>>): void {
  const seen = new Map<string, string>();
  for (const t of targets) {
    if (!t.database) continue;
    // One SQLite file spelled two ways (`sqlite:./a.db`, `sqlite:a.db`) is still one store.
    const where = t.sqliteFile ? `sqlite:${t.sqliteFile.absolute}` : t.database.url.replace(/\/+$/, '');
    const key = `${where}\u0000${t.table}`;
    const other = seen.get(key);
    if (other) {
      throw new GodwitError('CONFIG', `${other} and ${t.id} both use ${t.database.redacted} with table ${t.table}`, {
        hint: `give one of them its own database URL, or its own "table" under databases.${t.id}`,
      });
    }
    seen.set(key, t.id);
  }
}
