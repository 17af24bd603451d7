/**
 * Tells from a file name whether it is a migration, which version and format it has, and which
 * role it plays (a goose single file, or the up or down half of a pair). Files that are clearly
 * not migrations (README.md, .gitkeep, config.json) are ignored; files that look like migrations
 * but are named wrongly are errors, so a misnamed file is never silently skipped.
 */
import { GodwitError } from '../errors.js';
import { MAX_VERSION, type MigrationFormat } from '../migration.js';

export type FileRole = 'up' | 'down' | 'single';

/** The extension family: up and down files pair only within the same family. */
export type FileExtension = 'sql' | 'json' | 'js' | 'go';

export interface ParsedFileName {
  version: number;
  name: string;
  format: MigrationFormat;
  role: FileRole;
  extension: FileExtension;
  /** the file name as given (no folder) */
  fileName: string;
}

// `.up.go` / `.down.go`: code migrations of a golang-migrate-style tool, unsupported like goose's.
const PAIR = /^(.*)\.(up|down)\.(sql|json|js|go)$/;
const VERSIONED = /^(\d+)(?:_(.*))?$/s;
const LEADING_DIGITS = /^\d+/;

/**
 * Parses `fileName` (a base name). `path` is what errors name (defaults to the name).
 * Returns undefined for files that are not migrations.
 */
export function parseFileName(fileName: string, path: string = fileName): ParsedFileName | GodwitError | undefined {
  if (fileName.startsWith('.')) return undefined;

  const pair = PAIR.exec(fileName);
  if (pair) {
    const [, stem, direction, ext] = pair as unknown as [string, string, 'up' | 'down', FileExtension];
    // As for goose .go files: Go code without a version is not a migration.
    if (ext === 'go' && !LEADING_DIGITS.test(stem)) return undefined;
    const format: MigrationFormat = ext === 'sql' ? 'pair' : ext === 'go' ? 'unsupported' : 'json';
    return withVersion(stem, fileName, path, (version, name) => ({
      version,
      name,
      format,
      role: direction,
      extension: ext,
      fileName,
    }));
  }

  if (fileName.endsWith('.sql')) {
    const stem = fileName.slice(0, -'.sql'.length);
    return withVersion(stem, fileName, path, (version, name) => ({
      version,
      name,
      format: 'goose',
      role: 'single',
      extension: 'sql',
      fileName,
    }));
  }

  if (fileName.endsWith('.go')) {
    // goose code migrations: listed so the planner can stop before them. Go tests and helper
    // files without a version are not migrations.
    const stem = fileName.slice(0, -'.go'.length);
    if (fileName.endsWith('_test.go') || !LEADING_DIGITS.test(stem)) return undefined;
    return withVersion(stem, fileName, path, (version, name) => ({
      version,
      name,
      format: 'unsupported',
      role: 'single',
      extension: 'go',
      fileName,
    }));
  }

  const json = /^(.*)\.(json|js)$/.exec(fileName);
  if (json && LEADING_DIGITS.test(json[1]!)) {
    const [, stem, ext] = json as unknown as [string, string, string];
    return new GodwitError('PARSE_ERROR', `${fileName} has a version but no .up or .down before .${ext}`, {
      file: path,
      hint: `a command migration is a pair: rename it to ${stem}.up.${ext} (and add ${stem}.down.${ext} to make it reversible)`,
    });
  }

  return undefined;
}

function withVersion(
  stem: string,
  fileName: string,
  path: string,
  build: (version: number, name: string) => ParsedFileName,
): ParsedFileName | GodwitError {
  const m = VERSIONED.exec(stem);
  if (!m) {
    const digits = LEADING_DIGITS.exec(stem)?.[0];
    if (digits !== undefined) {
      return new GodwitError('INVALID_VERSION', `${fileName}: the version ${digits} must be followed by \`_\` and the name`, {
        file: path,
        hint: `rename it to ${digits}_${stem.slice(digits.length).replace(/^[^A-Za-z0-9]+/, '')}${fileName.slice(stem.length)}`,
      });
    }
    return new GodwitError('INVALID_VERSION', `${fileName} has no version: a migration file name starts with a number`, {
      file: path,
      hint: `rename it to 000001_${fileName} (or the next free version)`,
    });
  }
  const digits = m[1]!;
  const name = m[2] ?? '';
  // BigInt first: Number('99999999999999999999') would silently round.
  const big = BigInt(digits);
  if (big < 1n) {
    return new GodwitError('INVALID_VERSION', `${fileName}: version 0 is not allowed, versions start at 1`, {
      file: path,
      hint: `rename it to 000001_${name}${fileName.slice(stem.length)} (or the next free version)`,
    });
  }
  if (big > BigInt(MAX_VERSION)) {
    return new GodwitError(
      'INVALID_VERSION',
      `${fileName}: version ${big} is above the largest allowed version ${MAX_VERSION} (2^53-1)`,
      { file: path, hint: 'use a sequential number or a 14-digit timestamp (YYYYMMDDHHMMSS) as the version' },
    );
  }
  return build(Number(big), name);
}
