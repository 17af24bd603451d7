#!/usr/bin/env node
import { quickAnswer } from './quick-answers.js';

const argv = process.argv.slice(2);
// dist/bin.js sits beside dist/quick-answers.json (as does the single-file dist/godwit.mjs).
const quick = quickAnswer(argv, process.stdout, new URL('./', import.meta.url));
if (quick !== undefined) {
  process.stdout.write(quick);
} else {
  const { runCli } = await import('./run.js');
  runCli(argv);
}
