/** The backup flags: `--backup` on the migrating commands (up, down, redo, ...), `--backup-dir` there and on `godwit backup`. */
import type { Command } from 'commander';

export interface BackupFlags {
  backup?: boolean;
  backupDir?: string;
}

export const DEFAULT_CLI_BACKUP_DIR = './backups';

export function addBackupDirOption(command: Command): Command {
  return command.option('--backup-dir <path>', `folder for backups (default: ${DEFAULT_CLI_BACKUP_DIR})`);
}

export function addBackupOptions(command: Command): Command {
  return addBackupDirOption(
    command.option('--backup', 'back up the database (and verify the copy) before changing it; a failed backup stops the run'),
  );
}
