/**
 * `godwit backup create|list|restore <file>|prune`: the backup files of the selected database.
 * Restoring replaces the database's contents, so a protected environment asks for --yes.
 */
import { GodwitError } from '@godwit/core';
import { type BackupFile, createBackup, listBackups, pruneBackups, restoreBackup } from '@godwit/plugin-backup';
import type { Command } from 'commander';
import { type CliContext, optionsOf, parseArgument, withExamples } from '../../context/command-kit.js';
import { execute } from '../../context/execute.js';
import { addYesOption } from '../../context/options.js';
import type { Session } from '../../context/session.js';
import { DEFAULT_CLI_BACKUP_DIR } from './options.js';
import { backupOptionsOf } from './plugin.js';

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
  const dirOption = (c: Command) => c.option('--backup-dir <path>', `folder for backups (default: ${DEFAULT_CLI_BACKUP_DIR})`);

  const create = dirOption(backup.command('create').description('back up the database now and verify the copy'));
  create.option('--gzip', 'gzip the file (PostgreSQL dumps and mongodump archives are compressed already)');
  create.action((flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup create', false, async (session, opts) => {
      const { version } = await session.migrator.version();
      const info = await createBackup({ ...opts, ...(flags.gzip && { gzip: true }) }, version);
      return {
        json: { backup: { ...fileJson(info), method: info.method, verified: info.verified } },
        text: `backup ${info.file} (${info.method}; ${info.verified})\n`,
      };
    }),
  );

  const list = dirOption(backup.command('list').description("this database's backups, newest first"));
  list.action((_flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup list', false, async (_session, opts) => {
      const files = await listBackups(opts);
      const text = files.length === 0 ? `no backups in ${opts.dir}\n` : files.map((f) => `${f.file}  v${f.version}  ${f.createdAt.toISOString()}  ${f.bytes} bytes\n`).join('');
      return { json: { backups: files.map(fileJson) }, text };
    }),
  );

  const restore = dirOption(backup.command('restore <file>').description("replace the database's contents with a backup"));
  addYesOption(restore);
  restore.action((file: string, _flags: Flags, cmd: Command) =>
    run(ctx, cmd, 'backup restore', true, async (_session, opts) => {
      const { method } = await restoreBackup(opts, file);
      return { json: { restored: file, method }, text: `restored ${file} (${method})\n` };
    }),
  );

  const prune = dirOption(backup.command('prune').description('delete old backups of this database (the newest always stays)'));
  prune.option('--keep <n>', 'keep the newest <n>').option('--max-age-days <n>', 'delete those older than <n> days');
  prune.action(async (flags: Flags, cmd: Command) => {
    const rule = parseArgument(ctx, cmd, () => retentionOf(flags));
    if (!rule) return;
    await run(ctx, cmd, 'backup prune', false, async (_session, opts) => {
      const removed = await pruneBackups({ ...opts, ...rule });
      return { json: { removed }, text: removed.length === 0 ? 'nothing to remove\n' : removed.map((f) => `removed ${f}\n`).join('') };
    });
  });
}

async function run(
  ctx: CliContext,
  cmd: Command,
  name: string,
  destructive: boolean,
  body: (session: Session, opts: ReturnType<typeof backupOptionsOf>) => Promise<{ json: Record<string, unknown>; text: string }>,
): Promise<void> {
  const options = optionsOf(cmd);
  const flags = cmd.optsWithGlobals<Flags>();
  const code = await execute(ctx, options, { command: name, need: 'required', destructive }, async (session) => {
    const db = session.settings.database;
    if (!db) throw new GodwitError('USAGE', `${name} needs a database`, { hint: 'pass --database' });
    const out = await body(session, backupOptionsOf(db, session.settings, flags, ctx.env, ctx.cwd));
    return { ok: true, ...out };
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
