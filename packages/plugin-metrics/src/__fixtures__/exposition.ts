/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every
 * line must be a HELP, a TYPE or a sample of a family whose TYPE came first; names, label
 * syntax, escapes and values are checked; histograms must end with a `+Inf` bucket. Anything
 * else throws with the line number, so a malformed file cannot pass.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help?: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count', ''] };

export function parseExposition(text: string): Map<string, Family> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, Family>();
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, i) => {
    const at = `line ${i + 1}: ${line}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // plain comments are allowed
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name, ${at}`);
      const family = families.get(name) ?? { name, type: 'untyped', samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type, ${at}`);
        if (family.samples.length > 0) throw new Error(`TYPE after samples, ${at}`);
        family.type = rest;
      } else family.help = rest;
      families.set(name, family);
      return;
    }
    const sample = parseSample(line, at);
    const family = familyOf(families, sample.name);
    if (!family) throw new Error(`sample without a TYPE, ${at}`);
    family.samples.push(sample);
  });
  for (const f of families.values()) {
    if (f.type !== 'histogram') continue;
    const buckets = f.samples.filter((s) => s.name === `${f.name}_bucket`);
    if (buckets.length > 0 && !buckets.some((b) => b.labels.le === '+Inf')) throw new Error(`${f.name}: no +Inf bucket`);
  }
  return families;
}

function familyOf(families: Map<string, Family>, sampleName: string): Family | undefined {
  const direct = families.get(sampleName);
  if (direct) return direct;
  for (const f of families.values()) {
    for (const suffix of SUFFIXES[f.type] ?? []) if (sampleName === f.name + suffix) return f;
  }
  return undefined;
}

function parseSample(line: string, at: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`bad sample, ${at}`);
  const [, name, rawLabels, rawValue] = m as unknown as [string, string, string | undefined, string];
  const value = parseValue(rawValue);
  if (value === undefined) throw new Error(`bad value, ${at}`);
  return { name, labels: rawLabels ? parseLabels(rawLabels.slice(1, -1), at) : {}, value };
}

function parseValue(raw: string): number | undefined {
  if (raw === '+Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  if (raw === 'NaN') return Number.NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : undefined;
}

function parseLabels(body: string, at: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = body;
  while (rest.length > 0) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/.exec(rest);
    if (!m || !LABEL_NAME.test(m[1]!)) throw new Error(`bad labels, ${at}`);
    if (m[1]! in labels) throw new Error(`repeated label ${m[1]}, ${at}`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(m[0].length);
  }
  return labels;
}

/** The value of the one sample named `name` whose labels include `labels`. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matches: Sample[] = [];
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) matches.push(s);
    }
  }
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}
