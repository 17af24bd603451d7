/**
 * The README stays true to the CLI: every command and every global option the binary has is
 * documented, and the config example parses as the CLI would read it.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { runCli } from '@godwit/test-kit/cli';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkConfig } from '../src/config/schema.js';

let readme: string;
let help: string;
beforeAll(async () => {
  readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  help = (await runCli(['--help'], { cwd: tmpdir() })).stdout;
});

/** The text between a `## heading` and the next one. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README', () => {
  it('lists every command of `godwit --help` under Commands', () => {
    const commands = [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(15);
    const listed = section('Commands');
    for (const c of commands) expect(listed, `README Commands lists ${c}`).toMatch(new RegExp(`^ {2}${c}\\b`, 'm'));
  });

  it('documents every global option in the options table', () => {
    const options = [...help.slice(0, help.indexOf('Commands:')).matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(15);
    const table = section('Commands');
    for (const o of options.filter((o) => o !== '--help' && o !== '--version')) {
      expect(table, `README documents ${o}`).toMatch(new RegExp(`\`[^\`]*${o}\\b`));
    }
  });

  it("the Config file example is a config the CLI accepts", () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section('Config file'))?.[1];
    expect(yaml).toBeDefined();
    expect(() => checkConfig(parse(yaml!), 'README.md')).not.toThrow();
  });

  it('the quick start uses only what a fresh machine with Node and npm has', () => {
    const quick = section('Quick start');
    expect(quick).not.toMatch(/^pnpm /m);
    expect(quick).toContain('npm run -s godwit -- status');
  });
});
