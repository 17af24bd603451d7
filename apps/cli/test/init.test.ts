/**
 * `godwit init` with the built binary: a starter project in an empty folder that `godwit up`
 * runs as it is (SQLite by default, PostgreSQL through its convention variable), a refusal that
 * leaves the folder byte for byte as it was, and a dry run that writes nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCli } from '@godwit/test-kit/cli';
import { perTest } from '@godwit/test-kit/per-test';
import { createTestDatabase, describePostgres } from '@godwit/test-kit/postgres';
import { tempDir } from '@godwit/test-kit/temp';
import { describe, expect, it } from 'vitest';
import { parseJson } from './helpers.js';

const STARTER = ['.env.example', '.github/workflows/godwit.yml', 'godwit.config.json', 'migrations/sqlite-app/000001_init.sql'];

/** Every file under `dir` with its bytes: what "nothing changed" is compared on. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return out;
}

describe('godwit init', () => {
  const project = perTest(() => tempDir('init'), (p) => p.remove());
  const godwit = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, { cwd: project.dir, env });

  it('writes a starter project that `godwit up` and `godwit migrate-all` run as they are', async () => {
    const init = await godwit(['init']);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
    expect(init.stdout).toContain('created migrations/sqlite-app/000001_init.sql\n');
    expect(init.stdout).toContain('npx godwit up');
    expect(Object.keys(snapshot(project.dir)).sort()).toEqual(STARTER);

    const up = await godwit(['up']);
    expect(up.code, up.stderr).toBe(0);
    const status = parseJson((await godwit(['status', '--json'])).stdout);
    expect(status.current).toBe(1);
    expect(status.migrations.map((m: { name: string; state: string }) => [m.name, m.state])).toEqual([['init', 'applied']]);
    expect((await godwit(['validate'])).code).toBe(0);
    // what the CI workflow runs, with the URL variable it sets
    const lint = await godwit(['lint', '--dir', 'migrations/sqlite-app', '--format', 'github']);
    expect(lint.code, lint.stderr).toBe(0);
    const all = await godwit(['migrate-all', '--dry-run'], { SQLITE_APP_URL: 'sqlite:./ci.db' });
    expect(all.code, all.stderr).toBe(0);
  });

  it('refuses to overwrite, naming every file that is there, and writes nothing (exit 1)', async () => {
    await project.write({ 'godwit.config.json': '{"dir": "mine"}\n', '.env.example': 'MINE=1\n', 'notes.txt': 'kept\n' });
    const before = snapshot(project.dir);
    const init = await godwit(['init']);
    expect(init.code).toBe(1);
    expect(init.stderr).toContain('godwit: error: 2 files already exist: godwit.config.json, .env.example; nothing was written\n');
    expect(init.stderr).toContain('godwit: hint: pass --force to overwrite them');
    expect(snapshot(project.dir)).toEqual(before);

    const json = await godwit(['init', '--json']);
    expect(json.code).toBe(1);
    expect(parseJson(json.stdout).error).toMatchObject({ code: 'VALIDATION_FAILED', data: { existing: ['godwit.config.json', '.env.example'] } });
    expect(snapshot(project.dir)).toEqual(before);
  });

  it('--dry-run lists what it would write and writes nothing, --force too', async () => {
    const empty = await godwit(['init', '--dry-run']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe(
      [
        'would create godwit.config.json',
        'would create migrations/sqlite-app/000001_init.sql',
        'would create .env.example',
        'would create .github/workflows/godwit.yml',
        'dry run: nothing was written',
        '',
      ].join('\n'),
    );
    expect(snapshot(project.dir)).toEqual({});

    await project.write({ 'godwit.config.json': '{"dir": "mine"}\n' });
    const before = snapshot(project.dir);
    const forced = await godwit(['init', '--force', '--dry-run', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    const doc = parseJson(forced.stdout);
    expect(doc).toMatchObject({ dir: '.', driver: 'sqlite', database: 'sqlite-app', urlVariable: 'SQLITE_APP_URL', dryRun: true });
    expect(doc.files[0]).toEqual({ path: 'godwit.config.json', action: 'overwrite' });
    expect(doc.files.slice(1).every((f: { action: string }) => f.action === 'create')).toBe(true);
    expect(snapshot(project.dir)).toEqual(before);
  });

  it('--force overwrites; --dir writes into another folder, created if missing', async () => {
    await project.write({ 'godwit.config.json': '{"dir": "mine"}\n' });
    const forced = await godwit(['init', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('overwrote godwit.config.json\n');
    expect(JSON.parse(readFileSync(project.path('godwit.config.json'), 'utf8')).dir).toBe('migrations/sqlite-app');

    const elsewhere = await godwit(['init', '--dir', 'services/billing', '--driver', 'mongodb', '--name', 'events', '--json']);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(parseJson(elsewhere.stdout).next[0]).toBe('cd services/billing');
    expect(Object.keys(snapshot(project.path('services/billing'))).sort()).toEqual([
      '.env.example',
      '.github/workflows/godwit.yml',
      'godwit.config.json',
      'migrations/mongo-events/000001_init.down.json',
      'migrations/mongo-events/000001_init.up.json',
    ]);
    const absolute = await godwit(['init', '--dir', project.path('abs'), '--json']);
    expect(absolute.code, absolute.stderr).toBe(0);
    expect(Object.keys(snapshot(project.path('abs'))).sort()).toEqual(STARTER);
  });

  it('refuses an unknown driver or a name no folder can have (exit 2, nothing written)', async () => {
    const driver = await godwit(['init', '--driver', 'mysql']);
    expect(driver.code).toBe(2);
    expect(driver.stderr).toMatch(/^godwit: error: unknown driver "mysql"; valid names: /m);
    const name = await godwit(['init', '--name', 'Big App']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('godwit: error: --name "Big App" cannot name a database folder (sqlite-Big App)\n');
    expect(snapshot(project.dir)).toEqual({});
  });

  it('explains itself in --help, with examples', async () => {
    const help = await godwit(['init', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--name <name>');
    expect(help.stdout).toContain('$ godwit init --driver postgres --name shop');
  });
});

describePostgres('godwit init --driver postgres', () => {
  const db = perTest(() => createTestDatabase('init'), (d) => d.drop());
  const project = perTest(() => tempDir('init-pg'), (p) => p.remove());

  it('runs on the database its convention variable names, and refuses to guess without it', async () => {
    const godwit = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, { cwd: project.dir, env });
    expect((await godwit(['init', '--driver', 'postgres', '--name', 'shop'])).code).toBe(0);
    const unset = await godwit(['up']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('POSTGRES_SHOP_URL is not set');

    const up = await godwit(['up'], { POSTGRES_SHOP_URL: db.url });
    expect(up.code, up.stderr).toBe(0);
    const rows = await db.query<{ version: string }>('SELECT version FROM godwit_migrations');
    expect(rows.map((r) => Number(r.version))).toEqual([1]);
    const all = await godwit(['migrate-all', '--dry-run', '--json'], { POSTGRES_SHOP_URL: db.url });
    expect(all.code, all.stderr).toBe(0);
  });
});
