import { GodwitError } from '../errors.js';
export function computeForce(migrations, applied, version) {
    const known = new Set([...migrations.map((m) => m.version), ...applied.map((r) => r.version)]);
    if (version !== 0 && !known.has(version)) {
        const near = [...known].sort((a, b) => Math.abs(a - version) - Math.abs(b - version)).slice(0, 3);
        throw new GodwitError('UNKNOWN_VERSION', `no migration has version ${version}`, {
            version,
            hint: near.length ? `known versions near it: ${near.sort((a, b) => a - b).join(', ')}; 0 means none applied` : 'use 0 to record that nothing is applied',
        });
    }
    const before = applied.reduce((max, r) => Math.max(max, r.version), 0);
    const byVersion = new Map(applied.map((r) => [r.version, r]));
    const remove = applied.filter((r) => r.version > version).map((r) => r.version);
    const upsert = [];
    for (const m of migrations) {
        if (m.version > version)
            continue;
        const record = byVersion.get(m.version);
        if (!record || record.dirty)
            upsert.push({ version: m.version, name: m.name, checksum: m.checksum });
    }
    // A dirty record whose file is gone is still cleaned: force states the truth, the files may lag.
    for (const r of applied) {
        if (r.version <= version && r.dirty && !migrations.some((m) => m.version === r.version)) {
            upsert.push({ version: r.version, name: r.name, checksum: r.checksum });
        }
    }
    upsert.sort((a, b) => a.version - b.version);
    const name = migrations.find((m) => m.version === version)?.name ?? byVersion.get(version)?.name ?? '';
    return {
        change: { remove, upsert, history: [{ version, name, direction: 'force' }] },
        result: { before, after: version, removed: remove, recorded: upsert.map((u) => u.version) },
    };
}
