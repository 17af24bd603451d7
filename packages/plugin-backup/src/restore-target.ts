/**
 * A restore into another database than the one a backup was made from is how one customer's data
 * ends up in another's database: it is refused unless the caller says it is meant (the CLI's
 * --force-target or --yes). Both sides are the drivers' redacted targets, so no secret is compared
 * or shown.
 */
import { type Driver, GodwitError } from '@godwit/core';
import type { BackupMetadata } from './metadata.js';

export function assertSameDatabase(file: string, meta: BackupMetadata | undefined, driver: Driver, allowOtherTarget: boolean): void {
  if (!meta || allowOtherTarget) return;
  if (meta.driver !== driver.name || meta.database !== driver.target) {
    throw new GodwitError('ABORTED', `backup ${file} was made from ${meta.database}, not ${driver.target}: restoring it would replace this database with another one's data`, {
      file,
      hint: 'check the target; if this is meant (e.g. copying production into staging), run again with --force-target',
      data: { source: meta.database, target: driver.target },
    });
  }
}
