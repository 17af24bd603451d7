/**
 * MongoDB migrations (JSON arrays of command documents): updates and deletes of every document,
 * dropped collections, index builds on existing collections and `dropIndexes: "*"`. A collection
 * created earlier (a `create` command in the file or batch) is new, so building its indexes or
 * dropping it is harmless.
 *
 * Suppression lives where MongoDB already allows a note: the command's `comment` field,
 * `"comment": "godwit:ignore mongodb-drop-collection -- reason"`.
 */
import type { JsonCommand, JsonPart } from '@godwit/core';
import type { HistoryState } from '../postgres/context.js';
import type { RawFinding } from '../postgres/lint-file.js';
import { type Directive, directiveBody } from '../suppress.js';

export function lintMongoPart(part: JsonPart, history: HistoryState, emit: (f: RawFinding) => void): void {
  for (const c of part.commands) {
    const [name] = Object.keys(c.command);
    const collection = typeof c.command[name!] === 'string' ? String(c.command[name!]) : '';
    const at = { line: c.line, column: c.column };
    switch (name) {
      case 'create':
        history.newTables.add(collection);
        break;
      case 'update':
        emptyFilters(c, 'updates', 'update', emit);
        break;
      case 'delete':
        emptyFilters(c, 'deletes', 'delete', emit);
        break;
      case 'drop':
        if (history.newTables.has(collection)) break;
        emit({
          rule: 'mongodb-drop-collection',
          message: `drop of ${collection}: its documents are gone, and the application that is running now still uses it`,
          ...at,
          fix: `{ "drop": "${collection}", "comment": "godwit:ignore mongodb-drop-collection -- unused since <release>" }`,
        });
        break;
      case 'createIndexes':
        if (history.newTables.has(collection) || typeof c.command.comment === 'string') break;
        emit({
          rule: 'mongodb-create-index-cost',
          message: `createIndexes on ${collection}: the build reads every document and holds an exclusive lock on the collection at its start and end`,
          ...at,
          fix: `{ "createIndexes": "${collection}", "indexes": [...], "comment": "built in <quiet period>; ~N documents" }`,
        });
        break;
      case 'dropIndexes':
        if (c.command.index === '*') {
          emit({
            rule: 'mongodb-drop-all-indexes',
            message: `dropIndexes "*" on ${collection} drops every index but _id: every query on it becomes a collection scan`,
            ...at,
            fix: `{ "dropIndexes": "${collection}", "index": ["<name>", ...] }`,
          });
        }
        break;
      default:
        break;
    }
  }
}

function emptyFilters(c: JsonCommand, list: 'updates' | 'deletes', verb: string, emit: (f: RawFinding) => void): void {
  const entries = c.command[list];
  if (!Array.isArray(entries)) return;
  for (const entry of entries) {
    const q = (entry as { q?: unknown }).q;
    if (q !== null && typeof q === 'object' && Object.keys(q).length === 0) {
      emit({
        rule: 'mongodb-empty-filter',
        message: `${verb} with an empty filter (q: {}) touches every document of ${String(c.command[verb])}`,
        line: c.line,
        column: c.column,
        fix: `{ "q": { <the documents meant> }, ... } -- or, when all are meant: "comment": "godwit:ignore mongodb-empty-filter -- <reason>"`,
      });
      return;
    }
  }
}

/** The `godwit:ignore` directives in the commands' `comment` fields (each about its own command). */
export function mongoDirectives(part: JsonPart): Directive[] {
  const out: Directive[] = [];
  for (const c of part.commands) {
    const comment = c.command.comment;
    if (typeof comment !== 'string') continue;
    const parsed = directiveBody(comment.trim());
    if (parsed) out.push({ line: c.line, target: c.line, rules: parsed.rules, wholeFile: parsed.wholeFile, used: new Set() });
  }
  return out;
}
