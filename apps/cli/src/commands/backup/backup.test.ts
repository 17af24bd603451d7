/** `--backup`, `backup: true` in the config, and `godwit backup create|list|restore|prune`, through the built binary. */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, EMAIL_DOWN, EMAIL_UP, type Project, USERS } from '../../../test/helpers.js';

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
    expect(restored.stdout).toContain('restored');
    expect(p.query<{ name: string }>('PRAGMA table_info(users)').map((c) => c.name)).toEqual(['id', 'name']);
    expect((await p.godwit('version')).stdout).toContain('1');
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
});
