import { trackedFiles } from '../git/blob-lines.js';
import type { Repo } from '../git/repo.js';
import { pathMatcher } from './config-allow.js';

export interface StaleGlob {
  index: number;
  glob: string;
}

/** The allow.paths globs that match none of `files`, with their index in the list. */
export function staleGlobs(globs: readonly string[], files: readonly string[]): StaleGlob[] {
  const stale: StaleGlob[] = [];
  for (const [index, glob] of globs.entries()) {
    const matches = pathMatcher(glob);
    if (!files.some((f) => matches(f))) stale.push({ index, glob });
  }
  return stale;
}

/** The globs that match no file of the repository's index (a typo, or a folder that moved). */
export async function staleGlobsIn(repo: Repo, globs: readonly string[]): Promise<StaleGlob[]> {
  return globs.length === 0 ? [] : staleGlobs(globs, await trackedFiles(repo));
}

export function staleGlobWarning({ index, glob }: StaleGlob): string {
  return `allow.paths[${index}] "${glob}" matches no tracked file (paths are relative to the repository root)`;
}
