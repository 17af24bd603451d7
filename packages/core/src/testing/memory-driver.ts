/**
 * An in-memory driver for tests of core and of plugins. It keeps the store, the history and a
 * set of "objects" in a MemoryDatabase that several driver instances can share (to test locking
 * and concurrent runners). It understands just enough to be useful:
 *   SQL:  CREATE TABLE <name> / DROP TABLE <name> add and remove an object; INSERT INTO a table
 *         that does not exist, or any statement containing the word FAIL, throws like a database.
 *   JSON: {"create": name} / {"drop": name}; any other command throws ("no such command").
 * Transactional steps are all-or-nothing; non-transactional ones follow the dirty protocol.
 */
import type {
  AppliedRecord,
  ApplyContext,
  ApplyResult,
  Driver,
  HistoryRecord,
  LockOptions,
  PreparedStatement,
  PreparedStep,
  StateChange,
} from '../driver/contract.js';
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
}

export function createMemoryDatabase(): MemoryDatabase {
  return { records: new Map(), history: [], objects: new Set(), executed: [], lockOwner: undefined, storeExists: false };
}

let nextOwner = 1;

export function createMemoryDriver(options: { database?: MemoryDatabase; delayMs?: number } = {}): Driver & {
  database: MemoryDatabase;
} {
  const db = options.database ?? createMemoryDatabase();
  const owner = `memory-runner-${nextOwner++}`;
  const delay = options.delayMs ?? 0;

  function addHistory(entry: Omit<HistoryRecord, 'id'>): HistoryRecord {
    const row = { id: db.history.length + 1, ...entry };
    db.history.push(row);
    return row;
  }

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

  function fail(step: PreparedStep, statement: PreparedStatement | undefined, e: unknown): never {
    throw new GodwitError('MIGRATION_FAILED', e instanceof Error ? e.message : String(e), {
      file: statement?.file ?? step.migration.file,
      ...(statement && { line: statement.line, column: statement.column }),
      version: step.migration.version,
      hint: step.transactional
        ? 'fix the migration and run again; this migration left no trace'
        : `the store is dirty at ${step.migration.version}; repair by hand, then godwit force`,
      cause: e,
    });
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

    async apply(step: PreparedStep, ctx: ApplyContext): Promise<ApplyResult> {
      const { migration } = step;
      const started = Date.now();
      const has = db.records.has(migration.version);
      if ((step.direction === 'up' && has) || (step.direction === 'down' && !has)) {
        return { status: 'skipped-concurrent', executionMs: 0 };
      }
      const entry = {
        version: migration.version,
        name: migration.name,
        direction: step.direction,
        startedAt: new Date(),
        appliedBy: ctx.appliedBy,
        toolVersion: ctx.toolVersion,
        note: ctx.note ?? null,
      } as const;
      const record = (dirty: boolean): AppliedRecord => ({
        version: migration.version,
        name: migration.name,
        checksum: migration.checksum,
        appliedAt: new Date(),
        executionMs: Date.now() - started,
        appliedBy: ctx.appliedBy,
        dirty,
      });
      if (step.transactional) {
        const snapshot = { objects: new Set(db.objects), executed: db.executed.length };
        let current: PreparedStatement | undefined;
        try {
          for (const s of step.statements) {
            if (ctx.signal.aborted) throw new GodwitError('ABORTED', 'cancelled');
            current = s;
            if (delay) await sleep(delay);
            execute(s);
          }
        } catch (e) {
          db.objects = snapshot.objects;
          db.executed.length = snapshot.executed;
          addHistory({ ...entry, finishedAt: new Date(), executionMs: Date.now() - started, success: false, error: String(e) });
          if (e instanceof GodwitError && e.code === 'ABORTED') throw e;
          fail(step, current, e);
        }
        if (step.direction === 'up') db.records.set(migration.version, record(false));
        else db.records.delete(migration.version);
        addHistory({ ...entry, finishedAt: new Date(), executionMs: Date.now() - started, success: true, error: null });
        return { status: 'applied', executionMs: Date.now() - started };
      }
      db.records.set(migration.version, { ...(db.records.get(migration.version) ?? record(true)), dirty: true });
      const row = addHistory({ ...entry, finishedAt: null, executionMs: null, success: false, error: null });
      let current: PreparedStatement | undefined;
      try {
        for (const s of step.statements) {
          if (ctx.signal.aborted) throw new GodwitError('ABORTED', 'cancelled');
          current = s;
          if (delay) await sleep(delay);
          execute(s);
        }
      } catch (e) {
        row.finishedAt = new Date();
        row.executionMs = Date.now() - started;
        row.error = String(e);
        if (e instanceof GodwitError && e.code === 'ABORTED') throw e;
        fail(step, current, e);
      }
      if (step.direction === 'up') db.records.set(migration.version, record(false));
      else db.records.delete(migration.version);
      Object.assign(row, { finishedAt: new Date(), executionMs: Date.now() - started, success: true });
      return { status: 'applied', executionMs: Date.now() - started };
    },

    async writeState(change: StateChange, ctx: ApplyContext) {
      for (const v of change.remove) db.records.delete(v);
      for (const u of change.upsert) {
        db.records.set(u.version, {
          ...u,
          appliedAt: new Date(),
          executionMs: 0,
          appliedBy: ctx.appliedBy,
          dirty: false,
        });
      }
      for (const h of change.history) {
        addHistory({
          ...h,
          startedAt: new Date(),
          finishedAt: new Date(),
          executionMs: 0,
          success: true,
          error: null,
          appliedBy: ctx.appliedBy,
          toolVersion: ctx.toolVersion,
          note: ctx.note ?? null,
        });
      }
    },

    async close() {},
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
