/**
 * A loaded part becomes the commands the driver will send. Core's JSON parser has already checked
 * the shape (an array of non-empty documents) and kept the EJSON types; what is left is to refuse
 * SQL and to say plainly that nothing here is transactional.
 */
import { GodwitError, type JsonCommand, type LoadedMigration, type Migration, type PreparedStatement, type PreparedStep } from '@godwit/core';
import { EJSON } from 'bson';
import { batchOf, type MongoBatch } from './batch/batch-command.js';

/** A command as prepared; a batched one carries its batch (without `$godwit`). */
export interface BatchedCommand extends JsonCommand {
  batch?: MongoBatch;
}

export const NOT_TRANSACTIONAL_NOTE =
  'MongoDB commands are not transactional; the version stays dirty until its last command succeeds';

export function prepareStep(migration: Migration, loaded: LoadedMigration, direction: 'up' | 'down'): PreparedStep {
  const part = direction === 'up' ? loaded.up : loaded.down;
  if (!part) {
    throw new GodwitError('IRREVERSIBLE', `migration ${migration.version} has no down file`, {
      file: migration.file,
      version: migration.version,
      hint: `add ${migration.file.replace(/\.up\.(json|js)$/, '.down.$1')} to make it reversible`,
    });
  }
  if (part.kind !== 'json') {
    throw new GodwitError('FORMAT_NOT_SUPPORTED', 'SQL migrations cannot run on MongoDB', {
      file: part.file,
      version: migration.version,
      hint: 'MongoDB migrations are JSON arrays of command documents (V_name.up.json); keep SQL files in a SQL database folder',
    });
  }
  const statements: PreparedStatement[] = part.commands.map((command) => {
    // `"$godwit": {"batch": N}`: run in _id-ordered batches (batch/batch-command.ts)
    const batched = batchOf(command.command, { file: part.file, line: command.line, version: migration.version });
    return {
      // Canonical Extended JSON, so a dry run shows the exact types that will be sent.
      text: EJSON.stringify(command.command, { relaxed: false }),
      file: part.file,
      line: command.line,
      column: command.column,
      payload: (batched ? { ...command, batch: batched.batch } : command) satisfies BatchedCommand,
      ...(batched && { batch: batched.spec }),
    };
  });
  return { direction, migration, statements, transactional: false, note: NOT_TRANSACTIONAL_NOTE };
}

/** The command carried by a prepared statement (its index, for messages, comes along). */
export function commandOf(statement: PreparedStatement): BatchedCommand {
  const payload = statement.payload as BatchedCommand | undefined;
  if (!payload || typeof payload.command !== 'object') {
    throw new GodwitError('USAGE', 'this statement was not prepared by the MongoDB driver', { file: statement.file, line: statement.line });
  }
  return payload;
}
