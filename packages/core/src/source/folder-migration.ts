/**
 * Turns one version's files into a Migration: reads and parses them (once), computes the
 * checksum of the up part from its bytes, and gives `load()` the parsed parts with ENVSUB applied.
 */
import { GodwitError } from '../errors.js';
import type { LoadedMigration, Migration, MigrationPart } from '../migration.js';
import { checksumOfBytes, checksumOfLineRange } from './checksum.js';
import { applyEnvsub, type Env } from './envsub.js';
import { parseGooseFile } from './goose-parser.js';
import { parseJsonCommands } from './json-parser.js';
import { parsePairFile } from './pair-parser.js';
import { readSourceFile, type SourceFileSystem } from './source-fs.js';
import type { FileGroup } from './version-groups.js';

export async function buildMigration(group: FileGroup, fs: SourceFileSystem, env: () => Env): Promise<Migration> {
  const { version, name, main, down } = group;
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
      return {
        ...base,
        checksum: checksumOfBytes(upFile.bytes),
        transactional: false,
        reversible: false,
        load: async () => {
          throw new GodwitError('UNSUPPORTED_MIGRATION', `${main.fileName} is a code migration of another tool; godwit cannot run it`, {
            file: main.path,
            version,
            hint: 'apply it with its own tool (e.g. goose), then rerun with --skip-unsupported to record it as skipped',
          });
        },
      };
  }
}
