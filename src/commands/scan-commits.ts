import { DiffParser, type AddedLineSink, type DiffStats, type SkipLine } from '../diff/parse.js';
import { splitLines, type LineReceiver } from '../diff/split.js';
import { secretOf, type Finding } from '../engine/finding.js';
import { UsageError } from '../errors.js';
import { blobContains, commitInfo, countCommits, hasHead, historyRevs, rangeRevs, type CommitInfo } from '../git/commits.js';
import { commitsDiffArgs, startGit } from '../git/diff-source.js';
import type { Repo } from '../git/repo.js';
import { cutOffCommits, isShallow } from '../git/shallow.js';
import { Progress } from '../report/progress.js';
import type { SuppressedFinding } from '../report/types.js';

/** A scan of commits, each on its own added lines: a pushed range, a user range, or the whole history. */
export interface CommitScan {
  /** `git log` revision arguments (see git/commits.ts). */
  revs: string[];
  /** push: what the pre-push hook sees; history: --range and --history. */
  mode: 'push' | 'history';
  /** Words for the report after "N commits": "being pushed to origin", "reachable from HEAD". */
  target: string;
  /** Count the commits first (checks the range, gives the progress bar its total). */
  count: boolean;
}

/** The commit scan asked for on the command line (`--range A..B`, `--history [--all]`), if any. */
export function commitScanFor(flags: { range?: string; history?: boolean; all?: boolean }): CommitScan | undefined {
  if (flags.range !== undefined) return { revs: rangeRevs(flags.range), mode: 'history', target: `in ${flags.range}`, count: true };
  if (!flags.history) return undefined;
  const target = flags.all ? 'reachable from any ref' : 'reachable from HEAD';
  return { revs: historyRevs(Boolean(flags.all)), mode: 'history', target, count: true };
}

const COMMIT_HEADER = Buffer.from('commit ');

/** Counts the `commit <sha>` lines on their way to the parser (a diff line never starts with "commit "). */
class CommitCounter implements LineReceiver {
  commits = 0;
  private atLineStart = true;

  constructor(
    private readonly parser: DiffParser,
    private readonly progress: Progress | null,
  ) {}

  line(buf: Buffer, start: number, end: number, complete = true, overlap = 0): void {
    if (this.atLineStart && buf.subarray(start, start + COMMIT_HEADER.length).equals(COMMIT_HEADER)) {
      this.commits++;
      this.progress?.tick();
    }
    this.atLineStart = complete;
    this.parser.line(buf, start, end, complete, overlap);
  }
}

/** Streams one `git log -p` over the whole rev set through the parser; memory stays flat however long. */
export async function streamCommits(repo: Repo, scan: CommitScan, sink: AddedLineSink, skip?: SkipLine): Promise<{ stats: DiffStats; commits: number }> {
  if (isHeadOnly(scan.revs) && !(await hasHead(repo))) return { stats: new DiffParser(sink).stats, commits: 0 };
  const log = startGit(repo.root, commitsDiffArgs(scan.revs)); // runs while the commits are counted
  let total = 0;
  try {
    if (scan.count) total = await countWhole(repo, scan);
  } catch (err) {
    log.cancel();
    throw err;
  }
  const progress = scan.count ? Progress.on(process.stderr, total) : null;
  const parser = new DiffParser(sink, { skip });
  const counter = new CommitCounter(parser, progress);
  try {
    await log.consume((out) => splitLines(out, counter));
  } finally {
    progress?.finish();
  }
  return { stats: parser.stats, commits: counter.commits };
}

/**
 * Counts the commits of a range or history scan, first making sure a shallow clone holds all of them: past
 * its cut-off git would show the oldest commit it has as the one that added every file. Never a partial scan.
 */
async function countWhole(repo: Repo, scan: CommitScan): Promise<number> {
  const shallow = await isShallow(repo);
  const total = await countCommits(repo, scan.revs).catch((err: unknown) => {
    if (!shallow || !(err instanceof UsageError)) throw err;
    throw new UsageError(err.message, 'this is a shallow clone: the revisions may lie behind its cut-off; run git fetch --unshallow (or --deepen=N)');
  });
  const cut = shallow ? await cutOffCommits(repo, scan.revs) : [];
  if (cut.length > 0) {
    throw new UsageError(`shallow clone: the history behind commit ${cut[0]!.slice(0, 12)} is not in it, so the commits ${scan.target} cannot all be scanned; run git fetch --unshallow`);
  }
  return total;
}

/** `--history` in a repository without commits yet: nothing to scan rather than git's "unknown revision". */
function isHeadOnly(revs: readonly string[]): boolean {
  return revs.length === 1 && revs[0] === 'HEAD';
}

export interface SettledFindings {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  commits: Map<string, CommitInfo>;
}

/**
 * Turns the raw findings of a commit scan into what is reported: a merge's finding is dropped when one of
 * its other parents already holds that secret in that file (the merge did not add it, the branch did), then
 * each secret is kept once per file, at the oldest commit that shows it (the last in git log's topological
 * order), and the commits that remain are looked up for the report.
 */
export async function settleCommitFindings(repo: Repo, findings: Finding[], suppressed: SuppressedFinding[]): Promise<SettledFindings> {
  if (findings.length === 0 && suppressed.length === 0) return { findings, suppressed, commits: new Map() };
  const info = await commitInfo(repo.git, [...findings, ...suppressed].map((f) => f.commit ?? '').filter(Boolean));
  const own = await ownFindings(repo.root, findings, info);
  const kept = { findings: oldestOnly(own), suppressed: oldestOnly(suppressed) };
  const commits = new Map<string, CommitInfo>();
  for (const f of [...kept.findings, ...kept.suppressed]) {
    const commit = f.commit ? info.get(f.commit) : undefined;
    if (commit) commits.set(commit.sha, commit);
  }
  return { ...kept, commits };
}

async function ownFindings(root: string, findings: Finding[], info: Map<string, CommitInfo>): Promise<Finding[]> {
  const own: Finding[] = [];
  for (const f of findings) {
    const otherParents = (f.commit ? info.get(f.commit)?.parents : undefined)?.slice(1) ?? [];
    if (!(await anyParentHas(root, otherParents, f))) own.push(f);
  }
  return own;
}

async function anyParentHas(root: string, parents: string[], f: Finding): Promise<boolean> {
  const secret = secretOf(f);
  if (secret === undefined) return false;
  for (const parent of parents) {
    if (await blobContains(root, parent, f.file, secret)) return true;
  }
  return false;
}

/** The last finding of each (secret, file) in scan order, scan order kept. */
function oldestOnly<T extends Finding>(findings: readonly T[]): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i]!;
    const key = `${f.fingerprint}\0${f.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(f);
  }
  return kept.reverse();
}
