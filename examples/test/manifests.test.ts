/**
 * The deployment examples parse as YAML, wire the services the way their comments say, and name
 * every sample database's URL by the convention (`migrations/postgres-product` →
 * POSTGRES_PRODUCT_URL), so a renamed folder or a typo in a variable is caught here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { sampleDatabases } from './support/sample.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is walked by key below
type Doc = any;

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const yaml = (path: string): Doc => parse(read(path), { prettyErrors: true });
const samples = sampleDatabases();
/** the cluster and CI examples leave out the local SQLite demo (`--except sqlite-demo`) */
const served = samples.filter((s) => s.driver !== 'sqlite');

/** `KEY=value` lines of a dotenv file, as docker compose reads an env_file. */
function envFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of read(path).split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = m[2] ?? '';
  }
  return out;
}

describe('docker-compose.yml', () => {
  const compose = yaml('docker-compose.yml');

  it('runs migrate-all once, after both databases are healthy, with a URL for every database', () => {
    const migrate = compose.services.migrate;
    expect(migrate.command).toEqual(['migrate-all']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, mongo: { condition: 'service_healthy' } });
    expect(migrate.volumes).toContain('../migrations:/project/migrations:ro');
    expect(migrate.working_dir).toBe('/project');
    const env = envFile(migrate.env_file);
    expect(Object.keys(env).sort()).toEqual(samples.map((s) => s.envVar).sort());
    for (const s of samples) {
      const scheme = { postgres: 'postgres://', mongo: 'mongodb://', sqlite: 'sqlite:' }[s.driver];
      expect(env[s.envVar], s.envVar).toMatch(new RegExp(`^${scheme}`));
    }
  });

  it('starts the app only after migrate completed successfully', () => {
    expect(compose.services.app.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    expect(compose.services.app.entrypoint).toEqual(['node', '/godwit/examples/app-startup/main.mjs']);
  });

  it('creates one PostgreSQL database per postgres-* folder, the one its URL names', () => {
    const init = read('postgres-init.sql');
    const env = envFile(compose.services.migrate.env_file);
    for (const s of samples.filter((x) => x.driver === 'postgres')) {
      const name = new URL(env[s.envVar] ?? '').pathname.slice(1);
      expect(init).toMatch(new RegExp(`CREATE DATABASE "?${name}"?;`));
    }
    expect(compose.services.postgres.volumes).toContain('./postgres-init.sql:/docker-entrypoint-initdb.d/10-databases.sql:ro');
  });
});

describe('k8s/', () => {
  const secret = yaml('k8s/database-urls.secret.yaml');
  const job = yaml('k8s/migrate-job.yaml');
  const deployment = yaml('k8s/deployment-init-container.yaml');

  it('the Secret has one key per database, named by the convention', () => {
    expect(secret.kind).toBe('Secret');
    expect(Object.keys(secret.stringData).sort()).toEqual(served.map((s) => s.envVar).sort());
  });

  const migrates = (container: Doc) => {
    expect(container.args.slice(0, 3)).toEqual(['migrate-all', '--except', 'sqlite-demo']);
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
  };

  it('the Job runs migrate-all once, without retries, with the URLs from the Secret', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    migrates(job.spec.template.spec.containers[0]);
  });

  it('the Deployment migrates in an init container before the app starts', () => {
    expect(deployment.kind).toBe('Deployment');
    const pod = deployment.spec.template.spec;
    expect(pod.initContainers.map((c: Doc) => c.name)).toEqual(['migrate']);
    migrates(pod.initContainers[0]);
    const app = pod.containers[0];
    expect(app.env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'POSTGRES_USER_URL' } } }]);
    expect(app.readinessProbe.httpGet.path).toBe('/health');
  });

  it('every manifest is a single YAML document without errors', () => {
    for (const file of ['k8s/database-urls.secret.yaml', 'k8s/migrate-job.yaml', 'k8s/deployment-init-container.yaml']) {
      const docs = parseAllDocuments(read(file));
      expect(Array.isArray(docs) ? docs.length : 0, file).toBe(1);
      expect(Array.isArray(docs) ? docs[0]?.errors : ['empty'], file).toEqual([]);
    }
  });
});

describe('ci/github-actions.yml', () => {
  const workflow = yaml('ci/github-actions.yml');
  const runs = (job: Doc): string[] => job.steps.flatMap((s: Doc) => (typeof s.run === 'string' ? [s.run] : []));

  it('validates every database on pull requests, without secrets', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    const validate = workflow.jobs.validate;
    expect(validate.if).toBe("github.event_name == 'pull_request'");
    expect(runs(validate)).toContain('godwit validate --all --strict');
    expect(JSON.stringify(validate)).not.toContain('secrets.');
  });

  it('runs migrate-all on deploy, with the URLs from one secret written to .env', () => {
    const migrate = workflow.jobs.migrate;
    expect(migrate.if).toBe("github.event_name == 'push'");
    expect(workflow.on.push.branches).toEqual(['main']);
    const commands = runs(migrate);
    expect(commands.some((c) => c.startsWith('godwit migrate-all '))).toBe(true);
    expect(commands.some((c) => c.includes('> .env'))).toBe(true);
    const urls = migrate.steps.find((s: Doc) => s.env?.GODWIT_DATABASE_URLS);
    expect(urls.env.GODWIT_DATABASE_URLS).toBe('${{ secrets.GODWIT_DATABASE_URLS }}');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  /** `FROM ... AS name` stages, each with its instruction lines */
  const stages = dockerfile
    .split(/^(?=FROM )/m)
    .filter((s) => s.startsWith('FROM '))
    .map((s) => ({ name: /^FROM \S+(?: AS (\S+))?/.exec(s)?.[1], lines: s.split('\n').filter((l) => /^[A-Z]+ /.test(l)) }));

  it('ends in the small image: the single-file CLI and the clients its manifest names, nothing else', () => {
    const last = stages.at(-1)!;
    expect(last.name).toBe('godwit');
    expect(last.lines[0]).toBe('FROM node:20-bookworm-slim AS godwit');
    const copies = last.lines.filter((l) => l.startsWith('COPY '));
    expect(copies).toEqual([
      'COPY --from=build /godwit/apps/cli/dist/godwit.package.json ./package.json',
      'COPY --from=build /godwit/apps/cli/dist/godwit.mjs ./godwit.mjs',
    ]);
    expect(last.lines).toContain('RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force');
    expect(last.lines.at(-1)).toBe('ENTRYPOINT ["node", "/godwit/godwit.mjs"]');
  });

  it('the compose file runs migrate on that image and the app on the built workspace', () => {
    const compose = yaml('docker-compose.yml');
    expect(compose.services.migrate.build.target).toBeUndefined();
    expect(compose.services.app.build.target).toBe('workspace');
    expect(stages.map((s) => s.name)).toEqual(['build', 'workspace', 'godwit']);
  });
});
