import { describe, expect, it } from 'vitest';
import { secretsOf } from './secrets.js';

describe('secretsOf', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', ['s3cret']],
    ['postgres://app:p@ss:w/rd@db/app', ['p@ss:w/rd']],
    ['postgres://app:pw%21@db/app?sslmode=require&password=other', ['pw%21', 'other']],
    ['postgres://app@db/app', []],
    ['sqlite:./dev.db', []],
    ['mongodb+srv://u:mongo-pw@cluster0.example.net/events', ['mongo-pw']],
  ])('%s -> %j', (url, secrets) => {
    expect(secretsOf(url)).toEqual(secrets);
  });
});
