/**
 * The `godwit` command run in-process from the CLI's source, with its own environment and
 * working folder (never this process's), capturing what it prints.
 */
import { createIo, main } from '@godwit/cli';

export interface GodwitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export async function godwit(args: string[], cwd: string, env: Record<string, string>): Promise<GodwitOutput> {
  let stdout = '';
  let stderr = '';
  const io = createIo({
    stdout: {
      write: (s: string) => {
        stdout += s;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
      },
      isTTY: false,
    },
  });
  // PATH and HOME only: a DATABASE_URL or *_URL of the machine must not leak into the project
  const code = await main(args, { io, cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  return { code, stdout, stderr };
}
