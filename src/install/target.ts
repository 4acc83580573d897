import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { huskyDirFromHooksPath, type HookDirs } from '../git/hooks.js';

export type InstallMode = 'husky' | 'hooks-path' | 'git-hooks';

/** Where install writes: a husky folder (one line per hook file) or a hooks directory (whole scripts). */
export interface Target {
  mode: InstallMode;
  dir: string;
  /** Things the user should know about this choice, one line each. */
  notes: string[];
}

/**
 * husky when the repository uses it (core.hooksPath is husky's, or a `.husky/` folder is there), else the
 * directory core.hooksPath names, else the git dir's hooks/. `forced` overrides the detection.
 */
export function chooseTarget(root: string, dirs: HookDirs, forced?: InstallMode): Target {
  const activeHusky = huskyDirFromHooksPath(root, dirs.hooksPath);
  const mode = forced ?? (activeHusky ? 'husky' : dirs.hooksPath ? 'hooks-path' : isDir(join(root, '.husky')) ? 'husky' : 'git-hooks');
  if (mode === 'husky') {
    const dir = activeHusky ?? join(root, '.husky');
    const notes = activeHusky ? [] : [`husky is not set up in this clone (core.hooksPath is ${dirs.hooksPath ?? 'unset'}): run \`npx husky\` so git runs .husky/ hooks`];
    return { mode, dir, notes };
  }
  if (mode === 'hooks-path') {
    if (!dirs.hooksPath) throw new UsageError('--hooks-path: core.hooksPath is not set in this repository', 'set it with `git config core.hooksPath DIR`, or use --git-hooks');
    if (dirs.hooksPathShared && !forced) {
      throw new UsageError(
        `core.hooksPath (${dirs.hooksPath}) is set in your global or system git config, so other repositories run those hooks too`,
        'run `mailguard install --hooks-path` to install there anyway, or set a hooks folder for this repository first (`git config core.hooksPath DIR`)',
      );
    }
    const notes = dirs.hooksPathShared ? [`${dirs.hooksPath} comes from your global or system git config: every repository using it now runs mailguard`] : [];
    return { mode, dir: dirs.active, notes };
  }
  const notes = dirs.hooksPath ? [`core.hooksPath is set (${dirs.hooksPath}): git runs the hooks there, not these, until it is unset`] : [];
  return { mode, dir: dirs.gitHooks, notes };
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
