/**
 * MongoDB benchmark (issue 4): `godwit up` of 200 insert-command migrations against the floor, a
 * bare `mongodb` script (a fresh Node process, like the CLI) sending the same 200 commands. The
 * difference is Godwit's own cost: start-up, reading and parsing the files, the lock, and the
 * bookkeeping a non-transactional migration needs (record dirty, history entry, record clean,
 * history completed: four small writes per migration around each command).
 *
 * A second floor adds the four small store writes per migration that any crash-safe runner needs
 * on MongoDB (no transactions), so the report separates that cost from Godwit's own.
 *
 * The server is MONGO_URL when set, otherwise FerretDB started by scripts/ferretdb.sh (built once).
 * Every sample runs on a fresh database. GODWIT_BENCH_RUNS sets the number of samples (default 5).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliBin, fmt, generateMigrations, measure, peakRssMb, printTable, repoRoot, requireCli, run, tempDir } from './lib.mjs';

const COUNT = 200;
const RUNS = Number(process.env.GODWIT_BENCH_RUNS ?? 5);
const ferretdb = join(repoRoot, 'scripts/ferretdb.sh');
// The bench has no dependencies of its own: it borrows the driver package's `mongodb`.
const mongodbModule = pathToFileURL(createRequire(join(repoRoot, 'packages/driver-mongodb/package.json')).resolve('mongodb')).href;
const { MongoClient } = await import(mongodbModule);

requireCli();
const tmp = tempDir('godwit-bench-mongodb-');
const server = startServer();
const env = { ...process.env, DATABASE_URL: '' };
let sample = 0;

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
  const dir = join(tmp.dir, 'migrations/mongo-bench');
  const migrations = generateMigrations(dir, COUNT, insertMigration);
  const commands = JSON.stringify(migrations.map((m) => JSON.stringify(m.command)));
  const freshUrl = () => withDatabase(server.url, `godwit_bench_${process.pid}_${sample++}`);

  let url = '';
  const floor = await measure(
    () => run(process.execPath, ['--input-type=module', '-e', FLOOR], { env: { ...env, URL: url, COMMANDS: commands, MONGODB_MODULE: mongodbModule } }).ms,
    {
      runs: RUNS,
      before: async () => {
        await dropDatabase(url);
        url = freshUrl();
      },
    },
  );
  await checkFloor(url);

  // The same, plus the four store writes the dirty protocol needs per migration: what any
  // crash-safe runner must pay on this server. The rest of the gap is Godwit's own.
  const protocol = await measure(
    () =>
      run(process.execPath, ['--input-type=module', '-e', FLOOR], {
        env: { ...env, URL: url, COMMANDS: commands, MONGODB_MODULE: mongodbModule, BOOKKEEPING: '1' },
      }).ms,
    {
      runs: RUNS,
      before: async () => {
        await dropDatabase(url);
        url = freshUrl();
      },
    },
  );
  await checkFloor(url);

  const up = await measure(() => run(process.execPath, [cliBin, 'up', '--database', url, '--dir', dir], { cwd: tmp.dir, env }).ms, {
    runs: RUNS,
    before: async () => {
      await dropDatabase(url);
      url = freshUrl();
    },
  });
  await checkApplied(url, 'godwit up');
  await dropDatabase(url);
  url = freshUrl();
  const rss = peakRssMb(process.execPath, [cliBin, 'up', '--database', url, '--dir', dir], { cwd: tmp.dir, env });
  await checkApplied(url, 'godwit up (peak RSS run)');
  await dropDatabase(url);

  const ratio = up.median / floor.median;
  const perMigration = (up.median - floor.median) / COUNT;
  printTable(
    `MongoDB (${server.description}; median of ${RUNS} runs; node ${process.version})`,
    ['measure', 'value'],
    [
      [`bare mongodb script, ${COUNT} insert commands (the floor)`, fmt.ms(floor.median)],
      ['  the same + 4 store writes per migration (dirty protocol)', fmt.ms(protocol.median)],
      [`godwit up, ${COUNT} insert-command migrations`, fmt.ms(up.median)],
      ['up / floor', fmt.ratio(ratio)],
      ['up / floor with the dirty protocol', fmt.ratio(up.median / protocol.median)],
      ['Godwit cost per migration', `${perMigration.toFixed(1)} ms`],
      [`peak RSS, up ${COUNT}`, fmt.mb(rss)],
    ],
  );
  const list = (m) => m.samples.map((v) => v.toFixed(0)).join(' ');
  console.log(`\nsamples (ms): floor ${list(floor)} | floor + protocol ${list(protocol)} | up ${list(up)}`);
} finally {
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

async function withDb(url, fn) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    return await fn(client.db());
  } finally {
    await client.close();
  }
}

async function dropDatabase(url) {
  if (url) await withDb(url, (db) => db.dropDatabase());
}

/** A benchmark of a run that did not do the work measures nothing. */
async function checkApplied(url, what) {
  const clean = await withDb(url, (db) => db.collection('godwit_migrations').countDocuments({ dirty: false }));
  if (clean !== COUNT) throw new Error(`bench: ${what} recorded ${clean} migrations, expected ${COUNT}`);
  await checkFloor(url);
}

async function checkFloor(url) {
  const last = await withDb(url, (db) => db.collection(`bench_${COUNT}`).countDocuments());
  if (last !== 3) throw new Error(`bench: bench_${COUNT} holds ${last} documents, expected 3`);
}
