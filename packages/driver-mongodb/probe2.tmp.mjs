import { MongoClient, Long } from 'mongodb';
const c = new MongoClient(process.argv[2]); const db = c.db();
for (const [label, mk] of [['long', (n) => Long.fromNumber(n)], ['int', (n) => n], ['string', (n) => `v${n}`]]) {
  const col = db.collection(`t_${label}`);
  let up = 0, ins = 0, rep = 0;
  for (let n = 1; n <= 150; n++) {
    let t = performance.now(); await col.insertOne({ _id: mk(n), dirty: true, name: 'x'.repeat(50) }); ins += performance.now() - t;
    t = performance.now(); await col.updateOne({ _id: mk(n) }, { $set: { dirty: false, at: new Date() } }); up += performance.now() - t;
    t = performance.now(); await col.findOneAndReplace({ _id: mk(n) }, { dirty: false, at: new Date() }); rep += performance.now() - t;
  }
  console.log(label, 'insert', (ins / 150).toFixed(2), 'update', (up / 150).toFixed(2), 'replace', (rep/150).toFixed(2));
}
await db.dropDatabase(); await c.close();
