import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { SHA } from './commits.js';
import { gitText } from './diff-source.js';
import { asGitError, type Repo } from './repo.js';

/**
 * A shallow clone stops at a cut-off: git shows the oldest commit it has as if it created every file, or
 * cannot resolve a revision behind it. Scans of commits ask here before trusting what git shows.
 */

export async function isShallow(repo: Repo): Promise<boolean> {
  return (await gitText(repo.root, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

/**
 * Commits of the rev set whose parents the shallow clone left out. A root commit is listed in the shallow
 * file too when the depth reached it; its own object names no parent, so it is a real root and fine.
 */
export async function cutOffCommits(repo: Repo, revs: readonly string[]): Promise<string[]> {
  const boundary = new Set(await shallowCommits(repo));
  const git = repo.git;
  let listed: string;
  try {
    listed = await git.raw(['rev-list', ...revs, '--']);
  } catch (err) {
    throw asGitError(err, 'git rev-list');
  }
  const cut: string[] = [];
  for (const sha of listed.split('\n')) {
    if (boundary.has(sha) && (await namesParents(git, sha))) cut.push(sha);
  }
  return cut;
}

/** The commits whose parents a shallow clone left out, from git's own list of them. */
async function shallowCommits(repo: Repo): Promise<string[]> {
  let path: string;
  try {
    path = resolve(repo.root, (await repo.git.raw(['rev-parse', '--git-path', 'shallow'])).trim());
  } catch (err) {
    throw asGitError(err, 'git rev-parse');
  }
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((line) => SHA.test(line));
}

async function namesParents(git: SimpleGit, sha: string): Promise<boolean> {
  try {
    return /^parent /m.test(await git.raw(['cat-file', 'commit', sha]));
  } catch (err) {
    throw asGitError(err, 'git cat-file');
  }
}
