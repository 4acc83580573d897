import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ciRequest } from '../ci/context.js';
import { ciCommitScan } from '../ci/plan.js';
import { renderSummary } from '../ci/summary.js';
import { UsageError, type ExitCode } from '../errors.js';
import { openCommitRepo } from '../git/commits.js';
import { writeAll } from './output.js';
import { render, runScan, type Format } from './scan.js';

export interface CiOptions {
  base?: string;
  format: Format;
  /** Write the report here and print only a compact summary on stdout. */
  output?: string;
  config?: string;
  /** false: `mailguard:allow` comments do not count (strict mode). */
  inlineAllow?: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** A report written to a file is never coloured, whatever the terminal mailguard runs in. */
const NOT_A_TERMINAL = { isTTY: false } as NodeJS.WriteStream;

/**
 * `mailguard ci`: finds the commits of the pull request, merge request or push this CI run is for, and
 * scans each of them on its own added lines, like `scan --range`.
 */
export async function runCi(opts: CiOptions): Promise<ExitCode> {
  const request = ciRequest(opts.env, opts.base);
  const commits = await ciCommitScan(await openCommitRepo(opts.cwd), request);
  const { result, exitCode } = await runScan({ paths: [], format: opts.format, config: opts.config, inlineAllow: opts.inlineAllow, cwd: opts.cwd, commits });
  if (opts.output === undefined) {
    await writeAll(process.stdout, render(result, opts.format, process.stdout));
    return exitCode;
  }
  writeReport(resolve(opts.cwd, opts.output), render(result, opts.format, NOT_A_TERMINAL));
  await writeAll(process.stdout, renderSummary(result, { file: opts.output, format: opts.format }));
  return exitCode;
}

function writeReport(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UsageError(`cannot write the report to ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
