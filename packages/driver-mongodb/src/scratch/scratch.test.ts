import { describe, expect, it } from 'vitest';
import { withDatabase } from './scratch.js';

describe('withDatabase', () => {
  it.each([
    ['mongodb://localhost:27017/app', 'mongodb://localhost:27017/t'],
    ['mongodb://u:p/w@h1:1,h2:2/app?replicaSet=rs', 'mongodb://u:p/w@h1:1,h2:2/t?replicaSet=rs'],
    ['mongodb+srv://u:p@cluster.example.net/app?retryWrites=true#x', 'mongodb+srv://u:p@cluster.example.net/t?retryWrites=true#x'],
    ['mongodb://localhost', 'mongodb://localhost/t'],
  ])('%s', (url, expected) => {
    expect(withDatabase(url, 't')).toBe(expected);
  });
});
