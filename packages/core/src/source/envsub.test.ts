import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { SqlPart } from '../migration.js';
import { applyEnvsub, asWritten, substituteEnv } from './envsub.js';
import { createFolderSource } from './folder-source.js';

const FILE = 'migrations/db/000003_roles.sql';

describe('substituteEnv', () => {
  const env = { ROLE: 'app', EMPTY: '', SCHEMA: 'public' };
  it.each([
    ['CREATE ROLE ${ROLE};', 'CREATE ROLE app;'],
    ['${SCHEMA}.${ROLE}', 'public.app'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${ROLE:-fallback}', 'app'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${MISSING:-}', ''],
    ['$ROLE $1 $$body$$', 'app $1 $$body$$'],
    ['no references', 'no references'],
  ])('%s -> %s', (input, output) => {
    expect(substituteEnv(input, env, FILE)).toBe(output);
  });

  it('an unset variable is an error at file:line:column naming it', () => {
    let error: unknown;
    try {
      substituteEnv('SELECT 1;\nGRANT x TO ${APP_ROLE};', {}, FILE, 7);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GodwitError);
    const e = error as GodwitError;
    expect(e.code).toBe('ENVSUB_UNSET');
    expect(e.message).toContain('APP_ROLE');
    expect(e.where).toBe(`${FILE}:8:12`);
    expect(e.hint).toMatch(/export APP_ROLE=.*\$\{APP_ROLE:-default\}/);
  });

  it('a set but empty variable without default is substituted as empty', () => {
    expect(substituteEnv('a$EMPTY.b', env, FILE)).toBe('a.b');
    expect(substituteEnv('a${EMPTY}b', env, FILE)).toBe('ab');
  });
});

describe('substituteEnv: the forms goose expands (mfridman/interpolate)', () => {
  const env = { ROLE: 'app', EMPTY: '', SCHEMA: 'public', PW: 'p$w' };
  it.each([
    // $VAR and ${VAR}
    ['GRANT x TO $ROLE;', 'GRANT x TO app;'],
    ['$SCHEMA.$ROLE, ${SCHEMA}_x, ${ROLE}9', 'public.app, public_x, app9'],
    // `-` keeps an empty value, `:-` replaces it; both use the default when unset
    ['${EMPTY-d}|${EMPTY:-d}|${MISSING-d}|${MISSING:-d}|${ROLE-d}', '|d|d|d|app'],
    ['${MISSING-}', ''],
    // a default may hold references, looked up only when used
    ['${MISSING:-${ROLE}_rw}', 'app_rw'],
    ['${ROLE:-${ALSO_MISSING}}', 'app'],
    ['${MISSING:-$SCHEMA}', 'public'],
    // escapes: \$VAR and \${VAR} are literal; \\ does not escape
    ['\\$ROLE and \\${ROLE}', '$ROLE and ${ROLE}'],
    ['\\\\$ROLE', '\\\\app'],
    // SQL left alone: positional parameters, $$ and $tag$ dollar quotes, a lone $
    ['PREPARE p AS SELECT $1, $2::int;', 'PREPARE p AS SELECT $1, $2::int;'],
    ['AS $$SELECT 1$$;', 'AS $$SELECT 1$$;'],
    ['AS $body$ BEGIN RETURN $ROLE; END $body$', 'AS $body$ BEGIN RETURN app; END $body$'],
    ['$fn$SELECT 1$fn$', '$fn$SELECT 1$fn$'],
    ["SELECT '$', '$ ', '$.a', '${1}', $(x)", "SELECT '$', '$ ', '$.a', '${1}', $(x)"],
    // a value is inserted as it is, never expanded again
    ["'${PW}'", "'p$w'"],
  ])('%s -> %s', (input, output) => {
    expect(substituteEnv(input, env, FILE)).toBe(output);
  });

  it('an unset $VAR without a default is an error at its column (the name takes every name character)', () => {
    expect(() => substituteEnv('GRANT x TO $APP_ROLE;', {}, FILE, 4)).toThrow(
      expect.objectContaining({ code: 'ENVSUB_UNSET', line: 4, column: 12, message: expect.stringContaining('APP_ROLE') }),
    );
    expect(() => substituteEnv('$ROLE_x', { ROLE: 'app' }, FILE)).toThrow(expect.objectContaining({ message: expect.stringContaining('ROLE_x') }));
  });

  it('an unset variable inside a used default is an error', () => {
    expect(() => substituteEnv('${A:-${B}}', {}, FILE)).toThrow(expect.objectContaining({ code: 'ENVSUB_UNSET', column: 6 }));
  });

  it.each([
    ['${ROLE:?required}', /`\$\{ROLE:\?required\}`: ENVSUB supports \$\{ROLE\}, \$\{ROLE-default\} and \$\{ROLE:-default\} only/],
    ['${ROLE:2}', /ENVSUB supports/],
    ['x ${ROLE:-abc', /has no closing `\}`/],
  ])('%s is refused with the supported forms', (input, message) => {
    expect(() => substituteEnv(input, env, FILE, 3)).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', line: 3, message: expect.stringMatching(message) }));
  });
});

describe('applyEnvsub', () => {
  const part: SqlPart = {
    kind: 'sql',
    file: FILE,
    noTransaction: false,
    empty: false,
    chunks: [
      { text: 'SELECT ${A};\nSELECT ${B};', line: 2, atomic: false },
      { text: 'SELECT ${C};', line: 5, atomic: true },
    ],
  };

  it('substitutes only the lines inside the regions', () => {
    const out = applyEnvsub(part, [{ from: 3, to: 5 }], { A: 'a', B: 'b', C: 'c' });
    expect(out.chunks).toEqual([
      { text: 'SELECT ${A};\nSELECT b;', line: 2, atomic: false },
      { text: 'SELECT c;', line: 5, atomic: true },
    ]);
    expect(part.chunks[0]!.text).toBe('SELECT ${A};\nSELECT ${B};'); // the parsed part is not mutated
  });

  it('no regions: the same part, no lookups', () => {
    expect(applyEnvsub(part, [], {})).toBe(part);
  });

  it('reports an unset variable at its line in the file', () => {
    expect(() => applyEnvsub(part, [{ from: 1, to: 10 }], { A: 'a', C: 'c' })).toThrow(
      expect.objectContaining({ code: 'ENVSUB_UNSET', file: FILE, line: 3, column: 8 }),
    );
  });
});

describe('applyEnvsub: substitutions', () => {
  const part = (...texts: string[]): SqlPart => ({
    kind: 'sql',
    file: FILE,
    noTransaction: false,
    empty: false,
    chunks: texts.map((text, i) => ({ text, line: 1 + i * 10, atomic: false })),
  });
  const all = [{ from: 1, to: 100 }];

  it('records each value taken from the environment, once', () => {
    const out = applyEnvsub(
      part("CREATE ROLE ${ROLE} PASSWORD '${PW}';", 'GRANT x TO ${ROLE};\nALTER ROLE ${ROLE} SET search_path = ${SCHEMA:-public};'),
      all,
      { ROLE: 'app', PW: 's3cr3t', SCHEMA: 'tenant_1' },
    );
    expect(out.substitutions).toEqual([
      { name: 'ROLE', value: 'app' },
      { name: 'PW', value: 's3cr3t' },
      { name: 'SCHEMA', value: 'tenant_1' },
    ]);
  });

  it('does not record defaults, empty values, or lines outside the regions', () => {
    const out = applyEnvsub(part('SELECT ${A:-x}, ${B:-y}, ${EMPTY}, ${C};', 'SELECT ${OUTSIDE};'), [{ from: 1, to: 5 }], {
      B: '',
      EMPTY: '',
      C: 'c',
      OUTSIDE: 'o',
    });
    expect(out.chunks[0]!.text).toBe('SELECT x, y, , c;');
    expect(out.chunks[1]!.text).toBe('SELECT ${OUTSIDE};');
    expect(out.substitutions).toEqual([{ name: 'C', value: 'c' }]);
  });

  it('records values of every form, and none from `-` defaults', () => {
    const out = applyEnvsub(part('SELECT $A, ${B-x}, ${C:-y}, ${D-z}, \\$E;'), all, { A: 'a', B: 'b', C: 'c', E: 'e' });
    expect(out.chunks[0]!.text).toBe('SELECT a, b, c, z, $E;');
    expect(out.substitutions).toEqual([
      { name: 'A', value: 'a' },
      { name: 'B', value: 'b' },
      { name: 'C', value: 'c' },
    ]);
    expect(asWritten(out.chunks[0]!.text, out.substitutions)).toBe('SELECT ${A}, ${B}, ${C}, z, $E;');
  });

  it('leaves substitutions out when nothing came from the environment', () => {
    expect(applyEnvsub(part('SELECT ${A:-1};'), all, {})).not.toHaveProperty('substitutions');
    expect(applyEnvsub(part('SELECT 1;'), all, { A: 'a' })).not.toHaveProperty('substitutions');
  });

  it('with asWritten, gives back the statements as written', () => {
    const written = "CREATE ROLE ${ROLE} PASSWORD '${PW}';";
    const out = applyEnvsub(part(written), all, { ROLE: 'app', PW: 'app-s3cr3t' });
    expect(out.chunks[0]!.text).toBe("CREATE ROLE app PASSWORD 'app-s3cr3t';");
    expect(asWritten(out.chunks[0]!.text, out.substitutions)).toBe(written);
  });
});

describe('asWritten', () => {
  it('puts ${NAME} back for every occurrence of each value', () => {
    const subs = [{ name: 'PW', value: 'hunter2' }];
    expect(asWritten("ALTER ROLE a PASSWORD 'hunter2'; -- hunter2", subs)).toBe("ALTER ROLE a PASSWORD '${PW}'; -- ${PW}");
  });

  it('replaces the longest value first, so one that contains another goes whole', () => {
    const subs = [
      { name: 'SHORT', value: 'abc' },
      { name: 'LONG', value: 'abcdef' },
    ];
    expect(asWritten('abcdef abc abcd', subs)).toBe('${LONG} ${SHORT} ${SHORT}d');
  });

  it('never rewrites a ${NAME} it has put back, and treats values literally', () => {
    const subs = [
      { name: 'USER', value: 'admin' },
      { name: 'P', value: 'US' },
      { name: 'DOLLAR', value: '$&.*' },
    ];
    expect(asWritten('admin US $&.* a.b', subs)).toBe('${USER} ${P} ${DOLLAR} a.b');
  });

  it('is the identity without substitutions, and ignores empty values', () => {
    expect(asWritten('SELECT 1', undefined)).toBe('SELECT 1');
    expect(asWritten('SELECT 1', [])).toBe('SELECT 1');
    expect(asWritten('SELECT 1', [{ name: 'E', value: '' }])).toBe('SELECT 1');
  });

  it('for one value under two names, uses the first', () => {
    expect(
      asWritten('x', [
        { name: 'A', value: 'x' },
        { name: 'B', value: 'x' },
      ]),
    ).toBe('${A}');
  });
});

describe('a loaded migration records its substitutions', () => {
  it('on the up and down parts of a goose file', async () => {
    const fs = {
      readdir: async () => ['000001_role.sql'],
      readFile: async () =>
        "-- +goose Up\n-- +goose ENVSUB ON\nCREATE ROLE app PASSWORD '${APP_PASSWORD}';\n-- +goose Down\nDROP ROLE ${ROLE:-app};\n",
      stat: async (p: string) => ({ isDirectory: () => p === 'm' }),
    };
    const [m] = await createFolderSource({ dir: 'm', fs, env: { APP_PASSWORD: 'pw-1' } }).list();
    const { up, down } = await m!.load();
    const sqlUp = up as SqlPart;
    expect(sqlUp.chunks[0]!.text).toContain("CREATE ROLE app PASSWORD 'pw-1';");
    expect(sqlUp.substitutions).toEqual([{ name: 'APP_PASSWORD', value: 'pw-1' }]);
    expect(asWritten(sqlUp.chunks[0]!.text, sqlUp.substitutions)).toContain("CREATE ROLE app PASSWORD '${APP_PASSWORD}';");
    expect(asWritten(sqlUp.chunks[0]!.text, sqlUp.substitutions)).not.toContain('pw-1');
    expect(down).not.toHaveProperty('substitutions'); // the default was used
  });
});
