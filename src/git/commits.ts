import type { SimpleGit } from 'simple-git';
import { UsageError } from '../errors.js';
import { gitText, streamGit } from './diff-source.js';
import { findRoot } from './root.js';
import { asGitError, repoAt, type Repo } from './repo.js';

/**
 * Which commits a range, history or push scan covers, as `git log` revision arguments, and what git can tell
 * about the commits that turn out to hold a finding.
 */

/** One line of what git writes on a pre-push hook's stdin. */
export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

export const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const ZERO_SHA = /^0+$/;
/** A remote name used as `--remotes=<name>` is a glob: one with glob characters could match other remotes. */
const GLOB_CHARS = /[*?[\\]/;

/** Parses `<local ref> <local sha> <remote ref> <remote sha>` lines; anything else is refused (fail closed). */
export function parsePushLines(text: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split(' ');
    const [localRef, localSha, remoteRef, remoteSha] = parts;
    if (parts.length !== 4 || !SHA.test(localSha!) || !SHA.test(remoteSha!)) {
      throw new UsageError(`unexpected pre-push input line: ${JSON.stringify(line.slice(0, 200))}`, 'the pre-push hook reads the lines git writes on its stdin');
    }
    updates.push({ localRef: localRef!, localSha: localSha!, remoteRef: remoteRef!, remoteSha: remoteSha! });
  }
  return updates;
}

/**
 * The commits a push sends: everything reachable from the pushed shas that the remote does not have yet,
 * i.e. neither reachable from the remote's current sha of each ref (a force push only sends what is new)
 * nor from any ref we know on that remote (a new branch only sends commits no branch of it has). Deleted
 * refs send nothing. One rev set for all refs, so a commit pushed under two names is scanned once.
 * Returns null when there is nothing to scan (never hand `git log` an empty set: it would default to HEAD).
 */
export async function pushedRevs(repo: Repo, updates: readonly RefUpdate[], remote: string): Promise<string[] | null> {
  const sent = unique(updates.map((u) => u.localSha).filter((sha) => !ZERO_SHA.test(sha)));
  if (sent.length === 0) return null;
  const known = await presentCommits(repo, updates.map((u) => u.remoteSha).filter((sha) => !ZERO_SHA.test(sha)));
  const remoteRefs = remote !== '' && !GLOB_CHARS.test(remote) ? [`--remotes=${remote}`] : [];
  return [...sent, '--not', ...known, ...remoteRefs];
}

/**
 * The shas that name a commit here. A remote sha we never fetched (someone else pushed since) is unknown
 * locally and is left out rather than failing the push; a pushed sha, always local, is never filtered.
 */
async function presentCommits(repo: Repo, shas: readonly string[]): Promise<string[]> {
  if (shas.length === 0) return [];
  const out = await gitText(repo.root, ['rev-list', '--no-walk', '--ignore-missing', ...unique(shas)]);
  return out.split('\n').filter((line) => SHA.test(line));
}

/** Every commit reachable from HEAD, or from every ref. */
export function historyRevs(all: boolean): string[] {
  return all ? ['--all'] : ['HEAD'];
}

/** A user-given range (`main..feature`, `A...B`, or one revision and all its ancestors). */
export function rangeRevs(spec: string): string[] {
  if (spec === '' || spec.startsWith('-')) throw new UsageError(`invalid --range "${spec}"`, 'give a revision range such as origin/main..HEAD');
  return [spec];
}

/** How many commits a rev set holds (the progress total); a range git cannot resolve is bad input. */
export async function countCommits(repo: Repo, revs: readonly string[]): Promise<number> {
  try {
    return Number((await gitText(repo.root, ['rev-list', '--count', ...revs], `cannot read the commits ${revs.join(' ')}`)).trim());
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message, 'check the revision range (git rev-list accepts it?)');
  }
}

/** Whether HEAD points at a commit (a repository without commits has no history to scan). */
export async function hasHead(repo: Repo): Promise<boolean> {
  const out = await gitText(repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '');
  return SHA.test(out.trim());
}

/**
 * The repository whose commits are scanned. Unlike a staged scan this needs no working tree, so a push from
 * a bare repository (a mirror) is scanned too, with git run in the git folder.
 */
export async function openCommitRepo(cwd: string): Promise<Repo> {
  const out = await gitText(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir'], 'not a git repository');
  const [bare, gitDir] = out.trim().split('\n');
  if (bare !== 'true' || !gitDir) return repoAt(await findRoot(cwd));
  const repo = repoAt(gitDir);
  repo.bare = true;
  return repo;
}

export interface CommitInfo {
  sha: string;
  short: string;
  /** Author date, YYYY-MM-DD. */
  date: string;
  subject: string;
  parents: string[];
}

const INFO_FORMAT = '%H%x00%h%x00%as%x00%P%x00%s';
const INFO_BATCH = 200;

/** Short sha, author date, subject and parents of the given commits (only those with findings: few). */
export async function commitInfo(git: SimpleGit, shas: readonly string[]): Promise<Map<string, CommitInfo>> {
  const info = new Map<string, CommitInfo>();
  const wanted = unique(shas);
  for (let i = 0; i < wanted.length; i += INFO_BATCH) {
    let out: string;
    try {
      out = await git.raw(['log', '--no-walk=unsorted', `--format=${INFO_FORMAT}`, ...wanted.slice(i, i + INFO_BATCH)]);
    } catch (err) {
      throw asGitError(err, 'git log');
    }
    for (const line of out.split('\n')) {
      const [sha, short, date, parents, subject] = line.split('\0');
      if (!sha || subject === undefined) continue;
      info.set(sha, { sha, short: short!, date: date!, subject, parents: parents ? parents.split(' ') : [] });
    }
  }
  return info;
}

/**
 * Whether `rev:path` holds `secret`. Used to tell a merge's own additions from what one of its other
 * parents brought in. The blob is streamed (it may be large) and the secret never goes on a command line.
 */
export async function blobContains(root: string, rev: string, path: string, secret: string): Promise<boolean> {
  const object = (await gitText(root, ['rev-parse', '--verify', '--quiet', `${rev}:${path}`]).catch(() => '')).trim();
  if (!SHA.test(object)) return false;
  const needle = Buffer.from(secret, 'utf8');
  let found = false;
  await streamGit(root, ['cat-file', 'blob', object], async (out) => {
    let tail = Buffer.alloc(0);
    for await (const chunk of out) {
      const window = Buffer.concat([tail, chunk as Buffer]);
      if (window.includes(needle)) found = true;
      tail = window.subarray(Math.max(0, window.length - needle.length + 1));
    }
  });
  return found;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
