/**
 * Batched MongoDB commands (issue 17): an `update` or `delete` command whose one statement is to
 * be run in `_id`-ordered batches, asked for with `"$godwit": {"batch": 5000, "delay": "100ms"}`
 * beside the command's own fields. Each batch reads the next `size` matching `_id`s (sorted), then
 * sends the command with its filter narrowed to those ids; the filter must exclude documents
 * already done (that is what ends the batches and makes a resume safe). `$godwit` is Godwit's and
 * never sent.
 */
import { type BatchSpec, GodwitError, parseDuration } from '@godwit/core';
import type { Db, Document } from 'mongodb';
import { CommandReplyError, replyFailure } from '../apply/reply-check.js';
import { withTimeLimit } from '../apply/time-limit.js';

export interface MongoBatch {
  kind: 'update' | 'delete';
  collection: string;
  /** the statement's filter (`q`) as written */
  filter: Document;
  /** the command without `$godwit` */
  command: Document;
}

export interface Where {
  file: string;
  line: number;
  version: number;
}

const EXAMPLE = 'e.g. {"update": "users", "updates": [{"q": {"name": null}, "u": {"$set": {"name": "?"}}, "multi": true}], "$godwit": {"batch": 5000, "delay": "100ms"}}';

/** The batch a command asks for with `$godwit`, or undefined when it has none. */
export function batchOf(command: Document, where: Where): { spec: BatchSpec; batch: MongoBatch } | undefined {
  if (!('$godwit' in command)) return undefined;
  const refuse = (why: string) => new GodwitError('PARSE_ERROR', `\`$godwit\`: ${why}`, { file: where.file, line: where.line, version: where.version, hint: EXAMPLE });
  const { $godwit: options, ...rest } = command;
  if (typeof options !== 'object' || options === null) throw refuse('must be a document like {"batch": 5000}');
  const unknown = Object.keys(options).filter((k) => k !== 'batch' && k !== 'delay');
  if (unknown.length > 0) throw refuse(`unknown setting \`${unknown[0]}\` (known: batch, delay)`);
  const size = Number((options as Document).batch);
  if (!Number.isSafeInteger(size) || size < 1) throw refuse('`batch` is a whole number of documents, at least 1');
  const delay = (options as Document).delay;
  let delayMs = 0;
  if (delay !== undefined) {
    try {
      delayMs = typeof delay === 'number' ? delay : parseDuration(String(delay));
    } catch (e) {
      throw refuse(`delay ${JSON.stringify(delay)}: ${(e as Error).message}`);
    }
  }
  const kind = 'update' in rest ? 'update' : 'delete' in rest ? 'delete' : undefined;
  if (!kind) throw refuse('only an `update` or `delete` command can be batched');
  const collection = rest[kind];
  const list = rest[kind === 'update' ? 'updates' : 'deletes'];
  if (typeof collection !== 'string') throw refuse(`\`${kind}\` must name a collection`);
  if (!Array.isArray(list) || list.length !== 1) throw refuse(`a batched \`${kind}\` has exactly one element in \`${kind === 'update' ? 'updates' : 'deletes'}\``);
  const element = list[0] as Document;
  if (typeof element?.q !== 'object' || element.q === null) throw refuse('the element needs a filter `q` that excludes the documents already done');
  if (kind === 'update' && (typeof element.u !== 'object' || element.u === null)) throw refuse('the element needs an update `u`');
  return { spec: { size, delayMs }, batch: { kind, collection, filter: element.q as Document, command: rest } };
}

/** One batch: the next `size` matching `_id`s, then the command on those only. Resolves to the documents changed. */
export async function runBatch(db: Db, batch: MongoBatch, size: number, timeLimitMs: number | undefined, signal: AbortSignal): Promise<number> {
  const found = await db.command(
    withTimeLimit({ find: batch.collection, filter: batch.filter, sort: { _id: 1 }, projection: { _id: 1 }, limit: size, batchSize: size, singleBatch: true }, timeLimitMs),
    { signal },
  );
  const ids = ((found.cursor?.firstBatch ?? []) as Document[]).map((d) => d._id);
  if (ids.length === 0) return 0;
  // Re-checked with the filter: a document changed since it was read is left for a later batch.
  const filter = { $and: [batch.filter, { _id: { $in: ids } }] };
  const listKey = batch.kind === 'update' ? 'updates' : 'deletes';
  const element = (batch.command[listKey] as Document[])[0]!;
  // an update narrowed to these ids touches all of them (multi), a delete likewise (limit 0)
  const narrowed = batch.kind === 'update' ? { ...element, q: filter, multi: true } : { ...element, q: filter, limit: 0 };
  const reply = await db.command(withTimeLimit({ ...batch.command, [listKey]: [narrowed] }, timeLimitMs), { signal });
  const failure = replyFailure(reply);
  if (failure !== undefined) throw new CommandReplyError(failure, reply);
  // An update that changed nothing it matched would match again forever: report 0 and stop.
  return Number(batch.kind === 'update' ? (reply.nModified ?? 0) : (reply.n ?? 0));
}

/** Documents still matching the filter (an exact count). */
export async function countLeft(db: Db, batch: MongoBatch, signal: AbortSignal): Promise<number | undefined> {
  const reply = await db.command({ count: batch.collection, query: batch.filter }, { signal });
  return typeof reply.n === 'number' ? reply.n : undefined;
}
