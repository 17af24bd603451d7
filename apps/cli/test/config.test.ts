/** The config file: values, environments, protection, ${VAR}, strictness (exit 2), precedence. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedVersions, writeSampleMigrations, projectPerTest } from './helpers.js';

const project = projectPerTest(writeSampleMigrations);

const writeConfig = (config: unknown, file = 'godwit.config.json') => project.write(file, JSON.stringify(config, null, 2));

describe('godwit.config.json', () => {
  it('supplies the database, folder and table', async () => {
    await project.write('db/000001_x.sql', '-- +goose Up\nCREATE TABLE x (id INTEGER);\n-- +goose Down\nDROP TABLE x;\n');
    await writeConfig({ database: 'sqlite:./app.db', dir: 'db', table: 'schema_versions' });
    const r = await project.raw(['up']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('dev.db');
    expect(project.tables()).toEqual(expect.arrayContaining(['schema_versions', 'schema_versions_history', 'x']));
  });

  it('--env selects an environment; a protected one needs --yes to roll back', async () => {
    await writeConfig({
      dir: 'migrations',
      environments: { dev: { database: 'sqlite:./dev-env.db' }, prod: { database: 'sqlite:./app.db', protected: true } },
    });
    expect((await project.raw(['up', '--env', 'prod'])).code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3]);

    for (const args of [['down'], ['down-to', '0'], ['redo'], ['reset'], ['force', '1']]) {
      const refused = await project.raw([...args, '--env', 'prod']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`godwit: error: environment "prod" is protected: ${args[0]} needs --yes`);
    }
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
    // a dry run changes nothing, so it needs no confirmation
    expect((await project.raw(['down', '--env', 'prod', '--dry-run'])).code).toBe(0);
    const confirmed = await project.raw(['down', '--env', 'prod', '--yes']);
    expect(confirmed.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2]);
  });

  it('replaces ${VAR} from the environment, and names an unset one (exit 2)', async () => {
    await writeConfig({ database: 'sqlite:./${GODWIT_TEST_DB}.db', dir: 'migrations' });
    const ok = await project.raw(['up'], { GODWIT_TEST_DB: 'app' });
    expect(ok.code).toBe(0);
    expect(appliedVersions(project)).toEqual([1, 2, 3]);
    const unset = await project.raw(['status']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('godwit: error: godwit.config.json: environment variable GODWIT_TEST_DB is not set (used by "database")');
  });

  it('a migrationDefaults duration that is not one is a config error naming the key and the file (exit 2), before anything runs', async () => {
    await writeConfig({ database: 'sqlite:./app.db', dir: 'migrations', migrationDefaults: { lockTimeout: 'soon' } });
    const r = await project.raw(['up']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('godwit: error: godwit.config.json: "migrationDefaults.lockTimeout" is "soon", not a duration');
    expect(existsSync(join(project.dir, 'app.db'))).toBe(false);
  });

  it('precedence: --database > DATABASE_URL > config', async () => {
    await writeConfig({ database: 'sqlite:./from-config.db', dir: 'migrations' });
    await project.raw(['up-to', '1']);
    await project.raw(['up-to', '2'], { DATABASE_URL: 'sqlite:./from-env.db' });
    await project.raw(['up', '--database', 'sqlite:./app.db'], { DATABASE_URL: 'sqlite:./from-env.db' });
    const versionOf = async (file: string) => (await project.raw(['version', '--database', `sqlite:./${file}`])).stdout;
    expect(await versionOf('from-config.db')).toBe('1\n');
    expect(await versionOf('from-env.db')).toBe('2\n');
    expect(await versionOf('app.db')).toBe('3\n');
  });

  it.each([
    [{ databse: 'sqlite:./app.db' }, 'godwit.config.json: unknown key "databse"'],
    [{ dir: 3 }, 'godwit.config.json: "dir" must be a string, not number 3'],
    [{ environments: { prod: { protected: 'yes' } } }, 'godwit.config.json: "environments.prod.protected" must be true or false'],
    [{ environments: { prod: { url: 'x' } } }, 'godwit.config.json: unknown key "environments.prod.url"'],
    [[1, 2], 'godwit.config.json: the config must be a JSON object, not an array'],
  ])('refuses %j (exit 2)', async (config, message) => {
    await writeConfig(config);
    const r = await project.raw(['status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('refuses invalid JSON with its line, an unknown --env and a missing --config file (exit 2)', async () => {
    await project.write('godwit.config.json', '{\n  "dir": "migrations",\n}\n');
    const invalid = await project.raw(['status']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^godwit: error: godwit\.config\.json:3(:\d+)?: not valid JSON/m);

    await writeConfig({ environments: { dev: {} } });
    const env = await project.raw(['status', '--env', 'prod']);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('godwit: error: godwit.config.json: no environment "prod"');
    expect(env.stderr).toContain('godwit: hint: known environments: dev');

    const missing = await project.raw(['status', '--config', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('godwit: error: nope.json: cannot read the config file: ENOENT');
  });

  it('--env without any config file is bad usage', async () => {
    const r = await project.raw(['status', '--env', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--env prod needs a config file');
  });
});

describe('plugins in the config file', () => {
  it('loads each plugin module, calls its factory with its options and runs its hooks', async () => {
    await project.write(
      'plugins/record.mjs',
      [
        "import { appendFileSync } from 'node:fs';",
        'export default (options) => ({',
        "  name: 'record',",
        '  afterMigration: (step) => appendFileSync(options.file, `${step.migration.version}\\n`),',
        '  afterRun: (result) => appendFileSync(options.file, `done ${result.after}\\n`),',
        '});',
      ].join('\n'),
    );
    await writeConfig({
      database: 'sqlite:./app.db',
      plugins: [{ name: './plugins/record.mjs', options: { file: join(project.dir, 'record.log') } }],
    });
    const r = await project.raw(['up']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(project.dir, 'record.log'), 'utf8')).toBe('1\n2\n3\ndone 3\n');
  });

  it('a plugin that cannot be loaded, or is not a plugin, is a config error naming it', async () => {
    await writeConfig({ database: 'sqlite:./app.db', plugins: ['./plugins/missing.mjs'] });
    const missing = await project.raw(['up']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/godwit: error: godwit\.config\.json: plugins\.0: cannot load plugin "\.\/plugins\/missing\.mjs"/);
    // Refused before the database was even opened.
    expect(existsSync(join(project.dir, 'app.db'))).toBe(false);

    await project.write('plugins/not-one.mjs', 'export default 42;\n');
    await writeConfig({ database: 'sqlite:./app.db', plugins: ['./plugins/not-one.mjs'] });
    const wrong = await project.raw(['up']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('plugins.0: "./plugins/not-one.mjs" does not export a plugin');
    expect(existsSync(join(project.dir, 'app.db'))).toBe(false);
  });
});
