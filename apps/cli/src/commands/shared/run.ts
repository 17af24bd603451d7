/**
 * The migrating commands (up, up-by-one, up-to, down, down-to, redo, reset) differ only in
 * which migrator method they call; this runs one and turns its RunResult into an Outcome.
 */
import type { Command } from 'commander';
import type { Migrator, RunResult } from '@godwit/core';
import { type CliContext, optionsOf } from './command-kit.js';
import { execute } from './execute.js';
import { lintBeforeUp } from '../lint/before-up.js';
import { runResultJson, runResultText } from '../../output/run-result.js';

export interface RunSpec {
  name: string;
  /** rolls back: a protected environment asks for --yes */
  destructive: boolean;
}

export async function runMigrations(
  ctx: CliContext,
  command: Command,
  spec: RunSpec,
  call: (migrator: Migrator) => Promise<RunResult>,
): Promise<void> {
  const options = optionsOf(command);
  const code = await execute(ctx, options, { command: spec.name, need: 'required', destructive: spec.destructive }, async (session) => {
    // What up is about to apply goes through the linter first (lint.onUp); rolling back does not.
    const refused = spec.destructive || !spec.name.startsWith('up') ? undefined : await lintBeforeUp(ctx, options, session);
    if (refused) return refused;
    const result = await call(session.migrator);
    return {
      ok: result.ok,
      json: runResultJson(result),
      text: runResultText(result, session.source.label),
      errors: result.error ? [result.error] : [],
    };
  });
  ctx.setExitCode(code);
}
