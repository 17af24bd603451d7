/**
 * A command's targets, resolved once, with every database URL's secrets masked before anything
 * is printed: the URLs given by flag and environment first, so a resolution that fails on them
 * cannot print them either.
 */
import { maskUrls } from '../../output/secrets.js';
import type { ProjectOptions } from '../../settings/project-options.js';
import { type Resolution, type Scope, type TargetOf, resolveTargets } from '../../settings/resolve.js';
import type { CommandEnv } from '../../session/session.js';

export async function targetsFor<S extends Scope>(ctx: CommandEnv, options: ProjectOptions, scope: S): Promise<Resolution<TargetOf<S>>> {
  maskUrls(ctx.io, [options.database, ctx.env.DATABASE_URL]);
  const resolution = await resolveTargets({ options, env: ctx.env, cwd: ctx.cwd, scope, ...(ctx.files && { files: ctx.files }) });
  maskUrls(ctx.io, resolution.urls);
  return resolution;
}
