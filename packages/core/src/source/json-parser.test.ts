import { createRequire } from 'node:module';
import type * as Bson from 'bson';
import { describe, expect, it } from 'vitest';
import { parseJsonCommands, syntaxErrorOffset } from './json-parser.js';
import { godwitErrorFrom } from '../__fixtures__/godwit-error-from.js';

// Core loads bson's CommonJS build (ejson.ts), the copy the mongodb client uses: the types to expect.
const { Decimal128, Double, Int32, Long, ObjectId } = createRequire(import.meta.url)('bson') as typeof Bson;
type ObjectId = Bson.ObjectId;
type Long = Bson.Long;
type Decimal128 = Bson.Decimal128;

const FILE = 'migrations/mongo/000001_seed.up.json';

const parseError = (text: string, file = FILE) => godwitErrorFrom(() => parseJsonCommands(text, file));

describe('parseJsonCommands', () => {
  it('reads each command with its index and the place of its opening brace', () => {
    const text = ['[', '  {"create": "users"},', '  {', '    "createIndexes": "users",', '    "indexes": [{"key": {"email": 1}, "name": "email_1"}]', '  }, {"ping": 1}', ']'].join('\n');
    const part = parseJsonCommands(text, FILE);
    expect(part.kind).toBe('json');
    expect(part.file).toBe(FILE);
    expect(part.empty).toBe(false);
    expect(part.commands.map(({ index, line, column }) => ({ index, line, column }))).toEqual([
      { index: 0, line: 2, column: 3 },
      { index: 1, line: 3, column: 3 },
      { index: 2, line: 6, column: 6 },
    ]);
    expect(part.commands[0]!.command).toEqual({ create: 'users' });
  });

  it('keeps Extended JSON types exactly', () => {
    const text = JSON.stringify([
      {
        insert: 'events',
        documents: [
          {
            _id: { $oid: '65a1b2c3d4e5f60718293a4b' },
            at: { $date: '2024-01-02T03:04:05.678Z' },
            big: { $numberLong: '9223372036854775807' },
            price: { $numberDecimal: '19.99' },
            count: 3,
            ratio: 0.5,
          },
        ],
      },
    ]);
    const doc = (parseJsonCommands(text, FILE).commands[0]!.command.documents as Array<Record<string, unknown>>)[0]!;
    expect(doc._id).toBeInstanceOf(ObjectId);
    expect((doc._id as ObjectId).toHexString()).toBe('65a1b2c3d4e5f60718293a4b');
    expect(doc.at).toBeInstanceOf(Date);
    expect((doc.at as Date).toISOString()).toBe('2024-01-02T03:04:05.678Z');
    expect(doc.big).toBeInstanceOf(Long);
    expect((doc.big as Long).toString()).toBe('9223372036854775807');
    expect(doc.price).toBeInstanceOf(Decimal128);
    expect((doc.price as Decimal128).toString()).toBe('19.99');
    expect(doc.count).toBeInstanceOf(Int32);
    expect(doc.ratio).toBeInstanceOf(Double);
  });

  it.each(['[]', '  [ ]\n', '\uFEFF[]'])('an empty array %j is an empty part', (text) => {
    const part = parseJsonCommands(text, FILE);
    expect(part.empty).toBe(true);
    expect(part.commands).toEqual([]);
  });

  it('strings holding brackets, commas and quotes do not confuse element positions', () => {
    const text = '[{"a": "],[{\\"x"}, {"b": "\\\\"},\r\n {"c": "é"}]';
    expect(parseJsonCommands(text, FILE).commands.map((c) => [c.line, c.column])).toEqual([
      [1, 2],
      [1, 20],
      [2, 2],
    ]);
  });

  it('a .up.js file holding a JSON array is read the same way', () => {
    expect(parseJsonCommands('[{"ping": 1}]', 'x/1_a.up.js').commands).toHaveLength(1);
  });
});

describe('parseJsonCommands: bad input', () => {
  const cases: Array<[string, string, RegExp, number | undefined, number | undefined]> = [
    // V8 gives an offset for these...
    ['a missing comma', '[\n  {"a": 1}\n  {"b": 2}\n]', /invalid JSON: Expected ',' or ']' after array element/, 3, 3],
    ['an unquoted key', '[\n  {create: "x"}\n]', /invalid JSON: Expected property name/, 2, 4],
    ['an unterminated string', '[{"a": "b}]', /Unterminated string/, 1, 12],
    // ...and none for "Unexpected token": found by bisection.
    ['a trailing comma', '[\n  {"a": 1},\n]', /invalid JSON: Unexpected token '\]'$/, 3, 1],
    ['a bad value', '[\n  {"a": tru}\n]', /invalid JSON: Unexpected token '}'/, 2, 12],
    ['an empty file', '', /invalid JSON: Unexpected end of JSON input/, 1, 1],
    ['a truncated file', '[\n  {"a": 1}', /invalid JSON/, 2, 11],
    ['an object at the top level', '\n  {"create": "users"}', /must be a JSON array of command documents, found an object/, 2, 3],
    ['a string at the top level', '"x"', /found a string/, 1, 1],
    ['a number element', '[{"a": 1},\n  42]', /element 1 is a number, not a command document/, 2, 3],
    ['a null element', '[null]', /element 0 is null/, 1, 2],
    ['an array element', '[{"a": 1}, [{"b": 2}]]', /element 1 is an array/, 1, 12],
    ['an empty document', '[{}]', /element 0 is an empty document/, 1, 2],
    ['a bad $oid', '[{"a": 1},\n {"insert": "x", "documents": [{"_id": {"$oid": "nope"}}]}]', /invalid Extended JSON in element 1/, 2, 2],
  ];
  it.each(cases)('%s', (_name, text, message, line, column) => {
    const e = parseError(text);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.file).toBe(FILE);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('\n');
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.hint).toBeTruthy();
  });

  it('locates errors in CRLF files with non-ASCII text', () => {
    const e = parseError('[\r\n  {"name": "Zoë"},\r\n  {"name": "Zoë"} x\r\n]');
    expect(e.where).toBe(`${FILE}:3:19`);
  });

  it.each([
    ['a script', 'module.exports = { up() {} };', 1, 1],
    ['a mongo shell script', 'db.users.createIndex({ email: 1 });', 1, 1],
    ['an object', '{"create": "users"}', 1, 1],
  ])('a .up.js file holding %s says only JSON-array .js files are supported', (_name, text, line, column) => {
    const e = parseError(text, 'migrations/mongo/2_x.up.js');
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/only \.js files holding a JSON array of commands are supported/);
    expect(e.hint).toMatch(/rename it to \.up\.json/);
    expect([e.line, e.column]).toEqual([line, column]);
  });
});

describe('syntaxErrorOffset', () => {
  it('agrees with V8 where V8 gives an offset', () => {
    const text = '[{"a": 1} {"b": 2}]';
    let message = '';
    try {
      JSON.parse(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/at position 10/);
    // The bisection alone (a message without an offset) finds the same place.
    expect(syntaxErrorOffset(text, 'Unexpected token')).toBe(10);
  });
});
