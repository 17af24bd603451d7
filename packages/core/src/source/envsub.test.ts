import { describe, expect, it } from 'vitest';
import { GodwitError } from '../errors.js';
import type { SqlPart } from '../migration.js';
import { applyEnvsub, substituteEnv } from './envsub.js';

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
    ['$ROLE $1 $$body$$', '$ROLE $1 $$body$$'],
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
    expect(substituteEnv('a${EMPTY}b', env, FILE)).toBe('ab');
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
