/**
 * The diff of two snapshots (pure): what was added, removed or changed, keyed by type and name,
 * and its wording for people: `+ column orders.note text`, `- index users_email UNIQUE btree (email)`,
 * `~ index users_email: btree (email) -> btree (lower(email))`.
 */
import { GodwitError } from '../errors.js';
import type { SchemaChange, SchemaObject, SchemaSnapshot } from './contract.js';

export function diffSnapshots(before: SchemaSnapshot, after: SchemaSnapshot): SchemaChange[] {
  if (before.driver !== after.driver) {
    throw new GodwitError('USAGE', `cannot compare a ${before.driver} schema with a ${after.driver} schema`, {
      hint: 'compare two databases of the same kind',
    });
  }
  const old = byKey(before.objects);
  const now = byKey(after.objects);
  const changes: SchemaChange[] = [];
  for (const [key, o] of old) {
    const n = now.get(key);
    if (!n) changes.push({ change: 'removed', type: o.type, name: o.name, before: o.definition });
    else if (n.definition !== o.definition) changes.push({ change: 'changed', type: o.type, name: o.name, before: o.definition, after: n.definition });
  }
  for (const [key, n] of now) if (!old.has(key)) changes.push({ change: 'added', type: n.type, name: n.name, after: n.definition });
  return changes.sort((a, b) => order(a).localeCompare(order(b)));
}

/** One line per change, in the order diffSnapshots returns them. */
export function formatChange(c: SchemaChange): string {
  const what = `${c.type} ${c.name}`;
  if (c.change === 'added') return `+ ${what}${c.after ? ` ${c.after}` : ''}`;
  if (c.change === 'removed') return `- ${what}${c.before ? ` ${c.before}` : ''}`;
  return `~ ${what}: ${c.before || '(empty)'} -> ${c.after || '(empty)'}`;
}

export function formatChanges(changes: readonly SchemaChange[]): string {
  return changes.map((c) => `${formatChange(c)}\n`).join('');
}

function byKey(objects: readonly SchemaObject[]): Map<string, SchemaObject> {
  const map = new Map<string, SchemaObject>();
  for (const o of objects) map.set(`${o.type}\u0000${o.name}`, o);
  return map;
}

// Tables before their columns and indexes reads best: by type, then name.
function order(c: SchemaChange): string {
  return `${c.type}\u0000${c.name}`;
}
