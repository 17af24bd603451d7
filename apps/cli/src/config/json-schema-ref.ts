/**
 * Where the config file's JSON Schema is shipped, and how a config points at it. Apart from
 * json-schema.ts (which makes the schema, with a devDependency) because `godwit init` writes the
 * reference at run time.
 */

/** The schema file, inside the @godwit/cli package. */
export const CONFIG_SCHEMA_PATH = 'schema/godwit.config.schema.json';

/**
 * What `godwit init` puts in `$schema`: the copy npm installs with the CLI, so an editor finds
 * it offline and it always matches the installed version.
 */
export const CONFIG_SCHEMA_REF = `./node_modules/@godwit/cli/${CONFIG_SCHEMA_PATH}`;
