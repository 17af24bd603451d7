/**
 * What `godwit create` writes: the blank skeleton and the create_table, add_column and
 * create_index templates, as a goose file, a golang-migrate pair or MongoDB command arrays.
 * Table, column and index names come from the migration's name (`create_users`,
 * `add_email_to_users`, `index_users_on_email`). The SQL is plain enough for both SQLite and
 * PostgreSQL.
 */
import { GodwitError } from '../errors.js';
export function renderTemplate(template, format, name) {
    const change = template === 'blank' ? undefined : changeFor(template, name);
    if (format === 'json') {
        const up = change?.json.up ?? [{ ping: 1 }];
        const down = change?.json.down ?? [];
        return [
            { suffix: '.up.json', content: `${JSON.stringify(up, null, 2)}\n` },
            { suffix: '.down.json', content: `${JSON.stringify(down, null, 2)}\n` },
        ];
    }
    const up = change?.sql.up ?? BLANK_UP;
    const down = change?.sql.down ?? BLANK_DOWN;
    if (format === 'pair') {
        return [
            { suffix: '.up.sql', content: `${up}\n` },
            { suffix: '.down.sql', content: `${down}\n` },
        ];
    }
    return [{ suffix: '.sql', content: `-- +goose Up\n${up}\n\n-- +goose Down\n${down}\n` }];
}
const BLANK_UP = [
    '-- Statements here run on `godwit up`; end each with a semicolon.',
    '-- Wrap a statement that itself contains semicolons (a trigger, a function body) between',
    '-- StatementBegin and StatementEnd annotations.',
].join('\n');
const BLANK_DOWN = '-- Statements here undo the up part on `godwit down`.';
function changeFor(template, name) {
    switch (template) {
        case 'create_table': {
            const table = name.replace(/^create_/, '').replace(/_table$/, '') || name;
            const t = ident(table);
            return {
                sql: {
                    up: `CREATE TABLE ${t} (\n    id         INTEGER PRIMARY KEY,\n    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n);`,
                    down: `DROP TABLE ${t};`,
                },
                json: { up: [{ create: table }], down: [{ drop: table }] },
            };
        }
        case 'add_column': {
            const m = /^add_(.+?)_to_(.+)$/.exec(name);
            if (!m)
                throw templateNameError(template, name, 'add_<column>_to_<table>', 'add_email_to_users');
            const [, column, table] = m;
            return {
                sql: {
                    up: `ALTER TABLE ${ident(table)} ADD COLUMN ${ident(column)} TEXT;`,
                    down: `ALTER TABLE ${ident(table)} DROP COLUMN ${ident(column)};`,
                },
                json: {
                    up: [{ update: table, updates: [{ q: { [column]: { $exists: false } }, u: { $set: { [column]: null } }, multi: true }] }],
                    down: [{ update: table, updates: [{ q: {}, u: { $unset: { [column]: '' } }, multi: true }] }],
                },
            };
        }
        case 'create_index': {
            const m = /^(?:add_|create_)?index_(?:to_)?(.+?)_on_(.+)$/.exec(name);
            if (!m)
                throw templateNameError(template, name, 'index_<table>_on_<column>[_and_<column>]', 'index_users_on_email');
            const [, table, columnList] = m;
            const columns = columnList.split('_and_').filter(Boolean);
            const index = `${table}_${columns.join('_')}_idx`;
            return {
                sql: {
                    up: `CREATE INDEX ${ident(index)} ON ${ident(table)} (${columns.map(ident).join(', ')});`,
                    down: `DROP INDEX ${ident(index)};`,
                },
                json: {
                    up: [{ createIndexes: table, indexes: [{ key: Object.fromEntries(columns.map((c) => [c, 1])), name: index }] }],
                    down: [{ dropIndexes: table, index }],
                },
            };
        }
    }
}
function templateNameError(template, name, shape, example) {
    return new GodwitError('USAGE', `template ${template} needs a name like ${shape}, got ${name}`, {
        hint: `e.g. godwit create ${example} --template ${template}`,
    });
}
// Words that PostgreSQL reserves (and SQLite mostly too): as a bare table or column name they
// would make the template's SQL fail, so they are double-quoted, which both accept.
const RESERVED = new Set(('add all alter analyse analyze and any array as asc asymmetric autoincrement between both by case cast check ' +
    'collate column constraint create cross current_catalog current_date current_role current_time ' +
    'current_timestamp current_user default deferrable delete desc distinct do drop else end except exists ' +
    'false fetch for foreign from full grant group having if in index initially inner insert intersect into is ' +
    'join key lateral leading left like limit localtime localtimestamp natural not null offset on only or order ' +
    'outer placing primary references returning right select session_user set some symmetric table then to ' +
    'trailing transaction trigger true union unique update user using values variadic view when where window with').split(' '));
/** The name as an identifier, quoted when it is a reserved word or starts with a digit. */
export function ident(name) {
    return RESERVED.has(name) || /^[0-9]/.test(name) ? `"${name}"` : name;
}
