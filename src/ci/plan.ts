import type { SimpleGit } from 'simple-git';
import type { CommitScan } from '../commands/scan-commits.js';
import { UsageError } from '../errors.js';
import { asGitError, type Repo } from '../git/repo.js';
import { cutOffCommits, isShallow } from '../git/shallow.js';
import { SHA, type CiRequest, type CiSystem } from './context.js';

/**
 * Turns a CI request into the commits to scan, and refuses to scan a range a shallow clone cannot hold:
 * git would stop at the clone's cut-off and show the oldest commit it has as if it created every file,
 * or scan nothing at all, and either way the answer would be wrong without a word said.
 */
export async function ciCommitScan(repo: Repo, req: CiRequest): Promise<CommitScan> {
  const shallow = await isShallow(repo);
  const head = await resolveCommit(repo.git, req.head);
  if (head === null) throw missing(req, shallow, `the commit to scan (${describe(req.head)})`);
  const { revs, target } = await revsFor(repo.git, req, head, shallow);
  if (shallow) {
    const cut = await cutOffCommits(repo, revs);
    if (cut.length > 0) throw missing(req, true, `the history behind ${describe(cut[0]!)}`);
  }
  return { revs, mode: 'history', target, count: false };
}

async function revsFor(git: SimpleGit, req: CiRequest, head: string, shallow: boolean): Promise<{ revs: string[]; target: string }> {
  if (req.base !== null) {
    const base = await resolveCommit(git, req.base);
    if (base !== null) return { revs: [head, '--not', base], target: req.label };
    if (!req.baseMayBeGone || shallow) throw missing(req, shallow, SHA.test(req.base) ? `${req.baseName} (${describe(req.base)})` : req.baseName);
    // A force push: the old tip is in no ref, so no clone has it. What is new is what no other branch has.
  }
  return newRefRevs(git, req, head);
}

/**
 * A new branch or tag, or a force push: the commits no other branch of `origin` has. A clone that holds no
 * other branch (GitLab fetches only the pipeline's own) has nothing to compare with: only the last commit.
 */
async function newRefRevs(git: SimpleGit, req: CiRequest, head: string): Promise<{ revs: string[]; target: string }> {
  const own = req.branch === undefined ? undefined : `refs/remotes/origin/${req.branch}`;
  const others = (await remoteBranches(git)).filter((ref) => ref !== own && ref !== 'refs/remotes/origin/HEAD');
  if (others.length > 0) {
    const exclude = req.branch === undefined ? [] : [`--exclude=origin/${req.branch}`];
    return { revs: [head, '--not', ...exclude, '--remotes=origin'], target: `${req.label} (not on any other branch)` };
  }
  return { revs: [head, '--not', `${head}^@`], target: `${req.label} (its last commit: no other branch in this clone to compare with)` };
}

async function remoteBranches(git: SimpleGit): Promise<string[]> {
  try {
    return (await git.raw(['for-each-ref', '--format=%(refname)', 'refs/remotes/origin/'])).split('\n').filter(Boolean);
  } catch (err) {
    throw asGitError(err, 'git for-each-ref');
  }
}

/** The full sha of a commit, or null when this clone does not have it. */
async function resolveCommit(git: SimpleGit, rev: string): Promise<string | null> {
  // --quiet: no stderr, and simple-git then resolves on a failed exit too; the sha printed is the answer.
  const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).catch(() => '');
  const sha = out.trim();
  return SHA.test(sha) ? sha : null;
}

const FETCH_ALL: Record<CiSystem, string> = {
  github: 'set fetch-depth: 0 on actions/checkout',
  gitlab: 'set GIT_DEPTH: 0 in .gitlab-ci.yml',
  local: 'run git fetch --unshallow',
};

/**
 * The one line that says what is missing and how much history to fetch. In a shallow clone it is the
 * clone's depth; otherwise the commit was never fetched (or does not exist).
 */
function missing(req: CiRequest, shallow: boolean, what: string): UsageError {
  const scope = req.commits === undefined ? `the commits ${req.label}` : `the ${req.commits} commit${req.commits === 1 ? '' : 's'} ${req.label}`;
  if (!shallow) {
    return new UsageError(`${what} is not in this clone, so ${scope} cannot be scanned`, 'fetch it (e.g. git fetch origin <branch>), or check the revision');
  }
  const atLeast = req.depth !== undefined ? ` (or a depth of at least ${req.depth})` : '';
  return new UsageError(`shallow clone: ${what} is not in it, so ${scope} cannot be scanned; ${FETCH_ALL[req.system]}${atLeast}`);
}

function describe(rev: string): string {
  return SHA.test(rev) ? `commit ${rev.slice(0, 12)}` : rev;
}
