/**
 * Access to the store on the driver's connection: writers get the tables created first (once per
 * connection), readers get nothing at all when the database or the table does not exist.
 */
import type { Db, SqliteConnection } from '../connection/connection.js';
import { addMissingColumns, createStoreSql, StoreRows, tableExists } from './store-sql.js';
import type { TableNames } from './table-names.js';

export class Store {
  private current: { db: Db; rows: StoreRows; ensured: boolean } | undefined;

  constructor(
    readonly connection: SqliteConnection,
    readonly names: TableNames,
  ) {}

  private session(db: Db) {
    if (this.current?.db !== db) this.current = { db, rows: new StoreRows(db, this.names), ensured: false };
    return this.current;
  }

  /** Creates the version and history tables if missing. */
  ensure(): void {
    const s = this.session(this.connection.openForWrites());
    if (s.ensured) return;
    const ddl = createStoreSql(this.names);
    s.db.transaction(() => {
      s.db.exec(ddl);
      addMissingColumns(s.db, this.names);
    }).immediate();
    s.ensured = true;
  }

  /** The connection and its row operations, with the store's tables in place. */
  writable(): { db: Db; rows: StoreRows } {
    this.ensure();
    const s = this.session(this.connection.open());
    return { db: s.db, rows: s.rows };
  }

  /** Row operations for reading `table`, or undefined when it (or the database) does not exist. */
  readable(table: 'versions' | 'history'): StoreRows | undefined {
    const db = this.connection.openIfExists();
    if (!db) return undefined;
    const s = this.session(db);
    if (!s.ensured && !tableExists(db, this.names.raw[table])) return undefined;
    return s.rows;
  }
}
