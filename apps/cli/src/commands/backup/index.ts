/**
 * `godwit backup create|list|restore <file>|prune`: the backup files of the selected database.
 * Restoring replaces the database's contents, so a protected environment asks for --yes; a
 * restore checks the file against the SHA-256 recorded when it was made and refuses a mismatch,
 * and a backup made before checksums (none recorded) needs --yes too. `list --verify` checks
 * every backup's checksum. `--dry-run` changes nothing, ever: create writes no file, restore only
 * checks the file, prune only lists what it would delete.
 *
 * The plugin's package is loaded when a backup command runs, not when the program is built.
 */
import { type Driver, GodwitError } from '@godwit/core';
import type { BackupFile, BackupOptions, CheckedBackup } from '@godwit/plugin-backup';
import type { Command } from 'commander';
import { type CliContext, optionsOf, parseArgument, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { addYesOption } from '../../settings/options.js';
import type { Session } from '../../session/session.js';
import { addBackupDirOption } from '../../plugins/backup-flags.js';
import { backupOptionsOf } from '../../plugins/backup.js';
import { openBackupDriver } from './driver.js';

const plugin = () => import('@godwit/plugin-backup');

interface Flags {
  backupDir?: string;
  gzip?: boolean;
  keep?: string;
  maxAgeDays?: string;
  verify?: boolean;
  yes?: boolean;
  forceTarget?: boolean;
}

export function registerBackup(program: Command, ctx: CliContext): void {
  const backup = program.command('backup').description('make, list, restore and prune backups of the database');
  withExamples(backup, [
    'godwit backup create --database postgres://app@db/app',
    'godwit backup list --verify',
    'godwit backup restore backups/app-20261121T235307.045Z-v3.dump --env production --yes',
    'godwit backup restore backups/prod-20261121T235307.045Z-v3.dump --database $STAGING_URL --force-target',
    'godwit backup prune --keep 10 --max-age-days 30',
  ]);

  const create = addBackupDirOption(backup.command('create').description('back up the database now and verify the copy'));
  create.option('--gzip', 'gzip the file (PostgreSQL dumps and mongodump archives are compressed already)');
  create.action((flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup create', false, async ({ session, driver, opts, dryRun }) => {
      const { version } = await session.migrator.version();
      if (dryRun) {
        return {
          json: { dryRun: true, wouldBackUp: { target: driver.target, version, dir: opts.dir } },
          text: `dry run: would back up ${driver.target} (version ${version}) into ${opts.dir}; nothing was written\n`,
        };
      }
      const info = await (await plugin()).createBackup(driver, { ...opts, ...(flags.gzip && { gzip: true }) }, version);
      for (const warning of info.warnings) session.logger.warn({ event: 'backup-folder-open' }, warning);
      return {
        json: { backup: { ...fileJson(info), method: info.method, verified: info.verified, sha256: info.sha256 }, warnings: info.warnings },
        text: `backup ${info.file} (${info.method}; ${info.verified})\n`,
      };
    }),
  );

  const list = addBackupDirOption(backup.command('list').description("this database's backups, newest first"));
  list.option('--verify', 'check every backup against the SHA-256 recorded when it was made (exit 1 on a mismatch)');
  list.action((flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup list', false, async ({ driver, opts }) => {
      if (flags.verify) return verifiedList(await (await plugin()).verifyBackups(driver, opts), opts);
      const files = await (await plugin()).listBackups(driver, opts);
      const text = files.length === 0 ? `no backups in ${opts.dir}\n` : files.map((f) => `${listLine(f)}\n`).join('');
      return { json: { backups: files.map(fileJson) }, text };
    }),
  );

  const restore = addBackupDirOption(backup.command('restore <file>').description("replace the database's contents with a backup"));
  addYesOption(restore);
  restore.option('--force-target', 'restore a backup made from another database into this one (e.g. production into staging)');
  restore.action((file: string, flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup restore', true, async ({ session, driver, opts, dryRun }) => {
      // --yes also vouches for a backup made before checksums (nothing recorded to check it against)
      // and for one made from another database.
      const result = await (await plugin()).restoreBackup(driver, opts, file, {
        dryRun,
        allowUnverified: flags.yes === true,
        allowOtherTarget: flags.forceTarget === true || flags.yes === true,
      });
      const { method, verified, checksum, sha256 } = result;
      const from = result.source !== undefined ? { source: result.source, sourceVersion: result.sourceVersion } : {};
      const origin = result.source !== undefined ? `made from ${result.source} at version ${result.sourceVersion}; ` : '';
      const checked = `${origin}${checksum === 'ok' ? 'checksum ok' : 'checksum unverified: made before checksums'}`;
      if (checksum === 'unverified' && !dryRun) session.logger.warn({ event: 'backup-unverified', file }, `restoring ${file} without a recorded checksum (--yes)`);
      if (dryRun) {
        return {
          json: { dryRun: true, wouldRestore: file, into: driver.target, ...from, method, verified, checksum, sha256 },
          text: `dry run: would restore ${file} (${method}; ${checked}; ${verified}) into ${driver.target}; the database was not touched\n`,
        };
      }
      return {
        json: { restored: file, into: driver.target, ...from, method, verified, checksum, sha256 },
        text: `restored ${file} into ${driver.target} (${method}; ${checked}); recorded in the history\n`,
      };
    }),
  );

  const prune = addBackupDirOption(backup.command('prune').description('delete old backups of this database (the newest always stays)'));
  prune.option('--keep <n>', 'keep the newest <n>').option('--max-age-days <n>', 'delete those older than <n> days');
  prune.action(async (flags: Flags, cmd: Command) => {
    const rule = parseArgument(ctx, cmd, () => retentionOf(flags));
    if (!rule) return;
    await run(ctx, cmd, 'backup prune', false, async ({ driver, opts, dryRun }) => {
      const removed = await (await plugin()).pruneBackups(driver, { ...opts, ...rule }, new Date(), { dryRun });
      if (dryRun) {
        const text = removed.length === 0 ? 'dry run: nothing to remove\n' : removed.map((f) => `dry run: would remove ${f}\n`).join('');
        return { json: { dryRun: true, wouldRemove: removed }, text };
      }
      return { json: { removed }, text: removed.length === 0 ? 'nothing to remove\n' : removed.map((f) => `removed ${f}\n`).join('') };
    });
  });
}

/** What each subcommand works with: its session, a driver for the backup functions, their options. */
interface BackupWork {
  session: Session;
  driver: Driver;
  opts: BackupOptions;
  /** --dry-run: report what would happen, change nothing */
  dryRun: boolean;
}

async function run(
  ctx: CliContext,
  cmd: Command,
  name: string,
  destructive: boolean,
  body: (work: BackupWork) => Promise<{ ok?: boolean; json: Record<string, unknown>; text: string; errors?: GodwitError[] }>,
): Promise<void> {
  const options = optionsOf(cmd);
  const flags = cmd.optsWithGlobals<Flags>();
  const code = await execute(ctx, options, { command: name, need: 'required', destructive }, async (session) => {
    const { database } = session.target;
    if (!database) throw new GodwitError('USAGE', `${name} needs a database`, { hint: 'pass --database' });
    const driver = await openBackupDriver(session.target, database);
    try {
      const out = await body({ session, driver, opts: backupOptionsOf(flags, ctx.env, ctx.cwd), dryRun: session.target.run.dryRun === true });
      return { ok: true, ...out };
    } finally {
      await driver.close().catch((e: unknown) => {
        session.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not close the database connection');
      });
    }
  });
  ctx.setExitCode(code);
}

function retentionOf(flags: Flags): { keep?: number; maxAgeDays?: number } {
  const rule: { keep?: number; maxAgeDays?: number } = {};
  if (flags.keep !== undefined) rule.keep = positive(flags.keep, '--keep', true);
  if (flags.maxAgeDays !== undefined) rule.maxAgeDays = positive(flags.maxAgeDays, '--max-age-days', false);
  if (rule.keep === undefined && rule.maxAgeDays === undefined) {
    throw new GodwitError('USAGE', 'backup prune needs --keep or --max-age-days', { hint: 'e.g. godwit backup prune --keep 10' });
  }
  return rule;
}

function positive(text: string, flag: string, whole: boolean): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < (whole ? 1 : 0) || (whole && !Number.isInteger(n))) {
    throw new GodwitError('USAGE', `${flag}: "${text}" is not a ${whole ? 'positive whole number' : 'number of days'}`, { hint: `e.g. ${flag} 10` });
  }
  return n;
}

/** `backup list --verify`: each backup with its checksum state; a mismatch fails the command. */
function verifiedList(checked: CheckedBackup[], opts: BackupOptions): { ok: boolean; json: Record<string, unknown>; text: string; errors?: GodwitError[] } {
  const bad = checked.filter((b) => b.check.state === 'mismatch');
  const lines = checked.map((b) => `${listLine(b)}  ${checkWords(b)}\n`).join('');
  const text = checked.length === 0 ? `no backups in ${opts.dir}\n` : lines;
  const json = {
    backups: checked.map((b) => ({
      ...fileJson(b),
      checksum: b.check.state,
      sha256: b.check.digest.sha256,
      ...(b.check.state === 'mismatch' && { recordedSha256: b.check.recorded.sha256, recordedBytes: b.check.recorded.bytes }),
    })),
  };
  if (bad.length === 0) return { ok: true, json, text };
  const error = new GodwitError('BACKUP_FAILED', `${bad.length} backup(s) do not match their recorded checksum: ${bad.map((b) => b.file).join(', ')}`, {
    hint: 'do not restore them; make a new backup with godwit backup create',
  });
  return { ok: false, json, text, errors: [error] };
}

function checkWords(b: CheckedBackup): string {
  const { check } = b;
  if (check.state === 'ok') return 'checksum ok';
  if (check.state === 'unverified') return 'unverified (made before checksums)';
  return `CHECKSUM MISMATCH (recorded sha256 ${check.recorded.sha256}, file has ${check.digest.sha256})`;
}

function listLine(f: BackupFile): string {
  return `${f.file}  v${f.version}  ${f.createdAt.toISOString()}  ${f.bytes} bytes`;
}

function fileJson(f: BackupFile): Record<string, unknown> {
  return { file: f.file, databaseId: f.databaseId, createdAt: f.createdAt.toISOString(), version: f.version, bytes: f.bytes };
}
