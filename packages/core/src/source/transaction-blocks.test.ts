import { describe, expect, it } from 'vitest';
import type { PreparedStatement } from '../driver/contract.js';
import { fileTransactions, joinStatements, type TransactionControlKind } from './transaction-blocks.js';

/** `B` begin, `b` begin with options, `C` commit, `R` rollback, `O` other control, `x` a statement. */
const KINDS: Record<string, TransactionControlKind | undefined> = { B: 'begin', b: 'begin-as-written', C: 'commit', R: 'rollback', O: 'other', x: undefined };

function shapeOf(spec: string, whole = true) {
  const statements = spec.split(' ').map((k, i) => `${k}${i}`);
  const result = fileTransactions(statements, (s) => KINDS[s[0]!], { whole });
  switch (result.shape) {
    case 'whole':
      return `whole [${result.body.join(' ')}]`;
    case 'blocks':
      return `blocks=${result.blocks} ${result.units.map((u) => `(${u.join(' ')})`).join(' ')}`;
    case 'as-written':
      return `as-written at ${result.first}`;
    case 'unclosed':
      return `unclosed at ${result.begin}`;
    default:
      return result.shape;
  }
}

describe('fileTransactions', () => {
  it.each([
    ['x x', true, 'none'],
    ['B x x C', true, 'whole [x1 x2]'],
    ['B C', true, 'whole []'],
    ['B x C', false, 'blocks=1 (B0 x1 C2)'],
    ['b x C', true, 'blocks=1 (b0 x1 C2)'],
    ['B x C B x x C', true, 'blocks=2 (B0 x1 C2) (B3 x4 x5 C6)'],
    ['x B x C x', true, 'blocks=1 (x0) (B1 x2 C3) (x4)'],
    ['B x R', true, 'as-written at B0'],
    ['B x C B x R', true, 'as-written at B0'],
    ['B B x C C', true, 'as-written at B0'],
    ['x C', true, 'as-written at C1'],
    ['B x O C', true, 'as-written at B0'],
    ['x B x C B x', true, 'unclosed at B4'],
  ])('%s (whole allowed: %s) -> %s', (spec, whole, expected) => {
    expect(shapeOf(spec, whole)).toBe(expected);
  });
});

describe('joinStatements', () => {
  const at = (text: string, line: number, column: number): PreparedStatement => ({ text, file: 'f.sql', line, column });

  it('keeps each statement at its line and column', () => {
    const joined = joinStatements([at('BEGIN', 2, 1), at('INSERT INTO t\nVALUES (1)', 4, 3), at('COMMIT', 5, 13)]);
    expect(joined).toEqual({ text: 'BEGIN;\n\n  INSERT INTO t\nVALUES (1); COMMIT', file: 'f.sql', line: 2, column: 1 });
  });

  it('pads statements on one line, counting characters, not UTF-16 units', () => {
    // `SELECT '😀'` is 10 characters (11 UTF-16 units): its `;` is at column 11, the next starts at 13.
    expect(joinStatements([at("SELECT '😀'", 1, 1), at('SELECT 2', 1, 13)]).text).toBe("SELECT '😀'; SELECT 2");
  });

  it('counts CRLF line ends as one', () => {
    expect(joinStatements([at('SELECT\r\n1', 1, 1), at('SELECT 2', 3, 1)]).text).toBe('SELECT\r\n1;\nSELECT 2');
  });
});
