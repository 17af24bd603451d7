/** One database kind's way to dump, verify and restore a backup file. */
export interface Engine {
  /** what made the file, shown to the user: `pg_dump -Fc`, `sqlite backup API`, `mongodump`, `extended-json export` */
  readonly method: string;
  /** file extension before any `.gz` */
  readonly ext: string;
  /** the tool compresses on its own, so the plugin's gzip option does not apply */
  readonly compressed: boolean;
  /** write a backup of the database to `file` */
  dump(file: string): Promise<void>;
  /** check the file is a complete, readable backup; returns a one-line summary */
  verify(file: string): Promise<string>;
  /** make the database what the file holds */
  restore(file: string): Promise<void>;
}
