import { describe, expect, it } from 'vitest';
import type { Io } from '../output/io.js';
import { startFleetJson } from './fleet-json.js';
import type { TargetReport } from './target-report.js';

const capture = () => {
  let text = '';
  const out = (t: string) => {
    text += t;
  };
  return { io: { out, err: () => {} } as unknown as Io, text: () => text };
};
const report = (id: string): TargetReport => ({ entry: { id, url: `sqlite:${id}.db` }, target: `sqlite:${id}.db`, state: 'migrated', ok: true, json: { after: 2 } });

describe('the streamed fleet JSON document', () => {
  it('is one valid document: the head, the targets as written, the outcome', () => {
    const out = capture();
    const writer = startFleetJson(out.io, { command: 'fleet up', shard: null });
    writer.target(report('a'));
    writer.target(report('b'));
    writer.end({ ok: true, counts: { migrated: 2 } });
    expect(JSON.parse(out.text())).toEqual({
      command: 'fleet up',
      shard: null,
      targets: [
        { id: 'a', target: 'sqlite:a.db', result: 'migrated', after: 2 },
        { id: 'b', target: 'sqlite:b.db', result: 'migrated', after: 2 },
      ],
      ok: true,
      counts: { migrated: 2 },
    });
    expect(out.text().endsWith('}\n')).toBe(true);
  });

  it('is valid with no targets and no outcome members', () => {
    const out = capture();
    startFleetJson(out.io, { command: 'fleet status' }).end({});
    expect(JSON.parse(out.text())).toEqual({ command: 'fleet status', targets: [] });
  });
});
