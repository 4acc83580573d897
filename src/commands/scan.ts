import { createReadStream } from 'node:fs';
import { relative, resolve } from 'node:path';
import { providers } from '../../rules/index.js';
import { configAllow, type ConfigAllow } from '../allow/config-allow.js';
import { inlineAllowReason } from '../allow/inline.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { scanFiles } from '../diff/files.js';
import { DiffParser, type AddedLine, type DiffStats } from '../diff/parse.js';
import { splitLines } from '../diff/split.js';
import { compileRules } from '../engine/compile.js';
import type { Finding } from '../engine/finding.js';
import { Scanner } from '../engine/match.js';
import { ExitCode, UsageError } from '../errors.js';
import { stagedDiffArgs, streamGit } from '../git/diff-source.js';
import { openCommitRepo } from '../git/commits.js';
import { openRepo } from '../git/repo.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderSarif } from '../report/sarif.js';
import { renderText, setColour } from '../report/text.js';
import type { ScanResult, SuppressedFinding } from '../report/types.js';
import { settleCommitFindings, streamCommits, type CommitScan } from './scan-commits.js';

export type Format = 'text' | 'json' | 'sarif' | 'junit';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'junit'];

export interface ScanOptions {
  staged?: boolean;
  diff?: string;
  paths: string[];
  format: Format;
  config?: string;
  cwd: string;
  /** Range, history and pre-push scans: each commit's own added lines. */
  commits?: CommitScan;
}

/** Collects findings from a stream of added lines, applying the allowlists as they arrive. */
class Collector {
  readonly findings: Finding[] = [];
  readonly suppressed: SuppressedFinding[] = [];
  readonly scanner: Scanner;

  constructor(config: Config) {
    const allowedByConfig: ConfigAllow = configAllow(config);
    const rules = compileRules(providers, { disable: config.rules?.disable });
    this.scanner = new Scanner(rules, (finding: Finding, line: AddedLine) => {
      const reason = inlineAllowReason(line) ?? allowedByConfig(finding);
      if (reason === null) this.findings.push(finding);
      else this.suppressed.push({ ...finding, reason });
    });
  }
}

export async function runScan(opts: ScanOptions): Promise<{ result: ScanResult; exitCode: ExitCode }> {
  const started = performance.now();
  const { stats, collector, target, mode, commits } = await scanSource(opts);
  const result: ScanResult = {
    target,
    mode,
    findings: collector.findings,
    suppressed: collector.suppressed,
    stats: { ...stats, durationMs: Math.round(performance.now() - started), maxRssKb: process.resourceUsage().maxRSS },
    providers: new Map(providers.map((p) => [p.id, p])),
    commits,
  };
  return { result, exitCode: result.findings.length > 0 ? ExitCode.Findings : ExitCode.Clean };
}

type Scanned = Pick<ScanResult, 'target' | 'mode' | 'commits'> & { stats: DiffStats; collector: Pick<Collector, 'findings' | 'suppressed'> };

async function scanSource(opts: ScanOptions): Promise<Scanned> {
  if (opts.commits) return scanCommits(opts, opts.commits);
  if (opts.staged) {
    const repo = await openRepo(opts.cwd);
    const collector = new Collector(loadConfig(repo.root, opts.config));
    const paths = opts.paths.map((p) => `:(literal)${toRepoPath(repo.root, opts.cwd, p)}`);
    const parser = new DiffParser((line) => collector.scanner.scan(line));
    await streamGit(repo.root, stagedDiffArgs(paths), (out) => splitLines(out, parser));
    return { stats: parser.stats, collector, target: 'staged changes', mode: 'staged' };
  }
  const collector = new Collector(loadConfig(opts.cwd, opts.config));
  if (opts.diff !== undefined) {
    const parser = new DiffParser((line) => collector.scanner.scan(line));
    const input = opts.diff === '-' ? process.stdin : createReadStream(resolve(opts.cwd, opts.diff));
    await splitLines(input, parser).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read diff ${opts.diff}: ${err.code ?? err.message}`);
    });
    return { stats: parser.stats, collector, target: opts.diff === '-' ? 'the diff on stdin' : opts.diff, mode: 'diff' };
  }
  const stats = await scanFiles(opts.paths, opts.cwd, (line) => collector.scanner.scan(line));
  return { stats, collector, target: `${stats.files} file${stats.files === 1 ? '' : 's'}`, mode: 'files' };
}

async function scanCommits(opts: ScanOptions, scan: CommitScan): Promise<Scanned> {
  const repo = await openCommitRepo(opts.cwd);
  const collector = new Collector(loadConfig(repo.root, opts.config));
  const { stats, commits } = await streamCommits(repo, scan, (line) => collector.scanner.scan(line));
  const settled = await settleCommitFindings(repo, collector.findings, collector.suppressed);
  const target = `${commits} commit${commits === 1 ? '' : 's'} ${scan.target}`;
  return { stats, collector: settled, target, mode: scan.mode, commits: settled.commits };
}

/** A path given on the command line (relative to cwd, or absolute) as a repo-relative path. */
function toRepoPath(root: string, cwd: string, path: string): string {
  const rel = relative(root, resolve(cwd, path)).split('\\').join('/');
  if (rel.startsWith('../') || rel === '..') throw new UsageError(`${path} is outside the repository`);
  return rel;
}

export function render(result: ScanResult, format: Format, stream: NodeJS.WriteStream): string {
  if (format === 'json') return renderJson(result);
  if (format === 'sarif') return renderSarif(result);
  if (format === 'junit') return renderJunit(result);
  setColour(stream);
  return renderText(result);
}
