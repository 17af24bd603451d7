import type { SchemaObject, SchemaSnapshot } from './contract.js';

/** Objects in the one order every snapshot uses (type, then name), so equal schemas serialise equally. */
export function sortObjects(objects: SchemaObject[]): SchemaObject[] {
  return [...objects].sort((a, b) => compare(a.type, b.type) || compare(a.name, b.name) || compare(a.definition, b.definition));
}

/** A snapshot from a driver's objects: sorted, and whitespace runs in definitions made one space. */
export function makeSnapshot(driver: string, objects: SchemaObject[]): SchemaSnapshot {
  return {
    driver,
    objects: sortObjects(objects.map((o) => ({ type: o.type, name: o.name, definition: o.definition.replace(/\s+/g, ' ').trim() }))),
  };
}

// Code-point order, not the locale's: the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
