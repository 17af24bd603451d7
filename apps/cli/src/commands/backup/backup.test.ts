/** `--backup`, `backup: true` in the config, and `godwit backup create|list|restore|prune`, through the built binary. */
import { createHash } from 'node:crypto';
import { readdir as readFolder, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, EMAIL_DOWN, EMAIL_UP, type Project, USERS } from '../../../test/helpers.js';

/** The backups in a folder, without their `.meta.json` files. */
const readdir = async (dir: string) => (await readFolder(dir)).filter((f) => !f.endsWith('.meta.json'));

describe('godwit backups (SQLite)', () => {
  let p: Project;
  beforeEach(async () => {
    p = await createProject();
    await p.write('migrations/00001_users.sql', USERS);
  });
  afterEach(() => p.remove());

  async function atVersionOne(): Promise<void> {
    expect((await p.godwit('up')).code).toBe(0);
    await p.write('migrations/00002_email.up.sql', EMAIL_UP);
    await p.write('migrations/00002_email.down.sql', EMAIL_DOWN);
  }

  it('--backup writes a verified backup before migrating and names it; restore brings the old schema back', async () => {
    await atVersionOne();
    const run = await p.godwit('up', '--backup', '--json');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.after).toBe(2);
    const file = doc.meta.backup as string;
    expect(file).toMatch(/\/backups\/app-\d{8}T\d{6}\.\d{3}Z-v1\.db$/);
    expect(doc.meta.backupMethod).toBe('sqlite backup API');
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toContain('email');

    // The run's history row names the backup; the earlier run's has no note.
    const history = JSON.parse((await p.godwit('history', '--json')).stdout).history as Array<{ version: number; note: string | null }>;
    expect(history.map((h) => [h.version, h.note])).toEqual([
      [2, `backup: ${file}`],
      [1, null],
    ]);
    const text = (await p.godwit('history')).stdout.trimEnd().split('\n');
    expect(text[0]).toMatch(/ RESULT +NOTE$/);
    expect(text[1]).toMatch(/^\d+ +2 +email /);
    expect(text[1]).toMatch(/ ok +backup: /);
    expect(text[1]?.endsWith(`backup: ${file}`)).toBe(true);
    expect(text[2]).toMatch(/ ok +-$/);

    const listed = await p.godwit('backup', 'list', '--json');
    expect(JSON.parse(listed.stdout).backups.map((b: { file: string }) => b.file)).toEqual([file]);

    const restored = await p.godwit('backup', 'restore', file);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toBe(
      `restored ${file} into sqlite:./app.db (sqlite backup API; made from sqlite:./app.db at version 1; checksum ok); recorded in the history\n`,
    );
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toEqual(['id', 'name']);
    expect((await p.godwit('version')).stdout).toContain('1');
    // The restored history keeps the restore: version 2's run is gone with the rest, the restore is there.
    const after = JSON.parse((await p.godwit('history', '--json')).stdout).history as Array<{ version: number; direction: string; note: string | null }>;
    expect(after.map((h) => [h.version, h.direction])).toEqual([
      [1, 'restore'],
      [1, 'up'],
    ]);
    expect(after[0]?.note).toMatch(/^restored .*app-.*-v1\.db \(made .* from sqlite:\.\/app\.db at version 1\)$/);
  });

  it("restoring one database's backup into another says where it came from and needs --force-target", async () => {
    await atVersionOne();
    const made = JSON.parse((await p.godwit('backup', 'create', '--json')).stdout).backup.file as string;
    const other = ['--database', 'sqlite:./other.db', '--dir', 'migrations'];
    const refused = await p.raw([...other, 'backup', 'restore', made]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('was made from sqlite:./app.db, not sqlite:./other.db');
    expect(refused.stderr).toContain('--force-target');
    expect(p.tables()).toContain('users');
    const forced = await p.raw([...other, 'backup', 'restore', made, '--force-target', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ into: 'sqlite:./other.db', source: 'sqlite:./app.db', sourceVersion: 1, checksum: 'ok' });
    const history = JSON.parse((await p.raw([...other, 'history', '--json'])).stdout).history as Array<{ direction: string }>;
    expect(history[0]?.direction).toBe('restore');
  });

  it('a backup folder that cannot be made stops the run, exit 1, nothing migrated', async () => {
    await atVersionOne();
    await writeFile(join(p.dir, 'blocker'), '');
    const run = await p.godwit('up', '--backup', '--backup-dir', 'blocker/backups');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot create the backup folder .*blocker\/backups/);
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('"backup": true in the environment turns it on; a protected environment asks for --yes to restore', async () => {
    await atVersionOne();
    await p.write(
      'godwit.config.json',
      JSON.stringify({ environments: { prod: { database: 'sqlite:./app.db', dir: 'migrations', backup: true, protected: true } } }),
    );
    const run = await p.raw(['up', '--env', 'prod']);
    expect(run.code).toBe(0);
    const files = await readdir(join(p.dir, 'backups'));
    expect(files).toHaveLength(1);
    const refused = await p.raw(['backup', 'restore', `backups/${files[0]}`, '--env', 'prod']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('needs --yes');
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toContain('email');
    const done = await p.raw(['backup', 'restore', `backups/${files[0]}`, '--env', 'prod', '--yes']);
    expect(done.code).toBe(0);
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('backup create and prune keep exactly the newest N', async () => {
    expect((await p.godwit('up')).code).toBe(0);
    for (let i = 0; i < 3; i++) expect((await p.godwit('backup', 'create', '--gzip')).code).toBe(0);
    const before = (await readdir(join(p.dir, 'backups'))).sort();
    expect(before).toHaveLength(3);
    expect(before.every((f) => f.endsWith('-v1.db.gz'))).toBe(true);
    const pruned = await p.godwit('backup', 'prune', '--keep', '1', '--json');
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout).removed).toHaveLength(2);
    expect(await readdir(join(p.dir, 'backups'))).toEqual([before[2]]);
    const bad = await p.godwit('backup', 'prune');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('needs --keep or --max-age-days');
  });

  it('--dry-run changes nothing: restore (even protected, without --yes), prune and create leave the database and every file byte-identical', async () => {
    await atVersionOne();
    await p.write(
      'godwit.config.json',
      JSON.stringify({ environments: { prod: { database: 'sqlite:./app.db', dir: 'migrations', backup: true, protected: true } } }),
    );
    expect((await p.raw(['backup', 'create', '--env', 'prod'])).code).toBe(0);
    expect((await p.raw(['up', '--env', 'prod'])).code).toBe(0);
    const files = (await readdir(join(p.dir, 'backups'))).sort();
    expect(files).toHaveLength(2);
    /** Every byte that matters: the database file and each backup, by content. */
    const snapshot = async () => {
      const names = (await readdir(join(p.dir, 'backups'))).sort();
      const hashes = await Promise.all(
        [join(p.dir, 'app.db'), ...names.map((n) => join(p.dir, 'backups', n))].map(async (f) => createHash('sha256').update(await readFile(f)).digest('hex')),
      );
      return { names, hashes };
    };
    const before = await snapshot();

    const restore = await p.raw(['backup', 'restore', `backups/${files[0]}`, '--env', 'prod', '--dry-run', '--json']);
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ dryRun: true, wouldRestore: `backups/${files[0]}`, method: 'sqlite backup API' });
    expect(restore.stdout).not.toContain('"restored"');

    const prune = await p.raw(['backup', 'prune', '--keep', '1', '--env', 'prod', '--dry-run']);
    expect(prune.code).toBe(0);
    expect(prune.stdout).toBe(`dry run: would remove ${join(p.dir, 'backups', files[0]!)}\n`);

    const create = await p.raw(['backup', 'create', '--env', 'prod', '--dry-run']);
    expect(create.code).toBe(0);
    expect(create.stdout).toMatch(/^dry run: would back up sqlite:.*app\.db \(version 2\) into .*backups; nothing was written\n$/);

    expect(await snapshot()).toEqual(before);
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toContain('email');
  });

  it('backup create is private under umask 0022; list --verify and restore refuse a changed file (exit 1), the database untouched', async () => {
    const previous = process.umask(0o022);
    try {
      await atVersionOne();
      const made = await p.godwit('backup', 'create', '--json');
      expect(made.code).toBe(0);
      const { backup } = JSON.parse(made.stdout) as { backup: { file: string; sha256: string } };
      expect(((await stat(join(p.dir, 'backups'))).mode & 0o777).toString(8)).toBe('700');
      expect(((await stat(backup.file)).mode & 0o777).toString(8)).toBe('600');
      expect(((await stat(`${backup.file}.meta.json`)).mode & 0o777).toString(8)).toBe('600');
      expect((await p.godwit('up')).code).toBe(0);

      const good = await p.godwit('backup', 'list', '--verify');
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/ v1 .* checksum ok\n$/);

      const bytes = await readFile(backup.file);
      bytes[100] = (bytes[100]! + 1) % 256;
      await writeFile(backup.file, bytes);
      const altered = createHash('sha256').update(bytes).digest('hex');
      const listed = await p.godwit('backup', 'list', '--verify', '--json');
      expect(listed.code).toBe(1);
      expect(JSON.parse(listed.stdout).backups).toEqual([
        expect.objectContaining({ file: backup.file, checksum: 'mismatch', sha256: altered, recordedSha256: backup.sha256 }),
      ]);
      const refused = await p.godwit('backup', 'restore', backup.file, '--yes');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`does not match its recorded checksum: recorded sha256 ${backup.sha256}, file has sha256 ${altered}`);
      expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toContain('email');
    } finally {
      process.umask(previous);
    }
  });

  it('a backup made before checksums is restored only with --yes, and list --verify calls it unverified', async () => {
    await atVersionOne();
    const made = JSON.parse((await p.godwit('backup', 'create', '--json')).stdout) as { backup: { file: string } };
    const { rm } = await import('node:fs/promises');
    await rm(`${made.backup.file}.meta.json`);
    expect((await p.godwit('up')).code).toBe(0);
    const listed = await p.godwit('backup', 'list', '--verify');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/unverified \(made before checksums\)\n$/);
    const refused = await p.godwit('backup', 'restore', made.backup.file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is unverified \(made before checksums/);
    expect(refused.stderr).toContain('--yes');
    const done = await p.godwit('backup', 'restore', made.backup.file, '--yes');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('checksum unverified');
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toEqual(['id', 'name']);
  });
});
