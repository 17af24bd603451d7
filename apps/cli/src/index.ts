/** Programmatic entry: run the CLI in-process (tests, wrappers). The binary is dist/bin.js. */
export { main, buildProgram } from './main.js';
export type { CommandEnv } from './session/session.js';
export { createIo, type Io } from './output/io.js';
export { CLI_VERSION } from './version.js';
