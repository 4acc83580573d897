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
import { openRepo } from '../git/repo.js';
import { renderJson } from '../report/json.js';
import { renderText, setColour } from '../report/text.js';
import type { ScanResult, SuppressedFinding } from '../report/types.js';

export type Format = 'text' | 'json';

export interface ScanOptions {
  staged?: boolean;
  diff?: string;
  paths: string[];
  format: Format;
  config?: string;
  cwd: string;
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
  const { stats, collector, target, mode } = await scanSource(opts);
  const result: ScanResult = {
    target,
    mode,
    findings: collector.findings,
    suppressed: collector.suppressed,
    stats: { ...stats, durationMs: Math.round(performance.now() - started), maxRssKb: process.resourceUsage().maxRSS },
    providers: new Map(providers.map((p) => [p.id, p])),
  };
  return { result, exitCode: result.findings.length > 0 ? ExitCode.Findings : ExitCode.Clean };
}

async function scanSource(opts: ScanOptions): Promise<{ stats: DiffStats; collector: Collector; target: string; mode: ScanResult['mode'] }> {
  if (opts.staged) {
    const repo = await openRepo(opts.cwd);
    const collector = new Collector(loadConfig(repo.root, opts.config));
    const paths = opts.paths.map((p) => `:(literal)${toRepoPath(repo.root, opts.cwd, p)}`);
    const parser = new DiffParser((line) => collector.scanner.scan(line));
    await streamGit(repo.root, stagedDiffArgs(paths), (out) => splitLines(out, parser));
    collector.scanner.end();
    return { stats: parser.stats, collector, target: 'staged changes', mode: 'staged' };
  }
  const collector = new Collector(loadConfig(opts.cwd, opts.config));
  if (opts.diff !== undefined) {
    const parser = new DiffParser((line) => collector.scanner.scan(line));
    const input = opts.diff === '-' ? process.stdin : createReadStream(resolve(opts.cwd, opts.diff));
    await splitLines(input, parser).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read diff ${opts.diff}: ${err.code ?? err.message}`);
    });
    collector.scanner.end();
    return { stats: parser.stats, collector, target: opts.diff === '-' ? 'the diff on stdin' : opts.diff, mode: 'diff' };
  }
  const stats = await scanFiles(opts.paths, opts.cwd, (line) => collector.scanner.scan(line));
  collector.scanner.end();
  return { stats, collector, target: `${stats.files} file${stats.files === 1 ? '' : 's'}`, mode: 'files' };
}

/** A path given on the command line (relative to cwd, or absolute) as a repo-relative path. */
function toRepoPath(root: string, cwd: string, path: string): string {
  const rel = relative(root, resolve(cwd, path)).split('\\').join('/');
  if (rel.startsWith('../') || rel === '..') throw new UsageError(`${path} is outside the repository`);
  return rel;
}

export function render(result: ScanResult, format: Format, stream: NodeJS.WriteStream): string {
  if (format === 'json') return renderJson(result);
  setColour(stream);
  return renderText(result);
}
