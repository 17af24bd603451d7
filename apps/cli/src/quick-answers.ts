/**
 * `godwit --version` and `godwit --help` without loading the program: their text is written at
 * build time by the real program (scripts/write-quick-answers.mjs runs `node dist/bin.js --help`)
 * into dist/quick-answers.json, and read back here. Why: those answers are asked by scripts and
 * shells many times, and building the program (commander, core, every command) costs more than
 * Node's own start-up. Only node:fs is imported, so this file stays cheap.
 *
 * Anything unexpected (the file missing, as in a copied single-file bundle; a terminal whose width
 * would wrap the help differently) returns undefined and the full program answers instead.
 */
import { readFileSync } from 'node:fs';

export const QUICK_ANSWERS_FILE = 'quick-answers.json';

interface QuickAnswers {
  version: string;
  help: string;
  /** the width commander wrapped the help at (a pipe's: 80) */
  helpWidth: number;
}

export function quickAnswer(argv: readonly string[], stdout: { isTTY?: boolean; columns?: number }, dir: URL): string | undefined {
  if (argv.length !== 1) return undefined;
  const asked = argv[0];
  const wantsVersion = asked === '--version' || asked === '-V';
  const wantsHelp = asked === '--help' || asked === '-h';
  if (!wantsVersion && !wantsHelp) return undefined;
  const answers = read(dir);
  if (!answers) return undefined;
  if (wantsVersion) return `${answers.version}\n`;
  // A terminal of another width gets the help wrapped to it, by the program itself.
  if (stdout.isTTY && stdout.columns !== answers.helpWidth) return undefined;
  return answers.help;
}

function read(dir: URL): QuickAnswers | undefined {
  try {
    const parsed = JSON.parse(readFileSync(new URL(QUICK_ANSWERS_FILE, dir), 'utf8')) as Partial<QuickAnswers>;
    if (typeof parsed.version !== 'string' || typeof parsed.help !== 'string' || typeof parsed.helpWidth !== 'number') return undefined;
    return parsed as QuickAnswers;
  } catch {
    return undefined;
  }
}
