#!/usr/bin/env node
/**
 * Build step of @godwit/cli (after `tsc -b`): writes the config file's JSON Schema, made from the
 * zod schema, to schema/godwit.config.schema.json. The file is committed too, so a change to the
 * config's shape shows up in review; src/config/json-schema.test.ts fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_SCHEMA_PATH, configJsonSchemaText } from '../build/config/json-schema.js';

writeFileSync(fileURLToPath(new URL(`../${CONFIG_SCHEMA_PATH}`, import.meta.url)), configJsonSchemaText());
