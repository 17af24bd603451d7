/** The backup flags of the migrating commands (up, up-to, up-by-one, down, down-to, redo, reset). */
import type { Command } from 'commander';

export interface BackupFlags {
  backup?: boolean;
  backupDir?: string;
}

export const DEFAULT_CLI_BACKUP_DIR = './backups';

export function addBackupOptions(command: Command): Command {
  return command
    .option('--backup', 'back up the database (and verify the copy) before changing it; a failed backup stops the run')
    .option('--backup-dir <path>', `folder for backups (default: ${DEFAULT_CLI_BACKUP_DIR})`);
}
