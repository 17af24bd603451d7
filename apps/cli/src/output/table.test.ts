import { expect, it } from 'vitest';
import { renderTable } from './table.js';

it('pads columns to the widest cell and leaves no trailing spaces', () => {
  expect(renderTable(['A', 'LONG HEADER', 'Z'], [['1', 'x', ''], ['22', 'yy', 'last']])).toBe(
    'A   LONG HEADER  Z\n1   x\n22  yy           last\n',
  );
});
