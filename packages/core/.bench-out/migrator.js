import { GodwitError, toGodwitError } from './errors.js';
import { silentLogger } from './events.js';
import { computeStatus, findProblems } from './plan/status.js';
import { DEFAULT_LOCK_TIMEOUT_MS, runCommand } from './run/runner.js';
import { createMigrationFiles } from './source/create.js';
import { createFolderSource } from './source/folder-source.js';
import { createListSource } from './source/list-source.js';
import { defaultAppliedBy, TOOL_VERSION } from './util/identity.js';
import { computeForce } from './run/force.js';
export function createMigrator(options) {
    const { driver } = options;
    const logger = options.logger ?? silentLogger;
    const plugins = options.plugins ?? [];
    const folderDir = options.source || options.migrations ? undefined : (options.dir ?? './migrations');
    const source = options.source ??
        (options.migrations ? createListSource(options.migrations) : createFolderSource({ dir: folderDir }));
    const appliedBy = options.appliedBy ?? defaultAppliedBy();
    const toolVersion = options.toolVersion ?? TOOL_VERSION;
    const emit = (event) => {
        logEvent(logger, event);
        options.onEvent?.(event);
    };
    const deps = { driver, source, logger, plugins, emit, appliedBy, toolVersion };
    const run = (command, runOptions) => runCommand(deps, command, { ...options.defaults, ...runOptions });
    return {
        up: (o) => run({ kind: 'up' }, o),
        upByOne: (o) => run({ kind: 'up-by-one' }, o),
        upTo: (version, o) => run({ kind: 'up-to', version }, o),
        down: (o) => run({ kind: 'down' }, o),
        downTo: (version, o) => run({ kind: 'down-to', version }, o),
        redo: (o) => run({ kind: 'redo' }, o),
        reset: (o) => run({ kind: 'reset' }, o),
        async status() {
            const [migrations, applied] = await Promise.all([source.list(), driver.store.applied()]);
            return computeStatus(migrations, applied);
        },
        async version() {
            const applied = await driver.store.applied();
            return {
                version: applied.reduce((max, r) => Math.max(max, r.version), 0),
                dirty: applied.some((r) => r.dirty),
            };
        },
        async validate(o = {}) {
            const problems = [];
            let migrations = [];
            try {
                migrations = await source.list();
            }
            catch (e) {
                problems.push(toProblem(e));
            }
            // Load and prepare every part the way a run would, so ENVSUB gaps and statements the
            // database cannot run inside a transaction show up here rather than at deploy time.
            for (const m of migrations) {
                if (m.format === 'unsupported')
                    continue;
                try {
                    const loaded = await m.load();
                    if (o.database) {
                        await driver.prepare(m, loaded, 'up');
                        if (loaded.down)
                            await driver.prepare(m, loaded, 'down');
                    }
                }
                catch (e) {
                    problems.push(toProblem(e, m));
                }
            }
            if (o.database) {
                let applied = [];
                try {
                    applied = await driver.store.applied();
                }
                catch (e) {
                    problems.push(toProblem(e));
                }
                problems.push(...findProblems(migrations, applied));
            }
            return { ok: problems.length === 0, checked: migrations.length, database: o.database === true, problems };
        },
        async create(name, o = {}) {
            if (folderDir === undefined && !('dir' in source)) {
                throw new GodwitError('USAGE', 'create needs a migrations folder', {
                    hint: 'createMigrator({ dir }) or pass --dir to the CLI',
                });
            }
            const dir = folderDir ?? source.dir;
            let existing = [];
            try {
                existing = await source.list();
            }
            catch (e) {
                // A folder that does not exist yet is fine: create makes it.
                if (!(e instanceof GodwitError && e.code === 'SOURCE_NOT_FOUND'))
                    throw e;
            }
            return createMigrationFiles({ dir, name, existing, ...o });
        },
        async force(version, o = {}) {
            if (!Number.isSafeInteger(version) || version < 0) {
                throw new GodwitError('USAGE', `force needs a version from 0 to ${Number.MAX_SAFE_INTEGER}, got ${version}`);
            }
            const migrations = await source.list();
            await driver.locker.lock({
                timeoutMs: o.lockTimeoutMs ?? options.defaults?.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
                ...(o.signal !== undefined && { signal: o.signal }),
                onWait: (holder) => emit({ event: 'lock-wait', ...(holder !== undefined && { holder }) }),
            });
            try {
                await driver.store.ensure();
                const applied = await driver.store.applied();
                const { change, result } = computeForce(migrations, applied, version);
                await driver.writeState(change, {
                    signal: o.signal ?? new AbortController().signal,
                    appliedBy,
                    toolVersion,
                });
                emit({ event: 'warning', message: `forced the store to version ${version}` });
                return result;
            }
            finally {
                await driver.locker.unlock();
            }
        },
        history(o) {
            return driver.store.history(o);
        },
        list() {
            return source.list();
        },
        close() {
            return driver.close();
        },
    };
}
function toProblem(e, m) {
    const err = toGodwitError(e, 'VALIDATION_FAILED', m ? { file: m.file, version: m.version } : {});
    return {
        code: err.code,
        message: err.message,
        ...(err.file !== undefined && { file: err.file }),
        ...(err.line !== undefined && { line: err.line }),
        ...(err.version !== undefined && { version: err.version }),
        ...(err.hint !== undefined && { hint: err.hint }),
    };
}
/** Events become log lines with the event object as the structured part (pino's shape). */
function logEvent(logger, e) {
    switch (e.event) {
        case 'migrated':
            logger.info(e, `${e.direction === 'down' ? 'rolled back' : e.direction === 'skip' ? 'skipped' : 'applied'} ${e.version}_${e.name} (${e.durationMs} ms)${e.status === 'skipped-concurrent' ? ' by another runner' : ''}`);
            return;
        case 'migrating':
            logger.debug(e, `${e.direction} ${e.version}_${e.name} (${e.index}/${e.total})`);
            return;
        case 'migration-failed':
            logger.error({ ...e, error: e.error.toJSON() }, `failed ${e.version}_${e.name}: ${e.error.toString()}`);
            return;
        case 'lock-wait':
            logger.info(e, `waiting for the migration lock${e.holder ? ` held by ${e.holder}` : ''}`);
            return;
        case 'warning':
            logger.warn(e, e.message);
            return;
        default:
            logger.debug(e, e.event);
    }
}
