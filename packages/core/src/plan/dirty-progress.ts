/**
 * `status` says how far a failed migration got ("dirty at 42, statement 3 of 7"). The store keeps
 * how many statements completed; how many there are takes preparing the file, which only a dirty
 * migration with recorded progress pays for.
 */
import type { Driver } from '../driver/contract.js';
import type { Migration } from '../migration.js';
import type { StatusReport } from './contract.js';

export async function countDirtyStatements(driver: Driver, migrations: readonly Migration[], report: StatusReport): Promise<void> {
  for (const entry of report.migrations) {
    if (entry.state !== 'dirty' || entry.statementsDone === undefined) continue;
    const migration = migrations.find((m) => m.version === entry.version);
    if (!migration || migration.format === 'unsupported') continue;
    try {
      const prepared = await driver.prepare(migration, await migration.load(), 'up');
      entry.statements = prepared.statements.length;
    } catch {
      // The file no longer prepares (an edit, an ENVSUB gap): the count is unknown, the rest stands.
    }
  }
}
