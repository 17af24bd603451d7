import { describe, expect, it } from 'vitest';
import { byteLines, createLineIndex, firstInvalidUtf8, splitLines, stripBom } from './text.js';

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

describe('byteLines', () => {
  it('splits bytes exactly where splitLines splits the text', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb\rc\nd', '\r\r\n\n', 'é\r日本\r\n😀', 'x\u2028y\u0085z']) {
      const bytes = Buffer.from(text, 'utf8');
      const decoded = byteLines(bytes).map((l) => bytes.subarray(l.start, l.end).toString('utf8'));
      expect(decoded).toEqual(splitLines(text));
    }
  });
});

describe('firstInvalidUtf8', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(new Uint8Array(bytes));

  it('finds the start of the first ill-formed sequence', () => {
    expect(at(0x61, 0x62)).toBe(-1);
    expect(at(0xc3, 0xa9)).toBe(-1); // é
    expect(at(0xf0, 0x9f, 0x98, 0x80)).toBe(-1); // 😀
    expect(at(0x61, 0xe9, 0x27)).toBe(1); // Latin-1 é before a quote
    expect(at(0x61, 0x80)).toBe(1); // a lone continuation byte
    expect(at(0xc0, 0x80)).toBe(0); // overlong NUL
    expect(at(0xe0, 0x80, 0x80)).toBe(0); // overlong
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // a surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
    expect(at(0xf5, 0x80, 0x80, 0x80)).toBe(0);
    expect(at(0x61, 0xe6, 0x97)).toBe(1); // truncated at the end
    expect(at(0xff)).toBe(0);
  });

  it('agrees with a fatal TextDecoder on random bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    // Bytes biased towards the interesting ranges so valid multi-byte sequences occur too.
    const pool = [0x41, 0x0a, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 5000; n++) {
      const bytes = new Uint8Array(1 + (next() % 8)).map(() => (next() % 3 === 0 ? next() % 256 : pool[next() % pool.length]!));
      const bad = firstInvalidUtf8(bytes);
      let valid = true;
      try {
        decoder.decode(bytes);
      } catch {
        valid = false;
      }
      expect(bad === -1, Buffer.from(bytes).toString('hex')).toBe(valid);
      if (bad > 0) expect(() => decoder.decode(bytes.subarray(0, bad))).not.toThrow();
    }
  });
});
