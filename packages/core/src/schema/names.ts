/**
 * The snapshots' table (or collection) name, beside the store's own (`storeTableNames`): every
 * driver derives it here, so the table `inspect` leaves out is the one `snapshots.record` writes.
 */
export function snapshotsTableName(table: string): string {
  return `${table}_snapshots`;
}
