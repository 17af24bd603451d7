/**
 * Runs the real row locker in a separate Node process (Node 20 cannot run TypeScript): the lock
 * modules are transpiled with TypeScript's `transpileModule` into a folder under this package's
 * node_modules/.cache, so that `better-sqlite3` and `@godwit/core` (its built dist) resolve from
 * there as they do for the package itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const ENTRIES = ['src/lock/row-locker.ts', 'src/connection/connection.ts', 'src/store/table-names.ts'];

/**
 * The child: `node child.mjs <db> <ttlMs> <refreshMs> <timeoutMs> <then>` takes the lock and
 * prints one JSON line (`{ locked, pid, pidNs }` or `{ error, message }`); then, per `<then>`,
 * `hold`s it until killed, `unlock`s and exits, or `leave`s: exits without unlocking (its refresh
 * timer must not keep it alive).
 */
const CHILD = `
import { readlinkSync } from 'node:fs';
import { createRowLocker } from './src/lock/row-locker.js';
import { SqliteConnection } from './src/connection/connection.js';
import { tableNames } from './src/store/table-names.js';
const [path, ttl, refresh, timeout, then] = process.argv.slice(2);
const locker = createRowLocker(new SqliteConnection(path, 5000), tableNames('godwit_migrations'), { ttlMs: Number(ttl), refreshMs: Number(refresh) });
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
try {
  await locker.lock({ timeoutMs: Number(timeout) });
} catch (e) {
  say({ error: e.code, message: e.message });
  process.exit(0);
}
let pidNs = null;
try { pidNs = readlinkSync('/proc/self/ns/pid'); } catch {}
say({ locked: true, pid: process.pid, pidNs });
if (then === 'hold') setInterval(() => {}, 1 << 30);
else if (then === 'unlock') await locker.unlock();
`;

export interface LockChild {
  /** the folder to pass to `node` (`child.mjs` in it) */
  script: string;
  remove(): void;
}

export function buildLockChild(): LockChild {
  const cache = join(PACKAGE, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const root = mkdtempSync(join(cache, 'godwit-lock-child-'));
  const seen = new Set<string>();
  const queue = ENTRIES.map((e) => resolve(PACKAGE, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) queue.push(resolve(dirname(file), `${spec}.ts`));
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    const out = join(root, relative(PACKAGE, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'child.mjs'), CHILD);
  return { script: join(root, 'child.mjs'), remove: () => rmSync(root, { recursive: true, force: true }) };
}
