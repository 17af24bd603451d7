/**
 * `godwit --version` and `godwit --help` are answered from dist/quick-answers.json without
 * loading the program (src/quick-answers.ts). They must say exactly what the program says.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_BIN, runCli } from '@godwit/test-kit/cli';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { createIo } from '../src/output/io.js';
import { QUICK_ANSWERS_FILE, quickAnswer } from '../src/quick-answers.js';

const HOOK = fileURLToPath(new URL('./fixtures/record-imports.mjs', import.meta.url));
const distDir = pathToFileURL(join(CLI_BIN, '..', '/'));

/** What the full program prints for `args`, in-process, as a pipe would see it. */
async function programSays(args: string[]): Promise<string> {
  let stdout = '';
  const io = createIo({ stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true, isTTY: false } });
  await main(args, { io, env: {}, cwd: process.cwd() });
  return stdout;
}

describe('the built answers', () => {
  it('are what the program itself prints for --help and --version', async () => {
    const pipe = { isTTY: false };
    expect(quickAnswer(['--help'], pipe, distDir)).toBe(await programSays(['--help']));
    expect(quickAnswer(['-h'], pipe, distDir)).toBe(await programSays(['--help']));
    expect(quickAnswer(['--version'], pipe, distDir)).toBe(await programSays(['--version']));
    expect(quickAnswer(['-V'], pipe, distDir)).toBe(await programSays(['--version']));
  });

  it('come from the binary without loading commander or core', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'godwit-quick-'));
    try {
      const file = join(dir, 'imports.txt');
      const result = await runCli(['--version'], { cwd: dir, nodeArgs: ['--import', HOOK], env: { GODWIT_TEST_IMPORTS: file } });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(await programSays(['--version']));
      const urls = readFileSync(file, 'utf8').split('\n');
      expect(urls.some((u) => /commander|@godwit\/core|packages\/core/.test(u))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('quickAnswer', () => {
  const answers = { version: '9.9.9', help: 'Usage: godwit\n', helpWidth: 80 };
  const withFile = (text: string, fn: (dir: URL) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'godwit-quick-'));
    try {
      writeFileSync(join(dir, QUICK_ANSWERS_FILE), text);
      fn(pathToFileURL(`${dir}/`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('answers only a lone --version or --help', () => {
    withFile(JSON.stringify(answers), (dir) => {
      expect(quickAnswer(['--version'], {}, dir)).toBe('9.9.9\n');
      expect(quickAnswer(['--help'], {}, dir)).toBe('Usage: godwit\n');
      expect(quickAnswer(['up', '--help'], {}, dir)).toBeUndefined();
      expect(quickAnswer(['--version', '--json'], {}, dir)).toBeUndefined();
      expect(quickAnswer([], {}, dir)).toBeUndefined();
    });
  });

  it('leaves a terminal of another width to the program, which wraps to it', () => {
    withFile(JSON.stringify(answers), (dir) => {
      expect(quickAnswer(['--help'], { isTTY: true, columns: 120 }, dir)).toBeUndefined();
      expect(quickAnswer(['--help'], { isTTY: true, columns: 80 }, dir)).toBe('Usage: godwit\n');
      expect(quickAnswer(['--version'], { isTTY: true, columns: 120 }, dir)).toBe('9.9.9\n');
    });
  });

  it('falls back to the program when the file is missing or not its shape', () => {
    withFile('{"version": 1}', (dir) => expect(quickAnswer(['--version'], {}, dir)).toBeUndefined());
    withFile('not json', (dir) => expect(quickAnswer(['--version'], {}, dir)).toBeUndefined());
    expect(quickAnswer(['--version'], {}, pathToFileURL(`${tmpdir()}/godwit-no-such-folder/`))).toBeUndefined();
  });
});
