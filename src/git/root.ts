import { readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gitText } from './diff-source.js';
import { repoAt, type Repo } from './repo.js';

/** Finds the repository that contains `cwd`, or says in one line why there is none. */
export async function openRepo(cwd: string): Promise<Repo> {
  return repoAt(await findRoot(cwd, 'not a git repository'));
}

/**
 * The top level of the work tree that contains `cwd` (one plain `git rev-parse`, no simple-git); `context`
 * heads the error when there is none.
 */
export async function findRoot(cwd: string, context?: string): Promise<string> {
  return plainRepoRoot(cwd) ?? (await gitText(cwd, ['rev-parse', '--show-toplevel'], context)).trim();
}

/**
 * `cwd` itself when it is plainly the top of a work tree, the way git runs a hook: a `.git` folder there,
 * no work tree set elsewhere by the environment or by core.worktree. Spares a git process at every commit;
 * anything less plain (a subfolder, a linked worktree, a submodule) is left to `git rev-parse`.
 */
function plainRepoRoot(cwd: string): string | null {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return null;
  try {
    if (!statSync(join(cwd, '.git')).isDirectory()) return null;
    if (/^\s*worktree\s*=/im.test(readFileSync(join(cwd, '.git', 'config'), 'utf8'))) return null;
    return realpathSync(cwd);
  } catch {
    return null;
  }
}
