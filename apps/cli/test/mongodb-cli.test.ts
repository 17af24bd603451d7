/**
 * The `godwit` CLI on MongoDB, end to end: the built binary, the real server (FerretDB or
 * MONGO_URL), real files. (Moved here from the MongoDB driver's tests, which no longer need the
 * CLI built.) Every scenario runs several CLI processes, so each has a budget sized for a busy
 * machine rather than the default.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { createMongoDriver } from '@godwit/driver-mongodb';
import { type CliResult, logEvents, runCli, startCli } from '@godwit/test-kit/cli';
import { describeMongo, freshDatabase } from '@godwit/test-kit/mongodb';
import { perTest } from '@godwit/test-kit/per-test';
import { tempDir } from '@godwit/test-kit/temp';
import { expect, it } from 'vitest';

const MIGRATIONS = 'migrations/mongo-app';

describeMongo('the godwit CLI on MongoDB', () => {
  const project = perTest(async () => {
    const p = await tempDir('cli-mongo');
    await mkdir(p.path(MIGRATIONS), { recursive: true });
    return p;
  }, (p) => p.remove());
  const database = perTest(() => freshDatabase('godwit_cli'), (d) => d.drop());

  const godwit = (args: string[], env?: Record<string, string>): Promise<CliResult> => runCli(args, { cwd: project.dir, ...(env && { env }) });
  /** godwit --database <this test's database> -d migrations/mongo-app ...args */
  const run = (...args: string[]): Promise<CliResult> => godwit(['--database', database.url, '-d', MIGRATIONS, ...args]);
  const write = (files: Record<string, string>) =>
    project.write(Object.fromEntries(Object.entries(files).map(([name, text]) => [`${MIGRATIONS}/${name}`, text])));
  const thing = (n: number): Record<string, string> => {
    const v = String(n).padStart(6, '0');
    return {
      [`${v}_thing_${n}.up.json`]: `[\n  { "create": "thing_${n}" },\n  { "insert": "thing_${n}", "documents": [{ "_id": ${n} }] }\n]\n`,
      [`${v}_thing_${n}.down.json`]: `[\n  { "drop": "thing_${n}" }\n]\n`,
    };
  };
  const things = async (count: number) => {
    for (let n = 1; n <= count; n++) await write(thing(n));
  };
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const collections = async () => (await database.collections()).filter((c) => c.startsWith('thing_') || c === 'users' || c === 'log');
  // Read through the driver, not the raw documents: the store's document shape is the driver's own.
  const ups = async () => {
    const driver = createMongoDriver({ url: database.url });
    try {
      return (await driver.store.history()).filter((h) => h.direction === 'up' && h.success).map((h) => h.version);
    } finally {
      await driver.close();
    }
  };

  it(
    'runs every command: create, up-by-one, up-to, up, status, version, history, validate, down, down-to, redo, force, reset, dry runs',
    { timeout: 240_000 },
    async () => {
      const created = await run('create', 'create_users', '--format', 'json');
      expect(created.code).toBe(0);
      expect(created.stdout).toContain(`${MIGRATIONS}/000001_create_users.up.json`);
      expect((await readdir(project.path(MIGRATIONS))).sort()).toEqual(['000001_create_users.down.json', '000001_create_users.up.json']);
      // `create` is proven once above (and at length on SQLite); the next files are written directly.
      await write({
        '000001_create_users.up.json': '[\n  { "create": "users" },\n  { "createIndexes": "users", "indexes": [{ "key": { "email": 1 }, "name": "email_unique", "unique": true }] }\n]\n',
        '000001_create_users.down.json': '[\n  { "drop": "users" }\n]\n',
        '000002_seed_users.up.json':
          '[\n  { "insert": "users", "documents": [{ "_id": { "$oid": "65a1b2c3d4e5f60718293a4b" }, "email": "a@example.com", "joined": { "$date": "2024-01-02T03:04:05Z" } }] }\n]\n',
        '000002_seed_users.down.json': '[\n  { "delete": "users", "deletes": [{ "q": {}, "limit": 0 }] }\n]\n',
      });
      await write(thing(3));

      const dry = await run('up', '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('{"create":"users"}');
      expect(dry.stdout).toContain('{"$oid":"65a1b2c3d4e5f60718293a4b"}');
      expect(await database.collections()).toEqual([]);

      expect((await run('up-by-one')).code).toBe(0);
      expect((await run('version')).stdout.trim()).toBe('1');
      expect((await run('up-to', '2')).code).toBe(0);
      expect(await database.db.collection('users').countDocuments()).toBe(1);

      const status = JSON.parse((await run('status', '--json')).stdout) as { current: number; migrations: Array<{ state: string }> };
      expect(status.current).toBe(2);
      expect(status.migrations.map((m) => m.state)).toEqual(['applied', 'applied', 'pending']);
      const table = await run('status');
      expect(table.stdout).toMatch(/create_users\s+applied/);
      expect(table.stdout).toMatch(/thing_3\s+pending/);

      const up = await run('up', '--json');
      expect(up.code).toBe(0);
      expect(JSON.parse(up.stdout)).toMatchObject({ ok: true, before: 2, after: 3 });
      expect((await run('validate')).code).toBe(0);

      const history = JSON.parse((await run('history', '--json')).stdout) as { history: Array<{ version: number; direction: string }> };
      expect(history.history.map((h) => [h.version, h.direction])).toEqual([
        [3, 'up'],
        [2, 'up'],
        [1, 'up'],
      ]);

      expect((await run('down')).code).toBe(0);
      expect(await collections()).toEqual(['users']);
      const redo = await run('redo', '--json');
      expect(JSON.parse(redo.stdout).results.map((r: { direction: string }) => r.direction)).toEqual(['down', 'up']);
      expect(await database.db.collection('users').countDocuments()).toBe(1);
      expect((await run('down-to', '1')).code).toBe(0);
      expect(await database.db.collection('users').countDocuments()).toBe(0);

      expect((await run('force', '3')).code).toBe(0);
      expect((await run('version')).stdout.trim()).toBe('3');
      expect((await run('force', '1')).code).toBe(0);
      const reset = await run('reset', '--json');
      expect(reset.code).toBe(0);
      expect(JSON.parse(reset.stdout)).toMatchObject({ ok: true, after: 0 });
      expect(await collections()).toEqual([]);
      expect((await run('version')).stdout.trim()).toBe('0');
    },
  );

  it('runs the down files in reverse order', { timeout: 90_000 }, async () => {
    for (const n of [1, 2, 3]) {
      const v = String(n).padStart(6, '0');
      await write({
        [`${v}_step_${n}.up.json`]: `[{ "update": "log", "updates": [{ "q": { "_id": "ups" }, "u": { "$push": { "order": ${n} } }, "upsert": true }] }]`,
        [`${v}_step_${n}.down.json`]: `[{ "update": "log", "updates": [{ "q": { "_id": "downs" }, "u": { "$push": { "order": ${n} } }, "upsert": true }] }]`,
      });
    }
    expect((await run('up')).code).toBe(0);
    expect((await run('reset')).code).toBe(0);
    const log = database.db.collection<{ _id: string; order: number[] }>('log');
    expect((await log.findOne({ _id: 'ups' }))?.order).toEqual([1, 2, 3]);
    expect((await log.findOne({ _id: 'downs' }))?.order).toEqual([3, 2, 1]);
  });

  it('locates invalid JSON at file:line:col and changes nothing', { timeout: 60_000 }, async () => {
    await write(thing(1));
    await write({ '000002_broken.up.json': '[\n  { "create": "x" },\n  { "insert": "x", "documents": [ { "_id": 1, } ] }\n]\n' });
    const result = await run('up');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${MIGRATIONS}/000002_broken\\.up\\.json:3:\\d+: invalid JSON`));
    expect(await database.collections()).toEqual([]);
  });

  it('a failing command exits 1 at file:line:col, leaves the store dirty, and force lets the next run proceed', { timeout: 120_000 }, async () => {
    await write({
      '000001_users.up.json': '[\n  { "insert": "users", "documents": [{ "_id": 1 }] },\n  { "insert": "users", "documents": [{ "_id": 1 }] }\n]\n',
    });
    await write(thing(2));
    const failed = await run('up');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/000001_users\.up\.json:3:3: command #1 \(insert\) failed: E11000 duplicate key error/);
    expect(failed.stderr).toContain('godwit force 1');
    const blocked = await run('up');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/dirty/i);
    expect((await run('force', '1')).code).toBe(0);
    expect((await run('up')).code).toBe(0);
    expect(await collections()).toEqual(['thing_2', 'users']);
  });

  // Separate processes contending for the lease lock is the point; the lock's own rules are the
  // driver's locking tests'. Twelve migrations keep six runners contending without loading a busy
  // machine needlessly.
  it('six concurrent runners apply twelve migrations exactly once', { timeout: 240_000 }, async () => {
    const count = 12;
    await things(count);
    const results = await Promise.all(Array.from({ length: 6 }, () => run('up', '--json', '--lock-timeout', '200s')));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const applied = results.flatMap((r) =>
      (JSON.parse(r.stdout) as { results: Array<{ version: number; status: string }> }).results.filter((s) => s.status === 'applied').map((s) => s.version),
    );
    expect(applied.sort((a, b) => a - b)).toEqual(range(count));
    expect((await ups()).sort((a, b) => a - b)).toEqual(range(count));
    for (const n of range(count)) expect(await database.db.collection(`thing_${n}`).countDocuments()).toBe(1);
    expect(await database.db.collection('godwit_migrations_lock').countDocuments()).toBe(0);
  });

  it('a runner killed mid-run leaves a lock that expires, and the next run proceeds', { timeout: 240_000 }, async () => {
    // The victim pauses after migration 3 (a config plugin that says so on stderr and never
    // returns) and keeps its lease alive meanwhile; only once the next runner is seen waiting for
    // that lock is the victim killed. No step depends on how fast the machine is.
    const count = 6;
    await things(count);
    await project.write({
      'pause.mjs': [
        'export default {',
        "  name: 'pause-after-3',",
        '  afterMigration(step) {',
        '    if (step.migration.version !== 3) return;',
        "    process.stderr.write('test: paused after 3\\n');",
        '    setInterval(() => {}, 1000);',
        '    return new Promise(() => {});',
        '  },',
        '};',
      ].join('\n'),
      'victim.config.json': JSON.stringify({ plugins: ['./pause.mjs'] }),
    });
    const victim = startCli(['--config', 'victim.config.json', '--database', database.url, '-d', MIGRATIONS, 'up', '--lock-ttl', '2s'], { cwd: project.dir });
    await victim.waitForOutput(/^test: paused after 3$/m, { timeoutMs: 120_000 });
    const lock = await database.db.collection('godwit_migrations_lock').findOne({});
    expect(lock?.owner).toContain(`pid ${victim.pid} `);

    const next = startCli(['--database', database.url, '-d', MIGRATIONS, 'up', '--lock-timeout', '120s'], { cwd: project.dir });
    await next.waitForOutput(/"event":"lock-wait"/, { timeoutMs: 120_000 });
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    expect(killed.signal).toBe('SIGKILL');

    const finished = await next.done;
    const waited = logEvents(finished.stderr).find((e) => e.event === 'lock-wait');
    expect(waited?.holder).toBe(lock?.owner);
    // Killed between two steps, the run has nothing dirty to settle: the next one completes it.
    expect(finished.code, finished.stderr).toBe(0);
    expect((await run('version')).stdout.trim()).toBe(String(count));
    for (const n of range(count)) expect(await database.db.collection(`thing_${n}`).countDocuments()).toBe(1);
  });

  it('refuses a URL that names no database, with exit code 2', async () => {
    await write(thing(1));
    const host = database.url.replace(/\/[^/]*$/, '');
    const result = await godwit(['--database', host, '-d', MIGRATIONS, 'up']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the MongoDB URL names no database: ${host}`);
  });

  it('never prints the password in a URL, in output, logs or errors', { timeout: 120_000 }, async () => {
    const secret = 'Sup3r-Secret-Pw';
    await write(thing(1));
    const withPassword = database.url.replace('mongodb://', `mongodb://migrator:${secret}@`);
    const unreachable = `mongodb://migrator:${secret}@127.0.0.1:1/app`;
    const runs = await Promise.all([
      godwit(['--database', withPassword, '-d', MIGRATIONS, 'up', '--verbose']),
      godwit(['--database', withPassword, '-d', MIGRATIONS, 'status', '--json']),
      godwit(['--database', withPassword, '-d', MIGRATIONS, 'up', '--dry-run', '--verbose']),
      godwit(['--database', unreachable, '-d', MIGRATIONS, 'up', '--json', '--timeout', '2s']),
      godwit(['-d', MIGRATIONS, 'version', '--verbose'], { DATABASE_URL: withPassword.replace(/\/[^/]*$/, '/') }),
    ]);
    for (const r of runs) {
      expect(`${r.stdout}\n${r.stderr}`).not.toContain(secret);
      expect(`${r.stdout}\n${r.stderr}`).not.toContain(encodeURIComponent(secret));
    }
    expect(runs[0]?.code).toBe(1);
    expect(runs[0]?.stderr).toContain('migrator:****@');
    expect(runs[3]?.stdout + runs[3]!.stderr).toContain('mongodb://migrator:****@127.0.0.1:1/app');
    expect(runs[4]?.code).toBe(2);
  });
});
