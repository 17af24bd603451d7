/**
 * pg_dump cannot dump a server newer than itself, and says so only after a cryptic failure
 * part-way through. Compare the majors first and name the client tools to install.
 */
import { GodwitError } from '@godwit/core';

/** `15.20 (Debian 15.20-0+deb12u1)` -> 15; `9.6.24` -> 9. */
export function parseMajor(versionText: string): number | undefined {
  const m = /(\d+)(?:\.(\d+))?/.exec(versionText);
  return m ? Number(m[1]) : undefined;
}

/** Throws BACKUP_FAILED when `pg_dump --version` printed an older major than `serverVersionNum`'s. */
export function assertDumpCanRead(pgDumpVersionOutput: string, serverVersionNum: number): void {
  const tool = parseMajor(pgDumpVersionOutput.replace(/^[^\d]*/, ''));
  const server = Math.floor(serverVersionNum / 10_000);
  if (tool === undefined) throw new GodwitError('BACKUP_FAILED', `cannot read the version of pg_dump from "${pgDumpVersionOutput.trim()}"`);
  if (tool < server) {
    throw new GodwitError('BACKUP_FAILED', `pg_dump ${tool} is older than the server (PostgreSQL ${server})`, {
      hint: `install the PostgreSQL ${server} client tools (pg_dump must be at least as new as the server)`,
    });
  }
}
