import { createReadStream } from 'node:fs';
import { relative, resolve } from 'node:path';
import { providers } from '../../rules/index.js';
import { AllowFilter, type FileLines } from '../allow/filter.js';
import { staleGlobsIn, staleGlobWarning } from '../allow/globs.js';
import { INLINE_MARKER } from '../allow/inline.js';
import { loadConfig } from '../config/load.js';
import { providersWith } from '../config/rules.js';
import type { Config } from '../config/schema.js';
import { scanFiles } from '../diff/files.js';
import { DiffParser, type AddedLine, type DiffStats, type SkipLine } from '../diff/parse.js';
import { splitLines } from '../diff/split.js';
import { compileRules } from '../engine/compile.js';
import type { Finding } from '../engine/finding.js';
import { Scanner } from '../engine/match.js';
import type { ProviderSpec } from '../engine/rule.js';
import { ExitCode, UsageError } from '../errors.js';
import { blobLines } from '../git/blob-lines.js';
import { stagedDiffArgs, startGit } from '../git/diff-source.js';
import { findRoot } from '../git/root.js';
import { bigNewFiles, startNewFilesListing, streamNewFiles, type NewFile } from '../git/new-files.js';
import { gatherFixFacts } from '../fix/facts.js';
import { openCommitRepo } from '../git/commits.js';
import { repoAt, type Repo } from '../git/repo.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { redactPathSecrets } from '../report/redact.js';
import { renderSarif } from '../report/sarif.js';
import { renderText, setColour } from '../report/text.js';
import type { ScanResult, SuppressedFinding } from '../report/types.js';
import { settleCommitFindings, streamCommits, type CommitScan } from './scan-commits.js';
import { verifyScan } from './verify.js';

export type Format = 'text' | 'json' | 'sarif' | 'junit';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'junit'];

export interface ScanOptions {
  staged?: boolean;
  diff?: string;
  paths: string[];
  format: Format;
  config?: string;
  /** false: `mailguard:allow` comments do not count (strict mode, as config `allow.inline: false`). */
  inlineAllow?: boolean;
  cwd: string;
  /** Range, history and pre-push scans: each commit's own added lines. */
  commits?: CommitScan;
  /** `--verify`: ask each found key's provider whether it is live (config `verify: true` does too). */
  verify?: boolean;
}

/** A line with an allow marker must reach the allow stage; a NUL byte must reach the parser's binary check. */
export const WATCH_WORDS: readonly string[] = [INLINE_MARKER, '\u0000'];

/** Collects findings from a stream of added lines; the allow stage sorts them once the stream is read. */
class Collector {
  findings: Finding[] = [];
  suppressed: SuppressedFinding[] = [];
  ignoredMarkers = new Map<Finding, string | null>();
  readonly scanner: Scanner;
  readonly providers: ProviderSpec[];
  readonly inlineAllow: boolean;
  private readonly allow: AllowFilter;

  constructor(
    readonly config: Config,
    opts: ScanOptions,
  ) {
    this.providers = providersWith(config, providers);
    const rules = compileRules(this.providers, { disable: config.rules?.disable });
    this.inlineAllow = opts.inlineAllow !== false && config.allow?.inline !== false;
    this.allow = new AllowFilter(config, rules, this.inlineAllow);
    this.scanner = new Scanner(rules, (finding, line) => this.allow.judge(finding, line), WATCH_WORDS);
  }

  /** Sink for added lines. */
  readonly line = (line: AddedLine): void => {
    this.allow.see(line);
    this.scanner.scan(line);
  };

  /** Lets the parser drop, undecoded, added lines that cannot matter. */
  readonly skip: SkipLine = (file, commit, buf, start, end) => this.scanner.canSkip(file, commit, buf, start, end);

  /** Sink for unchanged lines of a diff: not scanned, but they may carry `mailguard:allow-next-line`. */
  readonly context = (line: AddedLine): void => this.allow.see(line);

  /** Big new files are read after the diff of the others: put the findings back in the order of their paths. */
  sortByPlace(): void {
    const order = (a: Finding, b: Finding): number => Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)) || a.line - b.line || a.column - b.column;
    this.findings.sort(order);
    this.suppressed.sort(order);
  }

  /** `read` gives the lines of a file at the scanned version, for markers on lines that were not scanned. */
  /** After the last line of a source: flush findings still waiting for a pair's other half, then judge allows. */
  async settle(read?: FileLines): Promise<void> {
    this.scanner.end();
    Object.assign(this, await this.allow.settle(read));
  }
}

export async function runScan(opts: ScanOptions): Promise<{ result: ScanResult; exitCode: ExitCode }> {
  const started = process.hrtime.bigint(); // not performance.now(): that loads perf_hooks
  const { stats, collector, target, mode, commits, repo } = await scanSource(opts);
  const result: ScanResult = {
    target,
    mode,
    findings: collector.findings,
    suppressed: collector.suppressed,
    stats: { ...stats, durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n), maxRssKb: process.resourceUsage().maxRSS },
    providers: new Map(collector.providers.map((p) => [p.id, p])),
    ignoredMarkers: collector.ignoredMarkers,
    inlineAllow: collector.inlineAllow,
    commits,
  };
  if (repo && !repo.bare && opts.format === 'text' && result.findings.length > 0) result.fixFacts = await gatherFixFacts(repo, result.findings);
  if (opts.verify === true || collector.config.verify === true) await verifyScan(result);
  return { result, exitCode: result.findings.length > 0 ? ExitCode.Findings : ExitCode.Clean };
}

type Scanned = Pick<ScanResult, 'target' | 'mode' | 'commits'> & {
  stats: DiffStats;
  collector: Collector;
  /** The repository scanned, when there is one: the per-file fix asks it what is ignored and tracked. */
  repo?: Repo;
};

async function scanSource(opts: ScanOptions): Promise<Scanned> {
  if (opts.commits) return scanCommits(opts, opts.commits);
  if (opts.staged) return scanStaged(opts);
  const collector = new Collector(loadConfig(opts.cwd, opts.config), opts);
  if (opts.diff !== undefined) {
    const parser = new DiffParser(collector.line, { context: collector.context, skip: collector.skip });
    const input = opts.diff === '-' ? process.stdin : createReadStream(resolve(opts.cwd, opts.diff));
    await splitLines(input, parser).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read diff ${opts.diff}: ${err.code ?? err.message}`);
    });
    await collector.settle();
    return { stats: parser.stats, collector, target: opts.diff === '-' ? 'the diff on stdin' : opts.diff, mode: 'diff' };
  }
  const stats = await scanFiles(opts.paths, opts.cwd, collector.line);
  await collector.settle();
  return { stats, collector, target: `${stats.files} file${stats.files === 1 ? '' : 's'}`, mode: 'files' };
}

/**
 * The staged diff starts at once (pathspecs relative to cwd) and runs while the root and config are found.
 * A diff still silent after that (git diffs a big new file line by line before printing any of it) has the
 * new files listed: big ones of ordinary lines are read from their blobs, and the diff is started again
 * without them. A typical commit's diff has spoken by then, and costs no second git process.
 */
async function scanStaged(opts: ScanOptions): Promise<Scanned> {
  const pathspecs = opts.paths.map((p) => `:(literal)${p}`);
  let diff = startGit(opts.cwd, stagedDiffArgs(pathspecs));
  let repo: Repo;
  let collector: Collector;
  let big: NewFile[] = [];
  try {
    repo = repoAt(await findRoot(opts.cwd));
    for (const p of opts.paths) toRepoPath(repo.root, opts.cwd, p);
    collector = new Collector(loadConfig(repo.root, opts.config), opts);
    if (!(await settlesWithin(diff.spoke, SILENT_DIFF_MS))) big = await bigNewFiles(startNewFilesListing(opts.cwd, pathspecs), repo.root);
  } catch (err) {
    diff.cancel();
    throw err;
  }
  if (big.length > 0) {
    diff.cancel();
    diff = startGit(opts.cwd, stagedDiffArgs(pathspecs, big.map((f) => f.path)));
  }
  const parser = new DiffParser(collector.line, { skip: collector.skip });
  await diff.consume((out) => splitLines(out, parser));
  await streamNewFiles(repo.root, big, parser);
  await collector.settle(blobLines(repo));
  collector.sortByPlace();
  if (collector.findings.length > 0) warnStaleGlobs(await staleGlobsIn(repo, collector.config.allow?.paths ?? []));
  return { stats: parser.stats, collector, target: 'staged changes', mode: 'staged', repo };
}

async function scanCommits(opts: ScanOptions, scan: CommitScan): Promise<Scanned> {
  const repo = await openCommitRepo(opts.cwd);
  const collector = new Collector(loadConfig(repo.root, opts.config), opts);
  const { stats, commits } = await streamCommits(repo, scan, collector.line, collector.skip);
  await collector.settle(blobLines(repo));
  const settled = await settleCommitFindings(repo, collector.findings, collector.suppressed);
  [collector.findings, collector.suppressed] = [settled.findings, settled.suppressed];
  if (settled.findings.length > 0) warnStaleGlobs(await staleGlobsIn(repo, collector.config.allow?.paths ?? []));
  const target = `${commits} commit${commits === 1 ? '' : 's'} ${scan.target}`;
  return { stats, collector, target, mode: scan.mode, commits: settled.commits, repo };
}

/** How long a staged diff may stay silent before the new files are looked at (see scanStaged). */
const SILENT_DIFF_MS = 30;

/** True when `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** When a commit or push is blocked, an allowlist glob that matches nothing may be why: say so on stderr. */
function warnStaleGlobs(stale: ReadonlyArray<{ index: number; glob: string }>): void {
  for (const s of stale) process.stderr.write(`mailguard: warning: ${staleGlobWarning(s)}\n`);
}

/** A path given on the command line (relative to cwd, or absolute) as a repo-relative path. */
function toRepoPath(root: string, cwd: string, path: string): string {
  const rel = relative(root, resolve(cwd, path)).split('\\').join('/');
  if (rel.startsWith('../') || rel === '..') throw new UsageError(`${path} is outside the repository`);
  return rel;
}

export function render(result: ScanResult, format: Format, stream: NodeJS.WriteStream): string {
  const files = [...result.findings, ...result.suppressed].map((f) => f.file);
  return redactPathSecrets(renderFormat(result, format, stream), files);
}

function renderFormat(result: ScanResult, format: Format, stream: NodeJS.WriteStream): string {
  if (format === 'json') return renderJson(result);
  if (format === 'sarif') return renderSarif(result);
  if (format === 'junit') return renderJunit(result);
  setColour(stream);
  return renderText(result);
}
