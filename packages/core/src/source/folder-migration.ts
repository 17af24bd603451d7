/**
 * Turns one version's files into a Migration: reads and parses them (once), computes the
 * checksum of the up part from its bytes, and gives `load()` the parsed parts with ENVSUB applied.
 */
import { GodwitError } from '../errors.js';
import type { LoadedMigration, Migration, MigrationPart } from '../migration.js';
import { checksumOfBytes, checksumOfLineRange } from './checksum.js';
import { applyEnvsub, type Env } from './envsub.js';
import { parseGooseFile, toPart } from './goose-parser.js';
import { parseJsonCommands } from './json-parser.js';
import { parsePairFile } from './pair-parser.js';
import { readSourceFile, type SourceFileSystem } from './source-fs.js';
import type { FileGroup, FolderFile } from './version-groups.js';

export async function buildMigration(group: FileGroup, fs: SourceFileSystem, env: () => Env): Promise<Migration> {
  const { version, name, main, down } = group;
  if (!main) return withoutUpFile(group as FileGroup & { down: FolderFile }, fs, env);
  // Both files are read (and must be UTF-8) when the source lists the folder, before anything runs.
  const upFile = await readSourceFile(fs, main.path);
  const downFile = down ? await readSourceFile(fs, down.path) : undefined;
  const upText = upFile.text;
  const downText = downFile?.text;
  const base = { version, name, format: main.format, file: main.path, ...(down && { downFile: down.path }) };

  switch (main.format) {
    case 'goose': {
      const parsed = parseGooseFile(upText, main.path);
      // `load` keeps only the parts: the file's text and lines are not held for the run's length.
      const { up, down: dn, envsub } = parsed;
      return {
        ...base,
        checksum: checksumOfLineRange(upFile.bytes, parsed.upLines.from, parsed.upLines.to),
        transactional: !parsed.noTransaction,
        reversible: dn !== undefined,
        ...(parsed.phase && { phase: parsed.phase }),
        ...(parsed.limits && { limits: parsed.limits }),
        load: async () => ({
          up: applyEnvsub(up, envsub, env()),
          ...(dn && { down: applyEnvsub(dn, envsub, env()) }),
        }),
      };
    }
    case 'pair': {
      const up = parsePairFile(upText, main.path);
      const dn = downText !== undefined && down ? parsePairFile(downText, down.path) : undefined;
      return {
        ...base,
        checksum: checksumOfBytes(upFile.bytes),
        transactional: !up.noTransaction,
        reversible: dn !== undefined,
        ...(up.phase && { phase: up.phase }),
        ...(up.limits && { limits: up.limits }),
        load: async () => ({
          up: applyEnvsub(up.part, up.envsub, env()),
          ...(dn && { down: applyEnvsub(dn.part, dn.envsub, env()) }),
        }),
      };
    }
    case 'json': {
      const up = parseJsonCommands(upText, main.path);
      const dn = downText !== undefined && down ? parseJsonCommands(downText, down.path) : undefined;
      const loaded: LoadedMigration = { up, ...(dn && { down: dn as MigrationPart }) };
      return {
        ...base,
        checksum: checksumOfBytes(upFile.bytes),
        // MongoDB commands run outside a transaction: the store marks them dirty while they run.
        transactional: false,
        reversible: dn !== undefined,
        load: async () => loaded,
      };
    }
    case 'unsupported':
      return unsupported({ ...base, checksum: checksumOfBytes(upFile.bytes) }, main);
  }
}

/**
 * Only a down file (golang-migrate runs an empty up for it): the up part is empty, its checksum
 * that of no bytes, and the down file is parsed as usual.
 */
async function withoutUpFile(group: FileGroup & { down: FolderFile }, fs: SourceFileSystem, env: () => Env): Promise<Migration> {
  const { version, name, down } = group;
  const downFile = await readSourceFile(fs, down.path);
  const base = { version, name, format: down.format, file: down.path, downFile: down.path };
  const emptyUp = { noUpFile: true as const, checksum: checksumOfBytes(new Uint8Array()), reversible: true };
  switch (down.format) {
    case 'pair': {
      const dn = parsePairFile(downFile.text, down.path);
      const up = toPart([], down.path, false);
      return { ...base, ...emptyUp, transactional: true, load: async () => ({ up, down: applyEnvsub(dn.part, dn.envsub, env()) }) };
    }
    case 'json': {
      const loaded: LoadedMigration = { up: { kind: 'json', file: down.path, commands: [], empty: true }, down: parseJsonCommands(downFile.text, down.path) };
      return { ...base, ...emptyUp, transactional: false, load: async () => loaded };
    }
    default:
      // a lone `.down.go`: another tool's code all the same
      return unsupported({ ...base, checksum: checksumOfBytes(downFile.bytes) }, down);
  }
}

/** Another tool's code migration: listed with a checksum, never loaded. */
function unsupported(base: Omit<Migration, 'load' | 'transactional' | 'reversible'>, file: FolderFile): Migration {
  return {
    ...base,
    transactional: false,
    reversible: false,
    load: async () => {
      throw new GodwitError('UNSUPPORTED_MIGRATION', `${file.fileName} is a code migration of another tool; godwit cannot run it`, {
        file: file.path,
        version: base.version,
        hint: 'apply it with its own tool (e.g. goose, golang-migrate), then rerun with --skip-unsupported to record it as skipped',
      });
    },
  };
}
