import { readFileSync } from 'node:fs';

/** The CLI's own version, from its package.json (dist/version.js and src/version.ts sit one level below it). */
export const CLI_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();
