/** How a migration is named in log lines, progress and tables: `000003_add_email`, as its file is named. */
export type Labeller = (version: number, name: string) => string;
