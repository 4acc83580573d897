import { join, relative, resolve } from 'node:path';
import { asGitError, gitAt } from './repo.js';

/** Where git looks for hooks in this repository, and what set that. */
export interface HookDirs {
  /** The directory git runs hooks from: core.hooksPath when set, else the common git dir's hooks/. */
  active: string;
  /** `<common git dir>/hooks`: shared by every worktree; what git uses when core.hooksPath is unset. */
  gitHooks: string;
  /** core.hooksPath exactly as configured, or null. */
  hooksPath: string | null;
  /** core.hooksPath comes from the global or system config, so other repositories use that folder too. */
  hooksPathShared: boolean;
}

/**
 * Asks git, from the top of the working tree (git resolves a relative core.hooksPath against it when it runs
 * hooks). `--git-path hooks` already follows core.hooksPath, worktrees and submodules.
 */
export async function hookDirs(root: string): Promise<HookDirs> {
  const git = gitAt(root);
  try {
    const [active, commonDir, configured] = await Promise.all([
      git.revparse(['--git-path', 'hooks']),
      git.revparse(['--git-common-dir']),
      git.getConfig('core.hooksPath'),
    ]);
    const hooksPath = configured.value?.trim() || null;
    const gitDir = resolve(root, commonDir.trim());
    // The value in force comes from the last file that sets it; the repository's own config files (config,
    // and a worktree's config.worktree) all live in the common git dir.
    const origin = configured.paths.at(-1);
    return {
      active: resolve(root, active.trim()),
      gitHooks: join(gitDir, 'hooks'),
      hooksPath,
      hooksPathShared: hooksPath !== null && origin !== undefined && relative(gitDir, resolve(root, origin)).startsWith('..'),
    };
  } catch (err) {
    throw asGitError(err, 'cannot locate the hooks directory');
  }
}

/**
 * The husky folder this repository uses: husky v9 sets core.hooksPath to `<dir>/_`, husky v8 to `<dir>`
 * itself (both conventionally `.husky`); a `.husky/` folder at the top level counts even before husky has
 * been set up in this clone.
 */
export function huskyDirFromHooksPath(root: string, hooksPath: string | null): string | null {
  if (!hooksPath) return null;
  const path = hooksPath.replace(/\/+$/, '');
  if (/(^|\/)\.husky\/_$/.test(path)) return resolve(root, path, '..');
  if (/(^|\/)\.husky$/.test(path)) return resolve(root, path);
  return null;
}
