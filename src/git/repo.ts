import { createRequire } from 'node:module';
import type { SimpleGit } from 'simple-git';
import { GitError, UsageError, oneLine } from '../errors.js';

/**
 * simple-git strips every ambient GIT_* variable from the commands it runs unless told otherwise. Inside a
 * hook git sets some of these to say which repository and index to read (`git commit -a` and
 * `git commit <path>` commit a temporary index named by GIT_INDEX_FILE): keep those.
 */
export const REPO_LOCATION_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_QUARANTINE_PATH',
];

/** Settings that would change what `git diff` prints; fixed so the parser sees one format. */
export const DIFF_STABLE_CONFIG = ['core.quotePath=true', 'color.ui=never', 'diff.noprefix=false', 'diff.mnemonicPrefix=false'];

export interface Repo {
  git: SimpleGit;
  /** Absolute path of the working tree's top level (of the git folder for a bare repository). */
  root: string;
  /** A bare repository: no working tree, no index, nothing for a per-file fix to look at. */
  bare?: boolean;
}

/**
 * simple-git is loaded on first use, not at start-up: the pre-commit hot path (a clean staged scan) never
 * needs it, and loading it costs more than the whole scan of a typical commit.
 */
let simpleGit: typeof import('simple-git').simpleGit | undefined;
/** The built CLI loads its own bundled copy (scripts/build.mjs defines this); sources load the package. */
const SIMPLE_GIT_MODULE = process.env.MAILGUARD_SIMPLE_GIT ?? 'simple-git';

export function gitAt(dir: string): SimpleGit {
  simpleGit ??= (createRequire(import.meta.url)(SIMPLE_GIT_MODULE) as typeof import('simple-git')).simpleGit;
  return simpleGit({ baseDir: dir, config: DIFF_STABLE_CONFIG, allowEnvironment: REPO_LOCATION_ENV });
}

/** A Repo whose simple-git instance is made only if a later stage asks for it. */
export function repoAt(root: string): Repo {
  let git: SimpleGit | undefined;
  return {
    root,
    get git(): SimpleGit {
      return (git ??= gitAt(root));
    },
  };
}

/** Turns a failed git command into the error the user sees: git's own words, on one line. */
export function asGitError(err: unknown, context: string): Error {
  const text = err instanceof Error ? err.message : String(err);
  if (isGitMissing(err)) {
    return new GitError('git was not found on PATH', 'install git, or run mailguard where git is available');
  }
  if (/not a git repository/i.test(text)) {
    return new UsageError(`${context}: ${process.cwd()} is not inside a git repository`, 'run it inside a repository, or scan files with `mailguard scan PATH`');
  }
  if (/must be run in a work tree|this operation must be run in a work tree/i.test(text)) {
    return new UsageError(`${context}: this is a bare repository, there is no index to scan`);
  }
  return new GitError(`${context}: git said: ${oneLine(text)}`);
}

function isGitMissing(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}` : String(err);
  return /ENOENT/.test(text) && /spawn|git/.test(text);
}
