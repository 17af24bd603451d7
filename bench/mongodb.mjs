/**
 * MongoDB benchmark (issue 12's targets), `up` of 200 insert-command migrations:
 * - Godwit against migrate-mongo (< 1x) and golang-migrate (<= 1.5x), which reads the very same
 *   `.up.json` files (a JSON array of commands, as Godwit does).
 * - peak RSS of `godwit up` x500: < 60 MB (the peers' as information).
 * The floor is a bare `mongodb` script (a fresh Node process, like the CLI) sending the same 200
 * commands; the difference is Godwit's own cost: start-up, reading and parsing the files, the lock,
 * and the bookkeeping a non-transactional migration needs (record dirty, history entry, record
 * clean, history completed: four small writes per migration around each command). A second floor
 * adds those four writes, so the report separates their cost from Godwit's own.
 *
 * Every contender runs interleaved round by round after a warm-up round, every sample on a fresh
 * database, and every sample is checked to have applied everything. GODWIT_BENCH_RUNS sets the
 * number of rounds (default 5). The server is MONGO_URL when set, otherwise FerretDB started by
 * scripts/ferretdb.sh (built once).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { migrateArgs } from './contenders/golang-migrate.mjs';
import { MIGRATE_MONGO_CHANGELOG, migrateMongoArgs, writeMigrateMongoProject } from './contenders/migrate-mongo.mjs';
import { goTool } from './go-tools.mjs';
import { benchRuns, compare, expectEqual, generateMigrations, packageBin, packageVersion, peakRssMb, repoRoot, requireCli, run, tempDir } from './lib.mjs';
import { ratioRow, report, rssRow, timeRow } from './results.mjs';
import { snapshotCli } from './snapshot.mjs';

const COUNT = 200;
const RSS_COUNT = 500;
const RUNS = benchRuns();
const TARGET = { migrateMongo: ['<', 1], golangMigrate: ['<=', 1.5], rssMb: ['<', 60] };
const ferretdb = join(repoRoot, 'scripts/ferretdb.sh');
// The floor runs in a child process from a temporary folder: hand it the root's `mongodb` (the
// version Godwit's driver uses) by file URL.
const mongodbModule = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('mongodb')).href;

requireCli();
const migrate = goTool('migrate');
const migrateMongo = packageBin('migrate-mongo');
const tmp = tempDir('godwit-bench-mongodb-');
const server = startServer();
const admin = new MongoClient(server.url, { serverSelectionTimeoutMS: 5000 });
const env = { ...process.env, DATABASE_URL: '' };

/** Migration N: one insert command of three documents into its own collection. */
function insertMigration(n) {
  const v = String(n).padStart(6, '0');
  const command = {
    insert: `bench_${n}`,
    documents: [
      { _id: 1, label: 'alpha', amount: n },
      { _id: 2, label: 'beta', amount: n * 2 },
      { _id: 3, label: 'gamma', amount: n * 3 },
    ],
  };
  return {
    command,
    files: {
      [`${v}_bench_${n}.up.json`]: `${JSON.stringify([command], null, 2)}\n`,
      [`${v}_bench_${n}.down.json`]: `${JSON.stringify([{ drop: `bench_${n}` }], null, 2)}\n`,
    },
  };
}

const FLOOR = `
const { MongoClient, BSON } = await import(process.env.MONGODB_MODULE);
const commands = JSON.parse(process.env.COMMANDS);
const client = new MongoClient(process.env.URL, { serverSelectionTimeoutMS: 5000 });
const db = client.db();
const bookkeeping = process.env.BOOKKEEPING === '1';
const key = (n) => String(n).padStart(16, '0');
for (const [i, text] of commands.entries()) {
  const n = i + 1;
  if (bookkeeping) {
    await db.collection('v').insertOne({ _id: key(n), version: n, dirty: true });
    await db.collection('h').insertOne({ _id: key(n), id: n, version: n, finished_at: null });
  }
  const reply = await db.command(BSON.EJSON.parse(text, { relaxed: false }));
  if (reply.ok !== 1 || reply.writeErrors) throw new Error(JSON.stringify(reply));
  if (bookkeeping) {
    await db.collection('v').updateOne({ _id: key(n) }, { $set: { dirty: false, applied_at: new Date() } });
    await db.collection('h').updateOne({ _id: key(n) }, { $set: { finished_at: new Date(), success: true } });
  }
}
await client.close();
`;

try {
  const cli = await snapshotCli(tmp.dir); // the build measured, whatever happens to dist meanwhile
  const folder = (count) => {
    const dir = join(tmp.dir, `migrations-${count}`);
    const migrations = generateMigrations(dir, count, insertMigration);
    return {
      count,
      dir, // godwit and golang-migrate read these same files
      commands: JSON.stringify(migrations.map((m) => JSON.stringify(m.command))),
      migrateMongoConfig: writeMigrateMongoProject(join(tmp.dir, `migrate-mongo-${count}`), migrations),
    };
  };
  const main = folder(COUNT);
  const large = folder(RSS_COUNT);

  // The command line of each contender for a folder and a database URL.
  const commands = {
    floor: (f, url) => [process.execPath, ['--input-type=module', '-e', FLOOR], { env: { ...env, URL: url, COMMANDS: f.commands, MONGODB_MODULE: mongodbModule } }],
    protocol: (f, url) => [
      process.execPath,
      ['--input-type=module', '-e', FLOOR],
      { env: { ...env, URL: url, COMMANDS: f.commands, MONGODB_MODULE: mongodbModule, BOOKKEEPING: '1' } },
    ],
    godwit: (f, url) => [process.execPath, [cli.bin, 'up', '--database', url, '--dir', f.dir]],
    migrateMongo: migrateMongo && ((f, url) => [process.execPath, migrateMongoArgs(migrateMongo, f.migrateMongoConfig), { env: { ...env, BENCH_MONGO_URL: url } }]),
    golangMigrate: migrate.bin && ((f, url) => [migrate.bin, migrateArgs(f.dir, url, 'up')]),
  };
  // What each leaves behind when it applied all `count`: its version records (a benchmark of a run
  // that did not do the work measures nothing), and the last migration's documents.
  const applied = {
    floor: async () => {},
    protocol: async (db, count) => expectEqual('v (clean)', await db.collection('v').countDocuments({ dirty: false }), count),
    godwit: async (db, count) => expectEqual('godwit_migrations (clean)', await db.collection('godwit_migrations').countDocuments({ dirty: false }), count),
    migrateMongo: async (db, count) => expectEqual(MIGRATE_MONGO_CHANGELOG, await db.collection(MIGRATE_MONGO_CHANGELOG).countDocuments(), count),
    golangMigrate: async (db, count) => {
      const rows = await db.collection('schema_migrations').find().toArray();
      expectEqual('schema_migrations', rows.map((v) => `${v.version}|${v.dirty}`).join(','), `${count}|false`);
    },
  };
  const check = async (name, dbName, count) => {
    const db = admin.db(dbName);
    await applied[name](db, count);
    expectEqual(`bench_${count}`, await db.collection(`bench_${count}`).countDocuments(), 3);
  };
  let sample = 0;
  const exec = (name, f, dbName) => {
    const [command, args, options = {}] = commands[name](f, withDatabase(server.url, dbName));
    return run(command, args, { cwd: tmp.dir, env, ...options });
  };
  const labels = {
    floor: `bare mongodb script, ${COUNT} (the floor)`,
    protocol: `floor + 4 store writes per migration, ${COUNT}`,
    godwit: `godwit up, ${COUNT}`,
    migrateMongo: `migrate-mongo up, ${COUNT}`,
    golangMigrate: `golang-migrate up, ${COUNT}`,
  };
  const cases = {};
  for (const name of Object.keys(commands).filter((n) => commands[n])) {
    let dbName = '';
    cases[labels[name]] = {
      before: () => {
        dbName = `godwit_bench_${process.pid}_${sample++}`;
      },
      run: () => exec(name, main, dbName).ms,
      after: async () => {
        await check(name, dbName, COUNT);
        await admin.db(dbName).dropDatabase();
      },
    };
  }
  await admin.connect();
  const r = await compare(cases, { runs: RUNS });
  const [floor, protocol, up, mm, gm] = ['floor', 'protocol', 'godwit', 'migrateMongo', 'golangMigrate'].map((n) => r[labels[n]]);

  // Peak RSS of `up` x500: one run each, on a fresh database (the figure hardly moves between runs).
  const rss = async (name) => {
    if (!commands[name]) return undefined;
    const dbName = `godwit_bench_${process.pid}_rss_${name}`;
    const [command, args, options = {}] = commands[name](large, withDatabase(server.url, dbName));
    const mb = peakRssMb(command, args, { cwd: tmp.dir, env, ...options });
    await check(name, dbName, RSS_COUNT);
    await admin.db(dbName).dropDatabase();
    return mb;
  };

  const perMigration = (up.median - floor.median) / COUNT;
  const rows = [
    timeRow(labels.floor, floor),
    timeRow(`${labels.protocol} (info)`, protocol),
    timeRow(labels.godwit, up),
    timeRow(labels.migrateMongo, mm),
    timeRow(labels.golangMigrate, gm),
    ratioRow('godwit / migrate-mongo', up, mm, { target: TARGET.migrateMongo }),
    ratioRow('godwit / golang-migrate', up, gm, { target: TARGET.golangMigrate }),
    ratioRow('godwit / floor (info)', up, floor),
    ratioRow('godwit / floor with the 4 store writes (info)', up, protocol),
    { measure: 'godwit cost per migration over the floor (info)', median: `${perMigration.toFixed(1)} ms`, min: '', target: '', result: '' },
    rssRow(`peak RSS, godwit up ${RSS_COUNT}`, await rss('godwit'), { target: TARGET.rssMb }),
    rssRow(`peak RSS, migrate-mongo up ${RSS_COUNT} (info)`, await rss('migrateMongo')),
    rssRow(`peak RSS, golang-migrate up ${RSS_COUNT} (info)`, await rss('golangMigrate')),
  ];
  const notes = [
    'golang-migrate runs the same .up.json files as godwit; migrate-mongo runs a generated .js file per migration doing the same insert (insertMany: one insert command)',
    'no contender uses a transaction (golang-migrate: its default x-transaction-mode=false); golang-migrate takes its advisory lock (default) and records only the current version with a dirty flag; migrate-mongo keeps its init defaults (no lock collection) and writes one changelog document per migration',
    ...(migrate.skip ? [migrate.skip] : []),
    ...(migrateMongo ? [] : ['migrate-mongo is not installed (pnpm install): it is not compared']),
  ];
  report('mongodb', {
    build: cli.build,
    title: `MongoDB: up (${server.description})`,
    runs: RUNS,
    rows,
    notes,
    samples: r,
    peers: Object.fromEntries(
      [
        ['golang-migrate', migrate.version],
        ['migrate-mongo', migrateMongo && packageVersion('migrate-mongo')],
      ].filter(([, v]) => v),
    ),
  });
} finally {
  await admin.close();
  server.stop();
  tmp.cleanup();
}

function startServer() {
  const given = process.env.MONGO_URL?.trim();
  if (given) return { url: given, description: 'MONGO_URL', stop() {} };
  const built = spawnSync('bash', [ferretdb, 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) {
    console.error('bench: no MongoDB server: set MONGO_URL, or install Go so scripts/ferretdb.sh can build FerretDB');
    process.exit(1);
  }
  const state = join(tmp.dir, 'ferretdb');
  const started = run('bash', [ferretdb, 'start', state]);
  const version = run(run('bash', [ferretdb, 'path']).stdout.trim(), ['--version']).stdout.split('\n')[0];
  return {
    url: started.stdout.trim(),
    description: `FerretDB ${version.replace(/^version:\s*/, '')}, SQLite handler`,
    stop: () => run('bash', [ferretdb, 'stop', state], { allowFailure: true }),
  };
}

/** The server URL with its path set to `name`, keeping any query. */
function withDatabase(url, name) {
  const [head, query] = url.split('?', 2);
  const base = /^(mongodb(?:\+srv)?:\/\/[^/]*)/i.exec(head)?.[1];
  if (!base) throw new Error('bench: MONGO_URL is not a mongodb:// URL');
  return `${base}/${name}${query ? `?${query}` : ''}`;
}
