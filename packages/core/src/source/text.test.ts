import { describe, expect, it } from 'vitest';
import { createLineIndex, splitLines, stripBom } from './text.js';

describe('text helpers', () => {
  it('strips a BOM only at the start', () => {
    expect(stripBom('\uFEFFa\uFEFF')).toBe('a\uFEFF');
    expect(stripBom('a')).toBe('a');
  });

  it('splits LF, CRLF and CR lines', () => {
    expect(splitLines('a\r\nb\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\n')).toEqual(['a', '']);
  });

  it('maps offsets to lines and columns for every line ending', () => {
    const text = 'ab\r\ncd\ne\rfg';
    const at = createLineIndex(text);
    expect(at(0)).toEqual({ line: 1, column: 1 });
    expect(at(text.indexOf('c'))).toEqual({ line: 2, column: 1 });
    expect(at(text.indexOf('d'))).toEqual({ line: 2, column: 2 });
    expect(at(text.indexOf('e'))).toEqual({ line: 3, column: 1 });
    expect(at(text.indexOf('g'))).toEqual({ line: 4, column: 2 });
    expect(createLineIndex('x\ny', 10)(2)).toEqual({ line: 11, column: 1 });
  });
});
