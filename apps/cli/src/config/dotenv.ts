/**
 * `.env` in the current folder, read once at start-up so `${VAR}` in a config, the
 * `<DRIVER>_<NAME>_URL` variables and the variables ENVSUB substitutes into migrations can live
 * there during development (the merged record is the command's `env`). A variable already set in
 * the environment always wins: the deployment's real value must never be shadowed by a file
 * someone left in the folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function withDotEnv(cwd: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch {
    return env;
  }
  return { ...parseDotEnv(text), ...env };
}

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/** `KEY=value`, `export KEY=value`, quoted values, `#` comments; no expansion (as Node's --env-file). */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1]!] = value;
  }
  return out;
}
