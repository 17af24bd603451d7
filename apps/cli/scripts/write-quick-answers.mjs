#!/usr/bin/env node
/**
 * Build step of @godwit/cli (after bundling): asks the built program itself for its version and
 * its top-level help, as a pipe sees them (80 columns), and writes them to
 * dist/quick-answers.json for src/quick-answers.ts. The old file is removed first, so the answers
 * come from the full program, never from a previous build's copy.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const file = `${dist}quick-answers.json`;
rmSync(file, { force: true });
const ask = (flag) => execFileSync(process.execPath, [`${dist}bin.js`, flag], { encoding: 'utf8', env: { ...process.env, COLUMNS: '' } });
const answers = { version: ask('--version').trim(), help: ask('--help'), helpWidth: 80 };
writeFileSync(file, `${JSON.stringify(answers, null, 2)}\n`);
