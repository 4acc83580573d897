import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'vitest';
import { CLI, run, TempRepo, type RunResult } from '../helpers.js';

/** Shared by the hostile-input matrix (test/e2e/hostile-*.test.ts). */

export interface Located {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  commit: string | null;
}

export interface JsonReport {
  findings: Located[];
  suppressed: Located[];
  stats: { files: number; binaryFiles: number; addedLines: number; bytes: number; durationMs: number; maxRssKb: number };
}

/** The JSON report of a run, with a readable failure when stdout is not one. */
export function report(r: RunResult): JsonReport {
  try {
    return JSON.parse(r.stdout) as JsonReport;
  } catch {
    throw new Error(`not a JSON report (exit ${r.code}):\n${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 500)}`);
  }
}

/** `file:line:column` of every finding, sorted. */
export function places(r: RunResult): string[] {
  return report(r)
    .findings.map((f) => `${f.file}:${f.line}:${f.column}`)
    .sort();
}

/** A failure as the contract wants it: the exit code, nothing on stdout, one line (and a hint) on stderr, no stack. */
export function expectOneLineError(r: RunResult, code: number, message: RegExp): void {
  expect(r.code, r.stdout + r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length, r.stderr).toBeLessThanOrEqual(2);
  for (const line of lines) expect(line).toMatch(/^mailguard: \S/);
  expect(lines[0]).toMatch(message);
  expectNoStack(r);
}

export function expectNoStack(r: RunResult): void {
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|node:internal|Error: .*\n\s+at /);
}

/** Makes the shipped hooks find this build: node_modules/.bin/mailguard, as an npm install leaves it. */
export function withLocalMailguard(dir: string): void {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', '.bin', 'mailguard'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  const exclude = resolve(dir, run('git', ['rev-parse', '--git-path', 'info/exclude'], { cwd: dir }).stdout.trim());
  mkdirSync(dirname(exclude), { recursive: true });
  appendFileSync(exclude, '/node_modules/\n');
}

/** A repository with the shipped pre-commit and pre-push hooks installed by `mailguard install`. */
export function guardedRepo(dir?: string): TempRepo {
  const repo = new TempRepo(dir);
  withLocalMailguard(repo.dir);
  expect(repo.mailguard(['install', '--git-hooks']).code).toBe(0);
  return repo;
}

/** A real `git …` (hooks run), stdout and stderr together. */
export function gitRun(repo: TempRepo, args: string[], env: NodeJS.ProcessEnv = process.env): RunResult {
  const r = run('git', args, { cwd: repo.dir, env });
  return { ...r, stdout: r.stdout + r.stderr };
}

export function head(repo: TempRepo): string {
  return run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: repo.dir }).stdout.trim();
}

/** UTF-16 bytes of a text, little or big endian, with or without a byte order mark. */
export function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}
