/** What the global setup (mongodb-server.ts) provides to the tests, for `inject`. */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** a server's base URL (`mongodb://host:port/`), or '' when there is none */
    mongoUrl: string;
    /** a real MongoDB (MONGO_URL) rather than FerretDB: has `validator`, Decimal128 */
    mongoIsReal: boolean;
  }
}
