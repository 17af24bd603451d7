/**
 * An in-memory driver for tests of core and of plugins. It keeps the store, the history and a
 * set of "objects" in a MemoryDatabase that several driver instances can share (to test locking
 * and concurrent runners). It understands just enough to be useful:
 *   SQL:  CREATE TABLE <name> / DROP TABLE <name> add and remove an object; INSERT INTO a table
 *         that does not exist, or any statement containing the word FAIL, throws like a database.
 *   JSON: {"create": name} / {"drop": name}; any other command throws ("no such command").
 *   Peers: `database.peers` holds goose's or golang-migrate's version tables, for adoption tests.
 * Its primitives are the smallest honest ones: a transaction snapshots the whole database and puts
 * it back when the work throws. The step protocol itself is core's (run/step-protocol.ts).
 */
import type {
  AppliedRecord,
  Driver,
  HistoryRecord,
  LockOptions,
  PreparedStatement,
  PreparedStep,
  StepSession,
} from '../driver/contract.js';
import type { PeerTable } from '../adopt/contract.js';
import { PEER_TABLES } from '../adopt/peer-tables.js';
import { GodwitError } from '../errors.js';
import type { LoadedMigration, Migration } from '../migration.js';
import { splitSql } from '../source/sql-splitter.js';

export interface MemoryDatabase {
  records: Map<number, AppliedRecord>;
  history: HistoryRecord[];
  objects: Set<string>;
  /** every statement text that ran, in order */
  executed: string[];
  lockOwner: string | undefined;
  storeExists: boolean;
  /** another tool's version tables (goose, golang-migrate), for adoption tests; read, never written */
  peers: PeerTable[];
}

export function createMemoryDatabase(): MemoryDatabase {
  return { records: new Map(), history: [], objects: new Set(), executed: [], lockOwner: undefined, storeExists: false, peers: [] };
}

let nextOwner = 1;

export function createMemoryDriver(options: { database?: MemoryDatabase; delayMs?: number } = {}): Driver & {
  database: MemoryDatabase;
} {
  const db = options.database ?? createMemoryDatabase();
  const owner = `memory-runner-${nextOwner++}`;
  const delay = options.delayMs ?? 0;

  function execute(statement: PreparedStatement): void {
    const text = statement.text;
    if (/\bFAIL\b/.test(text)) throw new Error(`memory: statement failed: ${text.slice(0, 40)}`);
    const payload = statement.payload as Record<string, unknown> | undefined;
    if (payload && 'fail' in payload) throw new Error(`memory: command failed: ${String(payload.fail)}`);
    if (payload && !('create' in payload) && !('drop' in payload)) {
      throw new Error(`memory: no such command: ${Object.keys(payload)[0]}`);
    }
    const insertInto = /^\s*INSERT\s+INTO\s+("?)(\w+)\1/i.exec(text)?.[2];
    if (insertInto !== undefined && !db.objects.has(insertInto)) throw new Error(`memory: no such table: ${insertInto}`);
    const create = payload?.create ?? /^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("?)(\w+)\1/i.exec(text)?.[2];
    const drop = payload?.drop ?? /^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?("?)(\w+)\1/i.exec(text)?.[2];
    if (typeof create === 'string') {
      if (db.objects.has(create)) throw new Error(`memory: ${create} already exists`);
      db.objects.add(create);
    }
    if (typeof drop === 'string') db.objects.delete(drop);
    db.executed.push(text);
  }

  const session: StepSession = {
    async exec(statement) {
      if (delay) await sleep(delay);
      execute(statement);
    },
  };

  function snapshot() {
    return {
      records: new Map([...db.records].map(([v, r]) => [v, { ...r }])),
      history: db.history.map((h) => ({ ...h })),
      objects: new Set(db.objects),
      executed: db.executed.length,
    };
  }

  return {
    name: 'memory',
    target: 'memory:',
    database: db,
    capabilities: { transactionalDdl: true, serverSideLocks: false, partKinds: ['sql', 'json'] },

    store: {
      async ensure() {
        db.storeExists = true;
      },
      async applied() {
        return [...db.records.values()].sort((a, b) => a.version - b.version).map((r) => ({ ...r }));
      },
      async history(o = {}) {
        const rows = [...db.history].reverse();
        return o.limit !== undefined ? rows.slice(0, o.limit) : rows;
      },
    },

    writer: {
      async find(_s, version) {
        const r = db.records.get(version);
        return r && { ...r };
      },
      async put(_s, record) {
        const { statementsDone: _dropped, ...clean } = record;
        db.records.set(record.version, record.dirty ? { ...record } : clean);
      },
      async progress(_s, version, statementsDone) {
        const r = db.records.get(version);
        if (r) r.statementsDone = statementsDone;
      },
      async remove(_s, version) {
        db.records.delete(version);
      },
      async append(_s, row) {
        db.history.push({ id: db.history.length + 1, ...row });
      },
      async open(_s, row) {
        const id = db.history.length + 1;
        db.history.push({ id, ...row });
        return id;
      },
      async finish(_s, id, outcome) {
        const row = db.history.find((h) => h.id === id && h.finishedAt === null);
        if (row) Object.assign(row, outcome);
      },
    },

    locker: {
      async lock(o: LockOptions) {
        const deadline = Date.now() + o.timeoutMs;
        let told = false;
        while (db.lockOwner !== undefined && db.lockOwner !== owner) {
          if (!told) {
            o.onWait?.(db.lockOwner);
            told = true;
          }
          if (o.signal?.aborted) throw new GodwitError('ABORTED', 'cancelled while waiting for the lock');
          if (Date.now() >= deadline) {
            throw new GodwitError('LOCK_TIMEOUT', `could not take the migration lock: held by ${db.lockOwner}`, {
              hint: 'wait for the other runner, or raise --lock-timeout',
            });
          }
          await sleep(5);
        }
        db.lockOwner = owner;
      },
      async unlock() {
        if (db.lockOwner === owner) db.lockOwner = undefined;
      },
      assertHeld() {
        if (db.lockOwner !== undefined && db.lockOwner !== owner) {
          throw new GodwitError('LOCK_LOST', `lost the migration lock: ${db.lockOwner} holds it now`);
        }
      },
    },

    prepare(migration: Migration, loaded: LoadedMigration, direction: 'up' | 'down'): PreparedStep {
      const part = direction === 'up' ? loaded.up : loaded.down;
      if (!part) throw new GodwitError('IRREVERSIBLE', 'no down part', { file: migration.file });
      const statements: PreparedStatement[] =
        part.kind === 'sql'
          ? part.chunks.flatMap((chunk) =>
              (chunk.atomic
                ? [{ sql: chunk.text.trim().replace(/;\s*$/, ''), line: chunk.line, column: 1 }]
                : splitSql(chunk, part.file)
              ).map((s) => ({ text: s.sql, file: part.file, line: s.line, column: s.column })),
            )
          : part.commands.map((c) => ({
              text: JSON.stringify(c.command),
              file: part.file,
              line: c.line,
              column: c.column,
              payload: c.command,
            }));
      const transactional = part.kind === 'sql' && !part.noTransaction;
      return {
        direction,
        migration,
        statements,
        transactional,
        ...(!transactional && { note: part.kind === 'json' ? 'commands are not transactional' : 'NO TRANSACTION' }),
      };
    },

    async transaction(_limits, fn) {
      const before = snapshot();
      try {
        return await fn(session);
      } catch (e) {
        db.records = before.records;
        db.history = before.history;
        db.objects = before.objects;
        db.executed.length = before.executed;
        throw e;
      }
    },

    async session() {
      return { ...session, end: async () => ({ leftOpen: false }) };
    },

    describeError(e) {
      return { message: e instanceof Error ? e.message : String(e) };
    },

    peers: {
      kinds: ['goose', 'golang-migrate'],
      async read(kind, table = PEER_TABLES[kind]) {
        const peer = db.peers.find((p) => p.kind === kind && p.table === table);
        return peer && (structuredClone(peer) as PeerTable);
      },
    },

    async close() {},
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
