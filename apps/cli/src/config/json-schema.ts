/**
 * The config file's JSON Schema, made from the zod schema (schema.ts) so the two can never
 * drift: editors read it through the `$schema` key that `godwit init` writes, and the build
 * writes it to schema/godwit.config.schema.json (schema/write-config-schema.mjs), which the npm
 * package ships. Only the build and the tests load this module (zod-to-json-schema is a
 * devDependency): the CLI itself validates with zod.
 */
import { zodToJsonSchema } from 'zod-to-json-schema';
import { CONFIG_SCHEMA_PATH } from './json-schema-ref.js';
import { configFile } from './schema.js';

export { CONFIG_SCHEMA_PATH };

export function configJsonSchema(): Record<string, unknown> {
  // Inline every sub-schema (no $ref): the file stays readable and every editor resolves it.
  const { $schema, ...schema } = zodToJsonSchema(configFile, { $refStrategy: 'none', target: 'jsonSchema7' }) as Record<string, unknown>;
  return {
    $schema,
    title: 'Godwit config file',
    description: 'godwit.config.json: databases, environments and plugins for the godwit CLI (see its README, "Multi-database projects").',
    ...schema,
  };
}

/** The file's text as the build writes it (and the test compares). */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
