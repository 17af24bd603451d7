import { readFileSync } from 'node:fs';

/**
 * The version in the package.json of the package named `name`, found by walking up from `from`
 * (an import.meta.url). Walking, not a fixed `../..`, because the same code runs from src/,
 * from tsc's build/ and from a bundle in dist/ (or one of its chunks), each at another depth.
 */
export function packageVersion(name: string, from: string): string | undefined {
  let dir = new URL('./', from);
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // no package.json at this level: keep walking
    }
    const parent = new URL('../', dir);
    if (parent.href === dir.href) break;
    dir = parent;
  }
  return undefined;
}
