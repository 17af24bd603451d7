/**
 * The frame of every single-database command: resolve its one target, run the command's body in a
 * session on it, print the outcome and return the exit code (0 done, 1 failed, 2 bad usage).
 */
import { type Outcome, failedOutcome, report } from '../../output/outcome.js';
import type { DatabaseNeed } from '../../settings/one-target.js';
import type { GlobalOptions } from '../../settings/options.js';
import { type CommandEnv, type Session, type SessionSpec, withSession } from '../../session/session.js';
import { targetsFor } from './targets.js';

export interface CommandSpec extends SessionSpec {
  need: DatabaseNeed;
}

export async function execute(
  cmdEnv: CommandEnv,
  options: GlobalOptions,
  spec: CommandSpec,
  body: (session: Session) => Promise<Outcome>,
): Promise<number> {
  let outcome: Outcome;
  try {
    const { targets } = await targetsFor(cmdEnv, options, { kind: 'one', need: spec.need });
    outcome = await withSession(cmdEnv, options, targets[0]!, spec, body);
  } catch (e) {
    outcome = failedOutcome(e);
  }
  return report(cmdEnv, options.json === true, outcome);
}
