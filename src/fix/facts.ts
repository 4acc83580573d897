// fs.promises, not node:fs/promises: loaded on first use, and a commit never uses it.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../engine/finding.js';
import { asGitError, type Repo } from '../git/repo.js';
import { parseDotenv } from '../report/dotenv.js';
import { ENV_FILE, fileKind, type FixFacts } from '../report/remediation.js';

/**
 * Asks git, once per report, what the per-file fix needs to know about the files with findings: which a
 * .gitignore rule already matches, which are tracked or committed, and the keys of dotenv files. Values of
 * `.env` are read only when `withEnvValues` (mailguard fix, to avoid clashing names); they never leave FixFacts.
 */
export async function gatherFixFacts(repo: Repo, findings: readonly Finding[], withEnvValues = false): Promise<FixFacts> {
  const files = unique(findings.map((f) => f.file));
  const paths = unique([...files, ENV_FILE]);
  const dotenvs = unique([...files.filter((f) => fileKind(f) === 'dotenv'), ENV_FILE]);
  const [ignored, tracked, committed] = await Promise.all([ignoredPaths(repo, paths), trackedPaths(repo, paths), committedPaths(repo, paths)]);
  const dotenvKeys = new Map<string, string[]>();
  const exampleKeys = new Map<string, string[]>();
  for (const file of dotenvs) {
    const text = (await readWorkingFile(repo, file)) ?? (tracked.has(file) ? await readIndexFile(repo, file) : undefined);
    if (text !== undefined) dotenvKeys.set(file, parseDotenv(text).map((e) => e.key));
    const example = await readWorkingFile(repo, `${file}.example`);
    if (example !== undefined) exampleKeys.set(`${file}.example`, parseDotenv(example).map((e) => e.key));
  }
  const facts: FixFacts = { ignored, tracked, committed, dotenvKeys, exampleKeys };
  if (withEnvValues) facts.envValues = await envValues(repo);
  return facts;
}

/** Paths a .gitignore rule matches, tracked or not (`--no-index`: a staged file is still asked about). */
export async function ignoredPaths(repo: Repo, paths: readonly string[]): Promise<Set<string>> {
  // git prints unusual paths C-quoted (and -z needs --stdin): ask about those one at a time.
  const plain = paths.filter((p) => /^[\x20-\x7e]+$/.test(p) && !/["\\]/.test(p));
  const ignored = new Set<string>();
  for (const batch of [plain, ...paths.filter((p) => !plain.includes(p)).map((p) => [p])]) {
    if (batch.length === 0) continue;
    // Exit code 1 (nothing ignored) with empty stderr is not an error for simple-git.
    const out = await repo.git.raw(['check-ignore', '--no-index', '--', ...batch]).catch((err) => {
      throw asGitError(err, 'git check-ignore');
    });
    if (batch.length === 1 && out.trim() !== '') ignored.add(batch[0]!);
    else for (const line of out.split('\n')) if (batch.includes(line)) ignored.add(line);
  }
  return ignored;
}

async function trackedPaths(repo: Repo, paths: readonly string[]): Promise<Set<string>> {
  const out = await repo.git.raw(['ls-files', '-z', '--', ...paths.map(literal)]).catch((err) => {
    throw asGitError(err, 'git ls-files');
  });
  return new Set(out.split('\0').filter(Boolean));
}

async function committedPaths(repo: Repo, paths: readonly string[]): Promise<Set<string>> {
  const head = await repo.git.raw(['rev-parse', '--verify', '-q', 'HEAD']).catch(() => '');
  if (head.trim() === '') return new Set();
  const out = await repo.git.raw(['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', ...paths.map(literal)]).catch((err) => {
    throw asGitError(err, 'git ls-tree');
  });
  return new Set(out.split('\0').filter(Boolean));
}

async function envValues(repo: Repo): Promise<Map<string, string>> {
  const text = (await readWorkingFile(repo, ENV_FILE)) ?? '';
  return new Map(parseDotenv(text).map((e) => [e.key, e.value]));
}

export async function readWorkingFile(repo: Repo, file: string): Promise<string | undefined> {
  return fsp.readFile(join(repo.root, file), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'EISDIR') return undefined;
    throw err;
  });
}

async function readIndexFile(repo: Repo, file: string): Promise<string | undefined> {
  return repo.git.show([`:${file}`]).catch(() => undefined);
}

/** A pathspec that means exactly this path (no glob magic). */
export function literal(path: string): string {
  return `:(literal)${path}`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
