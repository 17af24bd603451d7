/**
 * `godwit backup create|list|restore <file>|prune`: the backup files of the selected database.
 * Restoring replaces the database's contents, so a protected environment asks for --yes.
 * `--dry-run` changes nothing, ever: create writes no file, restore only checks the file, prune
 * only lists what it would delete.
 */
import { type Driver, GodwitError } from '@godwit/core';
import { type BackupFile, type BackupOptions, createBackup, listBackups, pruneBackups, restoreBackup } from '@godwit/plugin-backup';
import type { Command } from 'commander';
import { type CliContext, optionsOf, parseArgument, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { addYesOption } from '../../settings/options.js';
import type { Session } from '../../session/session.js';
import { addBackupDirOption } from '../../plugins/backup-flags.js';
import { backupOptionsOf } from '../../plugins/backup.js';
import { openBackupDriver } from './driver.js';

interface Flags {
  backupDir?: string;
  gzip?: boolean;
  keep?: string;
  maxAgeDays?: string;
}

export function registerBackup(program: Command, ctx: CliContext): void {
  const backup = program.command('backup').description('make, list, restore and prune backups of the database');
  withExamples(backup, [
    'godwit backup create --database postgres://app@db/app',
    'godwit backup list',
    'godwit backup restore backups/app-20261121T235307.045Z-v3.dump --env production --yes',
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
      const info = await createBackup(driver, { ...opts, ...(flags.gzip && { gzip: true }) }, version);
      return {
        json: { backup: { ...fileJson(info), method: info.method, verified: info.verified } },
        text: `backup ${info.file} (${info.method}; ${info.verified})\n`,
      };
    }),
  );

  const list = addBackupDirOption(backup.command('list').description("this database's backups, newest first"));
  list.action((_flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup list', false, async ({ driver, opts }) => {
      const files = await listBackups(driver, opts);
      const text = files.length === 0 ? `no backups in ${opts.dir}\n` : files.map((f) => `${f.file}  v${f.version}  ${f.createdAt.toISOString()}  ${f.bytes} bytes\n`).join('');
      return { json: { backups: files.map(fileJson) }, text };
    }),
  );

  const restore = addBackupDirOption(backup.command('restore <file>').description("replace the database's contents with a backup"));
  addYesOption(restore);
  restore.action((file: string, _flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup restore', true, async ({ driver, opts, dryRun }) => {
      const { method, verified } = await restoreBackup(driver, opts, file, { dryRun });
      if (dryRun) {
        return {
          json: { dryRun: true, wouldRestore: file, into: driver.target, method, verified },
          text: `dry run: would restore ${file} (${method}; ${verified}) into ${driver.target}; the database was not touched\n`,
        };
      }
      return { json: { restored: file, method, verified }, text: `restored ${file} (${method})\n` };
    }),
  );

  const prune = addBackupDirOption(backup.command('prune').description('delete old backups of this database (the newest always stays)'));
  prune.option('--keep <n>', 'keep the newest <n>').option('--max-age-days <n>', 'delete those older than <n> days');
  prune.action(async (flags: Flags, cmd: Command) => {
    const rule = parseArgument(ctx, cmd, () => retentionOf(flags));
    if (!rule) return;
    await run(ctx, cmd, 'backup prune', false, async ({ driver, opts, dryRun }) => {
      const removed = await pruneBackups(driver, { ...opts, ...rule }, new Date(), { dryRun });
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
  body: (work: BackupWork) => Promise<{ json: Record<string, unknown>; text: string }>,
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

function fileJson(f: BackupFile): Record<string, unknown> {
  return { file: f.file, databaseId: f.databaseId, createdAt: f.createdAt.toISOString(), version: f.version, bytes: f.bytes };
}
