// Sums the vitest JSON reports that each package wrote (see packages/test-kit/src/vitest-config.ts) into one line:
// "tests: N passed, N failed, N skipped". Exits 1 when no report shows any test at all, so a
// suite that silently ran nothing cannot pass.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
const packages = [];
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  packages.push(`${name.replace(/\.json$/, '')}: ${report.numPassedTests ?? 0}`);
}
console.log(`per package passed: ${packages.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error('test: no test ran');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
