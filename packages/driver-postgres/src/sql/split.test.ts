import { describe, expect, it } from 'vitest';
import { endsOnSeparator, lexicalCuts } from './boundaries.js';
import { affectsTransaction, outsideTransactionOnly, transactionControl } from './classify.js';
import { atomicStatement, atomicWith, kindOf, loadParser, PIECE_CHARS, type Parse, splitPostgres, splitWith } from './split.js';
import { PositionTracker, positionAt } from './text-position.js';

async function split(text: string, line = 1) {
  return (await splitPostgres(text, { file: 'f.sql', line })).map((s) => [s.sql, s.line, s.column]);
}

describe('splitPostgres', () => {
  it('splits plain statements and reports where each starts', async () => {
    expect(await split('CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);  SELECT 1;\n')).toEqual([
      ['CREATE TABLE a (id int)', 1, 1],
      ['INSERT INTO a VALUES (1)', 2, 1],
      ['SELECT 1', 2, 28],
    ]);
  });

  it('offsets positions by the line the chunk starts on', async () => {
    expect(await split('\n\n  SELECT 1;', 10)).toEqual([['SELECT 1', 12, 3]]);
  });

  it('keeps dollar-quoted bodies, DO blocks and tagged quotes whole', async () => {
    const sql = [
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
      "DO $body$ BEGIN RAISE NOTICE 'a;b'; PERFORM 1; END $body$;",
      "DO $$ BEGIN EXECUTE $q$ SELECT ';' $q$; END $$;",
    ].join('\n');
    const out = await split(sql);
    expect(out.map((s) => s[1])).toEqual([1, 2, 3]);
    expect(out[0]?.[0]).toBe('CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql');
    expect(out[1]?.[0]).toContain("RAISE NOTICE 'a;b'; PERFORM 1; END $body$");
    expect(out[2]?.[0]).toContain("$q$ SELECT ';' $q$");
  });

  it("handles E'' strings with escaped quotes and semicolons", async () => {
    expect(await split("SELECT E'it\\'s; fine';\nSELECT 'x'';y';")).toEqual([
      ["SELECT E'it\\'s; fine'", 1, 1],
      ["SELECT 'x'';y'", 2, 1],
    ]);
  });

  it('skips nested block comments and line comments, including ones holding semicolons', async () => {
    const sql = '/* outer /* inner; */ still; comment */ SELECT 1; -- trailing; comment\n-- only a comment;\nSELECT 2;';
    expect(await split(sql)).toEqual([
      ['SELECT 1', 1, 41],
      ['SELECT 2', 3, 1],
    ]);
  });

  it('keeps quoted identifiers that contain semicolons', async () => {
    expect(await split('CREATE TABLE "a;b" ("c;d" int);\nDROP TABLE "a;b";')).toEqual([
      ['CREATE TABLE "a;b" ("c;d" int)', 1, 1],
      ['DROP TABLE "a;b"', 2, 1],
    ]);
  });

  it('maps byte offsets of non-ASCII text to character columns', async () => {
    // "é" and "日本" are 2 and 3 bytes each in UTF-8; the emoji is 4 bytes and 2 UTF-16 units.
    const sql = "SELECT 'é';  SELECT '日本'; SELECT '😀';\nSELECT 3;";
    expect(await split(sql)).toEqual([
      ["SELECT 'é'", 1, 1],
      ["SELECT '日本'", 1, 14],
      ["SELECT '😀'", 1, 27],
      ['SELECT 3', 2, 1],
    ]);
  });

  it('counts CRLF and lone CR line endings as one line each', async () => {
    expect(await split('SELECT 1;\r\n\r\n  SELECT 2;\rSELECT 3;')).toEqual([
      ['SELECT 1', 1, 1],
      ['SELECT 2', 3, 3],
      ['SELECT 3', 4, 1],
    ]);
  });

  it('returns nothing for empty, comment-only or semicolon-only text', async () => {
    expect(await split('')).toEqual([]);
    expect(await split('  -- nothing here\n/* nor here */\n')).toEqual([]);
    expect(await split(';;\n;')).toEqual([]);
  });

  it('keeps a last statement without a semicolon', async () => {
    expect(await split('SELECT 1;\nSELECT 2\n')).toEqual([
      ['SELECT 1', 1, 1],
      ['SELECT 2', 2, 1],
    ]);
  });

  it('reports a syntax error at its file line and column, counted in characters', async () => {
    const err = await splitPostgres("SELECT 'ü';\r\nSELECT ü FROM;", { file: 'm.sql', line: 5 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'PARSE_ERROR', file: 'm.sql', line: 6, column: 14 });
    expect(err.message).toMatch(/syntax error/);
    expect(err.hint).toMatch(/StatementBegin/);
  });
});

describe('atomicStatement', () => {
  it('sends a StatementBegin/End block as written, with its parse trees', async () => {
    const s = await atomicStatement('\n-- note\nCREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nSELECT 1;\n', { line: 4 });
    expect(s).toMatchObject({ line: 6, column: 1 });
    expect(s?.sql).toBe('CREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nSELECT 1;');
    expect(s?.nodes?.map(kindOf)).toEqual(['CreateFunctionStmt', 'SelectStmt']);
  });

  it('sends a block the bundled parser cannot read without parse trees', async () => {
    const s = await atomicStatement('SELEC nonsense here', { line: 1 });
    expect(s?.sql).toBe('SELEC nonsense here');
    expect(s?.nodes).toBeUndefined();
  });
});

describe('statements that cannot run in a transaction', () => {
  async function what(sql: string, serverVersion?: number) {
    const [s] = await splitPostgres(sql);
    return outsideTransactionOnly(s!.nodes![0]!, serverVersion);
  }

  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (x)', 'CREATE INDEX CONCURRENTLY'],
    ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (x)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) TABLE t', 'REINDEX CONCURRENTLY'],
    ['REINDEX DATABASE d', 'REINDEX DATABASE'],
    ['VACUUM t', 'VACUUM'],
    ['VACUUM (ANALYZE) t', 'VACUUM'],
    ['CREATE DATABASE d', 'CREATE DATABASE'],
    ['DROP DATABASE d', 'DROP DATABASE'],
    ["ALTER SYSTEM SET work_mem = '8MB'", 'ALTER SYSTEM'],
    ["CREATE TABLESPACE s LOCATION '/x'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE s', 'DROP TABLESPACE'],
    ['ALTER TABLE p DETACH PARTITION c CONCURRENTLY', 'ALTER TABLE ... DETACH PARTITION CONCURRENTLY'],
    ["CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", 'CREATE SUBSCRIPTION'],
  ])('%s', async (sql, expected) => {
    expect(await what(sql)).toBe(expected);
  });

  it.each([
    'CREATE INDEX i ON t (x)',
    'DROP INDEX i',
    'REINDEX TABLE t',
    'ANALYZE t',
    'REFRESH MATERIALIZED VIEW CONCURRENTLY v',
    "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (create_slot = false, connect = false)",
    'CLUSTER t USING i',
    'ALTER TABLE p DETACH PARTITION c',
  ])('%s runs in a transaction', async (sql) => {
    expect(await what(sql)).toBeUndefined();
  });

  it('ALTER TYPE ... ADD VALUE only on servers before 12', async () => {
    expect(await what("ALTER TYPE mood ADD VALUE 'meh'", 110000)).toMatch(/ADD VALUE/);
    expect(await what("ALTER TYPE mood ADD VALUE 'meh'", 150000)).toBeUndefined();
  });

  it('tells transaction control apart from savepoints', async () => {
    const sql =
      'BEGIN; START TRANSACTION; COMMIT; END; ROLLBACK; ABORT; SAVEPOINT a; ROLLBACK TO a; RELEASE a; ' +
      "BEGIN ISOLATION LEVEL SERIALIZABLE; START TRANSACTION READ ONLY; COMMIT AND CHAIN; PREPARE TRANSACTION 'x';";
    const nodes = (await splitPostgres(sql)).map((s) => s.nodes![0]!);
    expect(nodes.map(transactionControl)).toEqual([
      ...['begin', 'begin', 'commit', 'commit', 'rollback', 'rollback', undefined, undefined, undefined],
      ...['begin-as-written', 'begin-as-written', 'other', 'other'],
    ]);
  });
});

/** A parser that records what it is handed. */
async function countingParser() {
  const parse = await loadParser();
  const seen = { calls: 0, chars: 0, largest: 0 };
  const counted: Parse = (sql) => {
    seen.calls++;
    seen.chars += sql.length;
    seen.largest = Math.max(seen.largest, sql.length);
    return parse(sql);
  };
  return { parse: counted, seen };
}

/** `count` INSERTs, one a line, about 100 characters each. */
function inserts(count: number): string {
  const lines: string[] = [];
  for (let n = 1; n <= count; n++) lines.push(`INSERT INTO seed (id, label, note) VALUES (${n}, 'label ${n}', 'some padding; text -- here');`);
  return `${lines.join('\n')}\n`;
}

/** Statements with their parse trees, less the trees' `location` fields (offsets into the piece parsed). */
function withoutLocations(statements: unknown): unknown {
  return JSON.parse(JSON.stringify(statements, (key, value) => (key === 'location' ? undefined : value)));
}

/** Proposes a cut after every `;` character, strings and comments included: always wrong somewhere. */
function naiveCuts(text: string) {
  return {
    next(min: number) {
      const at = text.indexOf(';', min - 1);
      return at < 0 ? text.length : at + 1;
    },
  };
}

const TRICKY = [
  '/* outer /* inner; */ still; comment */ SELECT 1; -- trailing; comment',
  '-- only a comment;',
  'CREATE TABLE "a;b" ("c;d" int);;',
  "SELECT E'it\\'s; fine', 'x'';y', U&'d\\0061t;a', $$ a;b $$, $q$ ; $q$;",
  "SELECT E'first;'\n  'second\\'; part';",
  'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;',
  "DO $$ BEGIN EXECUTE $q$ SELECT ';' $q$; RAISE NOTICE 'a;b'; END $$;",
  'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;',
  'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); DELETE FROM u);',
  "SELECT 'é;日本;😀' AS \"ü;\";\r\n\r\n  SELECT a$b$c FROM x$$;",
  'SELECT 1 /* c ; */ ; ; -- x;',
  "SELECT 2 -- end; 'with a quote\n;",
].join('\n');

describe('splitting in pieces', () => {
  it('hands the parser bounded pieces that add up to the text once: linear in the number of statements', async () => {
    for (const count of [2_000, 8_000]) {
      const { parse, seen } = await countingParser();
      const text = inserts(count);
      expect(splitWith(parse, text)).toHaveLength(count);
      // Every character is parsed once, in pieces of at most PIECE_CHARS plus one statement.
      expect(seen.chars).toBe(text.length);
      expect(seen.largest).toBeLessThanOrEqual(PIECE_CHARS + 100);
      expect(seen.calls).toBeGreaterThanOrEqual(Math.floor(text.length / (PIECE_CHARS + 100)));
      expect(seen.calls).toBeLessThanOrEqual(Math.ceil(text.length / PIECE_CHARS));
    }
  });

  it('does a constant amount of position work per statement (no counting from the start of the text)', async () => {
    const parse = await loadParser();
    const work = (count: number) => {
      const text = inserts(count);
      const original = String.prototype.charCodeAt;
      let calls = 0;
      String.prototype.charCodeAt = function (this: string, i: number) {
        calls++;
        return original.call(this, i);
      };
      try {
        splitWith(parse, text, { pieceChars: 10_000 });
      } finally {
        String.prototype.charCodeAt = original;
      }
      return calls / text.length;
    };
    // Per character of text, the work stays the same when the text grows 4x (quadratic: 4x more).
    const small = work(500);
    const large = work(2_000);
    expect(large).toBeLessThan(small * 1.25);
  });

  it('splits 50,000 statements with their lines', async () => {
    const lines: string[] = ['-- seed data'];
    for (let n = 1; n <= 50_000; n++) {
      if (n % 5_000 === 0) lines.push(`DO $$ BEGIN PERFORM ${n}; END $$; /* ${n}; */ SELECT E'\\'';`);
      else lines.push(`INSERT INTO seed VALUES (${n}, 'ü;${n}');`);
    }
    const statements = await splitPostgres(lines.join('\r\n'), { file: 'seed.sql', line: 3 });
    expect(statements).toHaveLength(50_010);
    expect(statements[0]).toMatchObject({ sql: "INSERT INTO seed VALUES (1, 'ü;1')", line: 4, column: 1 });
    expect(statements[4_999]).toMatchObject({ sql: 'DO $$ BEGIN PERFORM 5000; END $$', line: 5_003, column: 1 });
    expect(statements[5_000]).toMatchObject({ sql: "SELECT E'\\''", line: 5_003, column: 47 });
    expect(statements.at(-2)).toMatchObject({ sql: 'DO $$ BEGIN PERFORM 50000; END $$', line: 50_003, column: 1 });
    expect(statements.at(-1)).toMatchObject({ sql: "SELECT E'\\''", line: 50_003, column: 49 });
  });

  it('gives the same statements whatever the piece size, even when cuts are proposed in the wrong places', async () => {
    const parse = await loadParser();
    const whole = splitWith(parse, TRICKY, { pieceChars: TRICKY.length + 1 });
    expect(whole.map((s) => s.sql)).toEqual([
      'SELECT 1',
      'CREATE TABLE "a;b" ("c;d" int)',
      "SELECT E'it\\'s; fine', 'x'';y', U&'d\\0061t;a', $$ a;b $$, $q$ ; $q$",
      "SELECT E'first;'\n  'second\\'; part'",
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql',
      "DO $$ BEGIN EXECUTE $q$ SELECT ';' $q$; RAISE NOTICE 'a;b'; END $$",
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); DELETE FROM u)',
      "SELECT 'é;日本;😀' AS \"ü;\"",
      'SELECT a$b$c FROM x$$',
      'SELECT 1 /* c ; */',
      "SELECT 2 -- end; 'with a quote",
    ]);
    for (const tuning of [{ pieceChars: 1 }, { pieceChars: 1, cuts: naiveCuts }, { pieceChars: 40, cuts: naiveCuts }]) {
      const { parse: counted, seen } = await countingParser();
      expect(withoutLocations(splitWith(counted, TRICKY, tuning))).toEqual(withoutLocations(whole));
      expect(seen.calls).toBeGreaterThan(5);
    }
  });

  it('agrees with parsing the whole text on generated texts, valid or not, however they are cut', async () => {
    const parse = await loadParser();
    let seed = 20_260_101;
    const pick = <T>(list: T[]): T => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return list[seed % list.length]!;
    };
    const statements = [
      'SELECT 1',
      "SELECT 'a;b', E'x\\';y', 'it''s;'",
      "SELECT E'p;'\n'q\\';'",
      'SELECT "id;" FROM "t;"',
      'SELECT $$ a; b $$, $t$ ; $$ ; $t$',
      'SELECT 1 /* c; /* n; */ ; */ + 2',
      "SELECT 1 -- l; '\n + 1",
      "INSERT INTO t VALUES (1, 'é;日本😀')",
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); DELETE FROM u)',
      'SELECT a$b$ FROM x$$',
      "DO $f$ BEGIN RAISE NOTICE ';'; END $f$",
      'BEGIN',
      'CREATE INDEX CONCURRENTLY i ON t (x)',
    ];
    const invalid = ['SELECT ü FROM', "SELECT 'unterminated", 'SELECT (1', 'DO $$ BEGIN END'];
    const trivia = ['', ' ', '\n', '\r\n', '\r', "-- c; 'x\n", '/* a; /* b */ ; */', ';', '--end'];
    const outcome = (run: () => unknown) => {
      try {
        return withoutLocations(run());
      } catch (e) {
        const { code, line, column, message } = e as { code: string; line: number; column: number; message: string };
        return { code, line, column, message };
      }
    };
    let failures = 0;
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let i = 0; i < 6; i++) {
        const statement = n % 3 === 0 && i === 3 ? pick(invalid) : pick(statements);
        text += `${pick(trivia)}${statement}${i < 5 ? ';' : pick([';', ''])}${pick(trivia)}`;
      }
      const whole = outcome(() => splitWith(parse, text, { pieceChars: Number.MAX_SAFE_INTEGER, line: 2 }));
      if ('code' in (whole as object)) failures++;
      const atomic = outcome(() => atomicWith(parse, text, { pieceChars: Number.MAX_SAFE_INTEGER }));
      for (const tuning of [{}, { pieceChars: 1 }, { pieceChars: 1, cuts: naiveCuts }, { pieceChars: 9, cuts: naiveCuts }]) {
        expect(outcome(() => splitWith(parse, text, { ...tuning, line: 2 }))).toEqual(whole);
        expect(outcome(() => atomicWith(parse, text, tuning))).toEqual(atomic);
      }
    }
    expect(failures).toBeGreaterThanOrEqual(100);
    expect(failures).toBeLessThanOrEqual(150);
  });

  it('reports a syntax error at the same place whatever the pieces', async () => {
    const parse = await loadParser();
    const text = `${TRICKY}\nSELECT 'ok;';\r\nSELECT ü FROM;\nSELECT 3;`;
    for (const tuning of [{}, { pieceChars: 1 }, { pieceChars: 1, cuts: naiveCuts }]) {
      expect(() => splitWith(parse, text, { ...tuning, file: 'm.sql', line: 2 })).toThrow(
        expect.objectContaining({ code: 'PARSE_ERROR', file: 'm.sql', line: 19, column: 14, message: 'syntax error at or near ";"' }),
      );
    }
  });

  it('keeps only the parse trees asked for', async () => {
    const parse = await loadParser();
    const out = splitWith(parse, 'INSERT INTO t VALUES (1); CREATE INDEX CONCURRENTLY i ON t (x); BEGIN; COMMIT;', {
      keepNode: affectsTransaction,
    });
    expect(out.map((s) => s.nodes?.map(kindOf))).toEqual([[], ['IndexStmt'], ['TransactionStmt'], ['TransactionStmt']]);
  });

  it('parses a StatementBegin/End block in pieces too', async () => {
    const parse = await loadParser();
    const block = `-- block\n${inserts(3_000)}CREATE INDEX CONCURRENTLY i ON seed (id);\n`;
    const { parse: counted, seen } = await countingParser();
    const s = atomicWith(counted, block, { line: 7, keepNode: affectsTransaction });
    expect(s).toMatchObject({ line: 8, column: 1, sql: block.slice('-- block\n'.length).trimEnd() });
    expect(s?.nodes?.map(kindOf)).toEqual(['IndexStmt']);
    expect(seen.largest).toBeLessThanOrEqual(PIECE_CHARS + 100);
    expect(atomicWith(parse, `${inserts(3)} SELEC nonsense;`, { pieceChars: 1 })?.nodes).toBeUndefined();
  });
});

describe('lexicalCuts', () => {
  function allCuts(text: string): number[] {
    const finder = lexicalCuts(text);
    const out: number[] = [];
    for (let at = finder.next(1); at < text.length || text.endsWith(';'); at = finder.next(at + 1)) {
      out.push(at);
      if (at >= text.length) break;
    }
    return out;
  }

  it('proposes exactly the statement ends of tricky text', async () => {
    // The cut after the text's last `;` is its end, not listed. Cuts inside BEGIN ATOMIC bodies and
    // rule actions are proposed (only the grammar knows them): the parser refuses those.
    expect(allCuts(TRICKY).map((i) => TRICKY.slice(i - 12, i))).toEqual([
      '*/ SELECT 1;',
      '("c;d" int);',
      '"c;d" int);;',
      ', $q$ ; $q$;',
      "nd\\'; part';",
      'ANGUAGE sql;',
      ";b'; END $$;",
      'IC SELECT 1;',
      '1; SELECT 2;',
      'LECT 2; END;',
      ' VALUES (1);',
      'ETE FROM u);',
      `😀' AS "ü;";`,
      '$c FROM x$$;',
      ' /* c ; */ ;',
      '* c ; */ ; ;',
      'th a quote\n;',
    ]);
  });

  it('never proposes a cut inside a string, identifier, dollar quote or comment', () => {
    const quoted = "SELECT ';', \";\", $$;$$, $a$ $b$; $a$, /* /* ; */ ; */ 1 -- ;\r;";
    expect(allCuts(quoted)).toEqual([quoted.length]);
    expect(allCuts("SELECT E'\\';' ;")).toEqual([15]);
    expect(allCuts("SELECT e'a'\n'\\';';")).toEqual([18]);
    expect(allCuts("SELECT 'a'\n'\\'; SELECT ';';")).toEqual([15, 27]);
    expect(allCuts('SELECT $1; SELECT 1$$;$$;')).toEqual([10, 25]);
  });

  it('recognises what may follow the last statement of a piece', () => {
    const ok = '; ;\n-- c\n/* a /* b */ */;';
    expect(endsOnSeparator(ok, 0, ok.length)).toBe(true);
    expect(endsOnSeparator('; -- c;', 0, 7)).toBe(false);
    expect(endsOnSeparator('; /* c;', 0, 7)).toBe(false);
    expect(endsOnSeparator('; x;', 0, 4)).toBe(false);
    expect(endsOnSeparator(';  ', 0, 3)).toBe(false);
  });
});

describe('PositionTracker', () => {
  it('finds the same positions as counting from the start, for ascending and repeated indices', () => {
    const text = "a\r\nb\rc\n😀é\r\n\r\nxyz";
    const tracker = new PositionTracker(text, { line: 3, column: 2 });
    for (const i of [0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 99, 2, 14]) {
      expect(tracker.at(i)).toEqual(positionAt(text, i, { line: 3, column: 2 }));
    }
  });
});
