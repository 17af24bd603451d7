/**
 * `godwit lint`: every migration (pending ones with a database; those the branch added or changed
 * with --since) through the rules of its database; findings as text, --json, GitHub annotations
 * or SARIF. Exit 1 on any error-level finding, 0 otherwise, 2 for bad usage. Changes nothing.
 */
import { type Command, Option } from 'commander';
import { GodwitError } from '@godwit/core';
import { report } from '../../output/outcome.js';
import { type CliContext, optionsOf, withExamples } from '../shared/command-kit.js';
import { execute } from '../shared/execute.js';
import { CLI_VERSION } from '../../version.js';
import { lintSession } from './run-lint.js';
import { rulesTable } from './rules-table.js';

interface LintFlags {
  since?: string;
  format: 'text' | 'github' | 'sarif';
  rules?: boolean;
}

export function registerLint(program: Command, ctx: CliContext): void {
  const command = program
    .command('lint')
    .description('find migrations that lock busy tables or break the running application, before they run')
    .option('--since <ref>', 'only files added or changed since this git ref (e.g. origin/main); flags migrations numbered below its highest')
    .addOption(new Option('--format <format>', 'text | github (workflow annotations) | sarif (SARIF 2.1.0)').choices(['text', 'github', 'sarif']).default('text'))
    .option('--rules', 'list the rules and exit');
  withExamples(command, [
    'godwit lint',
    'godwit lint --database $DATABASE_URL          # pending migrations, with table sizes',
    'godwit lint --since origin/main --format github',
    'godwit lint --format sarif > godwit.sarif',
  ]);
  command.action(async (flags: LintFlags, cmd: Command) => {
    const options = optionsOf(cmd);
    const json = options.json === true;
    if (flags.rules) {
      const { RULES } = await import('@godwit/lint');
      ctx.io.out(json ? `${JSON.stringify({ rules: RULES })}\n` : rulesTable(RULES));
      return;
    }
    if (json && flags.format !== 'text') {
      const error = new GodwitError('USAGE', `--json and --format ${flags.format} both say how to print`, { hint: 'choose one' });
      return ctx.setExitCode(report(ctx, true, { ok: false, json: {}, text: '', errors: [error] }));
    }
    const code = await execute(ctx, options, { command: 'lint', need: 'optional' }, async (session) => {
      const lint = await import('@godwit/lint');
      const result = await lintSession(ctx, options, session, flags.since === undefined ? {} : { since: flags.since });
      const ok = !result.findings.some((f) => f.severity === 'error');
      const text =
        flags.format === 'github'
          ? lint.formatGithub(result)
          : flags.format === 'sarif'
            ? `${JSON.stringify(lint.lintSarif(result, CLI_VERSION), null, 2)}\n`
            : lint.formatText(result);
      return { ok, json: lint.lintJson(result), text };
    });
    ctx.setExitCode(code);
  });
}
