/** The CI example lints what a pull request changes, with annotations, and has the history git needs for it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

it('ci/github-actions.yml runs godwit lint --since the base branch with GitHub annotations', () => {
  const workflow = parse(readFileSync(fileURLToPath(new URL('../ci/github-actions.yml', import.meta.url)), 'utf8'));
  const validate = workflow.jobs.validate;
  expect(validate.steps[0].with['fetch-depth']).toBe(0);
  const lint = validate.steps.find((s: { run?: string }) => s.run?.includes('godwit lint'));
  expect(lint.run).toContain('godwit lint --dir "$dir" --since "origin/$GITHUB_BASE_REF" --format github');
  expect(JSON.stringify(validate)).not.toContain('secrets.');
});
