/**
 * The packages a CI workflow installs: every package named on its `npm install` lines (flags and
 * version pins dropped). The pack test installs exactly those, so a workflow that installs too
 * little to run what it runs is caught.
 */
import { parse } from 'yaml';

interface Workflow {
  jobs: Record<string, { steps?: Array<{ run?: string }> }>;
}

export function npmInstalledPackages(workflowText: string): string[] {
  const workflow = parse(workflowText) as Workflow;
  const names = new Set<string>();
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      for (const line of (step.run ?? '').split('\n')) {
        const m = /^\s*npm (?:install|i|add)\b(.*)$/.exec(line);
        if (!m) continue;
        for (const word of m[1]!.trim().split(/\s+/)) {
          if (word === '' || word.startsWith('-')) continue;
          // `@scope/name@1.2.3` -> `@scope/name`
          names.add(word.replace(/(?<=.)@[^@/]*$/, ''));
        }
      }
    }
  }
  return [...names].sort();
}
