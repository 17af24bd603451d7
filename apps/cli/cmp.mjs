import { createSqliteDriver } from '@godwit/driver-sqlite';
import Database from '../../packages/driver-sqlite/node_modules/better-sqlite3/lib/index.js';
import fs from 'node:fs';
const stmts = (n) => [`CREATE TABLE bench_${n} (id INTEGER PRIMARY KEY, label TEXT NOT NULL, amount INTEGER NOT NULL)`, `INSERT INTO bench_${n} (label, amount) VALUES ('alpha', ${n}), ('beta', ${n * 2}), ('gamma', ${n * 3})`, `INSERT INTO bench_${n} (label, amount) VALUES ('delta', ${n * 4})`];
const N = 300;
const clean = (p) => { for (const s of ['', '-journal']) fs.rmSync(p + s, { force: true }); };
async function driver() {
  clean('/tmp/bm/d.db');
  const d = createSqliteDriver({ path: '/tmp/bm/d.db' });
  await d.store.ensure();
  const ctx = { signal: new AbortController().signal, appliedBy: 'a@b', toolVersion: 'godwit/x' };
  const t = performance.now();
  for (let n = 1; n <= N; n++) {
    const migration = { version: n, name: `b${n}`, format: 'goose', file: 'f', checksum: 'c', transactional: true, reversible: false, load: async () => ({}) };
    await d.apply({ direction: 'up', migration, transactional: true, statements: stmts(n).map((text) => ({ text, file: 'f', line: 1, column: 1 })) }, ctx);
  }
  const ms = performance.now() - t; await d.close(); return ms;
}
function raw(hist) {
  clean('/tmp/bm/r.db');
  const db = new Database('/tmp/bm/r.db');
  db.exec('CREATE TABLE v (version INTEGER PRIMARY KEY, name TEXT, checksum TEXT, applied_at TEXT, execution_ms INTEGER, applied_by TEXT, dirty INTEGER)');
  db.exec(`CREATE TABLE h (id INTEGER PRIMARY KEY ${hist === 'auto' ? 'AUTOINCREMENT' : ''}, version INTEGER, name TEXT, direction TEXT, started_at TEXT, finished_at TEXT, execution_ms INTEGER, success INTEGER, error TEXT, applied_by TEXT, tool_version TEXT);`);
  const ins = db.prepare('INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?)');
  const hi = db.prepare("INSERT INTO h (version,name,direction,started_at,finished_at,execution_ms,success,error,applied_by,tool_version) VALUES (?,?,?,?,?,?,?,?,?,?)");
  const t = performance.now();
  for (let n = 1; n <= N; n++) { db.exec('BEGIN'); for (const s of stmts(n)) db.exec(s); ins.run(n, 'b', 'c', 'x', 0, 'a', 0); if (hist) hi.run(n, 'bench', 'up', new Date().toISOString(), new Date().toISOString(), 0, 1, null, 'me', 'godwit/x'); db.exec('COMMIT'); }
  const ms = performance.now() - t; db.close(); return ms;
}
const r = { driver: [], raw: [], rawhist: [], rawauto: [] };
for (let i = 0; i < 7; i++) { r.raw.push(raw()); r.rawhist.push(raw('plain')); r.rawauto.push(raw('auto')); r.driver.push(await driver()); }
for (const k in r) { const s = r[k].sort((a, b) => a - b); console.log(k.padEnd(8), Math.round(s[3]), s.map(Math.round).join(' ')); }
