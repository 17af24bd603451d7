/**
 * What a migration is once its files have been read. Produced by a Source, consumed by the
 * planner (which needs only version, name, checksum, kind and whether a down exists) and by
 * drivers (which run a part's statements or commands).
 */
/** Versions are positive integers no larger than 2^53-1 so they fit a JS number exactly. */
export const MAX_VERSION = Number.MAX_SAFE_INTEGER;
