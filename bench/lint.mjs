/**
 * `godwit lint` benchmark (issue 14's target): linting 1,000 PostgreSQL migration files takes
 * under 2 s of wall time, Node start-up and the parser's WASM compile included. The files are a
 * realistic mix: a table with an index, a column added with a default, a NOT VALID foreign key
 * and its validation, a data update, so every rule family runs (the run finds and prints plenty).
 * The median of several runs.
 */
import { join } from 'node:path';
import { cliBin, fmt, generateMigrations, measure, printTable, requireCli, run, tempDir, verdict } from './lib.mjs';

const COUNT = 1000;
const RUNS = Number(process.argv[2] ?? 5); // `node bench/lint.mjs 9` for more runs
const TARGET_MS = 2000;

/** Migration N: one of four shapes, each a few statements on tables created earlier. */
function mixedMigration(n) {
  const t = `bench_${n}`;
  const shapes = [
    [`CREATE TABLE ${t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL, amount integer, at timestamp)`, `CREATE INDEX ${t}_label_idx ON ${t} (label)`],
    [`ALTER TABLE bench_${n - 1} ADD COLUMN note text DEFAULT 'none'`, `ALTER TABLE bench_${n - 1} ADD COLUMN token uuid DEFAULT gen_random_uuid()`],
    [`ALTER TABLE bench_${n - 2} ADD CONSTRAINT ${t}_fk FOREIGN KEY (amount) REFERENCES bench_${n - 2} (id) NOT VALID`, `ALTER TABLE bench_${n - 2} VALIDATE CONSTRAINT ${t}_fk`],
    [`UPDATE bench_${n - 3} SET label = 'x' WHERE id < 100`, `DROP INDEX bench_${n - 3}_label_idx`],
  ];
  return { up: shapes[(n - 1) % 4], down: ['SELECT 1'] };
}

requireCli();
const project = tempDir('godwit-bench-lint-');
try {
  const dir = join(project.dir, 'migrations');
  generateMigrations(dir, COUNT, mixedMigration);
  const args = [cliBin, 'lint', '--dir', dir, '--json'];
  let findings = 0;
  const { median, samples } = await measure(
    () => {
      const result = run(process.execPath, args, { allowFailure: true });
      if (result.status !== 0 && result.status !== 1) throw new Error(`bench: godwit lint exited ${result.status}\n${result.stderr}`);
      findings = JSON.parse(result.stdout).findings.length;
      return result.ms;
    },
    { runs: RUNS },
  );
  printTable(
    `godwit lint: ${COUNT} files, ${findings} findings (median of ${RUNS}: ${samples.map(fmt.ms).join(', ')})`,
    ['case', 'median', 'target', 'verdict'],
    [[`lint ${COUNT} files`, fmt.ms(median), `< ${fmt.ms(TARGET_MS)}`, verdict(median, TARGET_MS)]],
  );
  process.exitCode = median < TARGET_MS ? 0 : 1;
} finally {
  project.cleanup();
}
