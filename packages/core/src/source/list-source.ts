/**
 * A source over migrations given in code, for applications that embed them. SQL strings become a
 * part with one free chunk (the driver splits it); arrays are MongoDB command documents. Versions
 * are checked like files' versions, with the same errors.
 */
import { GodwitError } from '../errors.js';
import { type JsonPart, MAX_VERSION, type Migration, type MigrationPart, type Source } from '../migration.js';
import type { InlineMigration } from '../migrator-contract.js';
import { checksumOf } from './checksum.js';
import { ejson } from './ejson.js';
import { hasSql } from './sql-comments.js';

export function createListSource(list: InlineMigration[]): Source {
  return {
    description: `${list.length} inline migration${list.length === 1 ? '' : 's'}`,
    async list(): Promise<Migration[]> {
      const byVersion = new Map<number, string>();
      const migrations = list.map((m) => {
        const file = `<inline>/${m.version}_${m.name}`;
        checkVersion(m.version, file);
        const other = byVersion.get(m.version);
        if (other !== undefined) {
          throw new GodwitError('DUPLICATE_VERSION', `duplicate version ${m.version}: ${other} and ${file}`, {
            file,
            version: m.version,
            hint: 'give one of them another version; versions must be unique',
            data: { files: [other, file] },
          });
        }
        byVersion.set(m.version, file);
        return toMigration(m, file);
      });
      return migrations.sort((a, b) => a.version - b.version);
    },
  };
}

function checkVersion(version: number, file: string): void {
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new GodwitError('INVALID_VERSION', `version ${version} of ${file} must be a whole number from 1 to ${MAX_VERSION}`, {
      file,
      hint: 'use a sequential number or a 14-digit timestamp (YYYYMMDDHHMMSS)',
    });
  }
}

function toMigration(m: InlineMigration, file: string): Migration {
  const json = Array.isArray(m.up);
  if (m.down !== undefined && Array.isArray(m.down) !== json) {
    throw new GodwitError('PARSE_ERROR', `${file}: up and down must both be SQL strings or both be command arrays`, {
      file,
      version: m.version,
      hint: 'use SQL for SQL databases and arrays of command documents for MongoDB',
    });
  }
  const transactional = json ? false : m.transactional ?? true;
  const up = toPart(m.up, file, transactional, 'up');
  const down = m.down === undefined ? undefined : toPart(m.down, file, transactional, 'down');
  const checksum = checksumOf(typeof m.up === 'string' ? m.up : ejson().stringify(m.up, { relaxed: false }));
  return {
    version: m.version,
    name: m.name,
    format: json ? 'json' : 'pair',
    file,
    checksum,
    transactional,
    reversible: down !== undefined,
    load: async () => ({ up, ...(down && { down }) }),
  };
}

function toPart(
  body: string | Array<Record<string, unknown>>,
  file: string,
  transactional: boolean,
  direction: 'up' | 'down',
): MigrationPart {
  if (typeof body === 'string') {
    return {
      kind: 'sql',
      file,
      chunks: hasSql(body) ? [{ text: body, line: 1, atomic: false }] : [],
      noTransaction: !transactional,
      empty: !hasSql(body),
    };
  }
  const commands: JsonPart['commands'] = body.map((command, index) => {
    if (typeof command !== 'object' || command === null || Array.isArray(command)) {
      throw new GodwitError('PARSE_ERROR', `${file}: ${direction} element ${index} is not a command document`, {
        file,
        hint: 'each element is one command document, e.g. { create: "users" }',
      });
    }
    // No file lines for code: line 1, and `index` says which command it is.
    return { command, index, line: 1, column: 1 };
  });
  return { kind: 'json', file, commands, empty: commands.length === 0 };
}
