import { MongoClient } from 'mongodb';
const stats = new Map();
const orig = MongoClient.prototype.connect;
MongoClient.prototype.connect = function () {
  this.monitorCommands = true;
  this.on('commandSucceeded', (e) => { const s = stats.get(e.commandName) ?? { n: 0, ms: 0 }; s.n++; s.ms += e.duration; stats.set(e.commandName, s); });
  return orig.call(this);
};
const { createMigrator } = await import('@godwit/core');
const { createMongoDriver } = await import('./dist/index.js');
const driver = createMongoDriver({ url: process.argv[2] });
const m = createMigrator({ driver, dir: '/tmp/benchprobe' });
const t = performance.now();
const r = await m.up();
console.log('ok', r.ok, 'total', (performance.now() - t).toFixed(0), 'steps', r.results.map((x) => x.durationMs).join(' '));
for (const [k, s] of stats) console.log(k, s.n, (s.ms / s.n).toFixed(2), 'ms avg', s.ms.toFixed(0), 'total');
await driver.close();
