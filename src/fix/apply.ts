// fs.promises, not node:fs/promises: loaded on first use, and a commit never uses it.
import { existsSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { secretOf } from '../engine/finding.js';
import { GitError, UsageError } from '../errors.js';
import { asGitError, type Repo } from '../git/repo.js';
import { dotenvLine, keyOfLine, parseDotenv, placeholderFor } from '../report/dotenv.js';
import { isAutomatic } from '../report/fix-steps.js';
import { ENV_FILE, rewriterFor, type FilePlan, type FixFacts, type FixPlan } from '../report/remediation.js';
import { literal, readWorkingFile } from './facts.js';

/**
 * `mailguard fix`, the part that touches the repository. Everything is computed first (`prepare`), from the
 * working tree and the real secrets, so that a line that cannot be rewritten leaves its whole file alone;
 * then `apply` writes in the order that never loses a key: `.env` first, then .gitignore, then the rest.
 */
export interface Work {
  plan: FixPlan;
  /** Files mailguard fixes itself; the others are left for the developer. */
  automatic: FilePlan[];
  manual: FilePlan[];
  /** Variables appended to the root .env, with their `NAME=secret` line. The lines are never printed. */
  env: Map<string, string>;
  ignoreLines: string[];
  untrack: string[];
  /** New or appended content of example files. */
  examples: Array<{ file: string; text: string; append: boolean }>;
  /** Whole new content of rewritten files. */
  rewrites: Array<{ file: string; text: string }>;
  /** Examples that exist already and are left as they are. */
  keptExamples: string[];
}

/** Files the plan rewrites and re-stages, and files it untracks. */
export function touchedFiles(plan: FixPlan): { restage: string[]; untrack: string[] } {
  const restage = new Set<string>();
  const untrack = new Set<string>();
  for (const p of plan.files.filter(isAutomatic)) {
    if (p.untrack) untrack.add(p.file);
    if (p.moves.length > 0) restage.add(p.file);
    if (p.ignoreLines.length > 0) restage.add('.gitignore');
    if (p.example) restage.add(p.example.file);
  }
  return { restage: [...restage], untrack: [...untrack] };
}

/**
 * Refuses (exit 2) when a file has unstaged changes that the fix would either stage (a file it rewrites and
 * re-stages) or throw away (untracking a file whose staged version differs from both HEAD and the working
 * tree drops that staged version; git itself refuses that). A committed .env with local edits is fine.
 */
export async function refusePartiallyStaged(repo: Repo, touched: { restage: string[]; untrack: string[] }): Promise<void> {
  const all = [...touched.restage, ...touched.untrack];
  if (all.length === 0) return;
  const unstaged = new Set(await changedPaths(repo, ['diff'], all));
  const stagedChanges = new Set(await changedPaths(repo, ['diff', '--cached'], touched.untrack));
  const dirty = all.find((f) => unstaged.has(f) && (touched.restage.includes(f) || stagedChanges.has(f)));
  if (dirty) {
    throw new UsageError(
      `fix: ${dirty} is partially staged (it has unstaged changes too), so it cannot be fixed safely`,
      'stage them (git add) or stash them (git stash --keep-index), then run mailguard fix again',
    );
  }
}

async function changedPaths(repo: Repo, diff: string[], files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const out = await repo.git.raw([...diff, '--name-only', '-z', '--', ...files.map(literal)]).catch((err) => {
    throw asGitError(err, 'git diff');
  });
  return out.split('\0').filter(Boolean);
}

/** Refuses (exit 2) in the middle of a merge, rebase, cherry-pick or revert, or with conflicts in the index. */
export async function refuseDuringMerge(repo: Repo): Promise<void> {
  for (const [name, what] of [
    ['MERGE_HEAD', 'a merge'],
    ['rebase-merge', 'a rebase'],
    ['rebase-apply', 'a rebase or git am'],
    ['CHERRY_PICK_HEAD', 'a cherry-pick'],
    ['REVERT_HEAD', 'a revert'],
  ] as const) {
    const path = (await repo.git.raw(['rev-parse', '--git-path', name])).trim();
    if (existsSync(join(repo.root, path))) {
      throw new UsageError(`fix: ${what} is in progress`, 'finish or abort it first, then run mailguard fix again');
    }
  }
  const unmerged = await repo.git.raw(['ls-files', '--unmerged']);
  if (unmerged.trim() !== '') throw new UsageError('fix: the index has unresolved conflicts', 'resolve them first, then run mailguard fix again');
}

export async function prepare(repo: Repo, plan: FixPlan, facts: FixFacts): Promise<Work> {
  const work: Work = { plan, automatic: [], manual: [], env: new Map(), ignoreLines: [], untrack: [], examples: [], rewrites: [], keptExamples: [] };
  for (const p of plan.files) {
    const rewrite = p.moves.length > 0 ? await rewriteFile(repo, p) : undefined;
    if (!isAutomatic(p) || rewrite === null || !(await copyIsClean(repo, p))) {
      work.manual.push(p);
      continue;
    }
    work.automatic.push(p);
    if (rewrite) work.rewrites.push({ file: p.file, text: rewrite });
    for (const m of p.moves) {
      const secret = secretOf(m.finding)!;
      if (facts.envValues?.get(m.variable) !== secret && !work.env.has(m.variable)) work.env.set(m.variable, dotenvLine(m.variable, secret));
    }
    work.ignoreLines.push(...p.ignoreLines);
    if (p.untrack) work.untrack.push(p.file);
    if (p.example) await addExample(repo, p, work);
  }
  return work;
}

/** The file's new text with every move applied to the real lines, or null if one of them cannot be. */
async function rewriteFile(repo: Repo, p: FilePlan): Promise<string | null> {
  const text = await readWorkingFile(repo, p.file);
  const rewrite = rewriterFor(p.kind, p.file);
  if (text === undefined || !rewrite) return null;
  const lines = text.split('\n');
  for (const m of p.moves) {
    const secret = secretOf(m.finding);
    const line = lines[m.finding.line - 1];
    if (!secret || line === undefined) return null;
    const after = rewrite(line, secret, m.finding.column - 1, m.variable);
    if (after === null) return null;
    lines[m.finding.line - 1] = after;
  }
  if (p.moves.some((m) => lines[m.finding.line - 1]!.includes(secretOf(m.finding)!))) return null;
  const needs = p.language?.needs;
  if (needs && !needs.present.test(lines.join('\n'))) lines.splice(importLine(lines), 0, needs.line);
  return lines.join('\n');
}

/** Where a Python import goes: after the shebang, comments, module docstring and `from __future__` lines. */
function importLine(lines: readonly string[]): number {
  let i = 0;
  while (i < lines.length && /^\s*(#.*)?\r?$/.test(lines[i]!)) i++;
  const doc = /^\s*[rRuU]?("""|''')/.exec(lines[i] ?? '');
  if (doc) {
    const quote = doc[1]!;
    let end = i;
    if (!lines[i]!.slice(lines[i]!.indexOf(quote) + 3).includes(quote)) {
      end++;
      while (end < lines.length && !lines[end]!.includes(quote)) end++;
    }
    i = end + 1;
  }
  let at = i;
  for (let j = i; j < lines.length && /^\s*(#.*|from __future__ import .*)?\r?$/.test(lines[j]!); j++) {
    if (lines[j]!.startsWith('from __future__')) at = j + 1;
  }
  return at;
}

/**
 * Whether a `copy` example can be made with every key replaced. A file that is not UTF-8 text (UTF-16, with
 * NUL bytes) cannot be edited as text: the copy would still hold the key, so the file is left to the developer.
 */
async function copyIsClean(repo: Repo, p: FilePlan): Promise<boolean> {
  if (p.example?.style !== 'copy' || (await readWorkingFile(repo, p.example.file)) !== undefined) return true;
  const text = exampleCopy((await readWorkingFile(repo, p.example.from)) ?? '', p);
  return !text.includes('\0') && p.findings.every((f) => !text.includes(secretOf(f) ?? '\0'));
}

function exampleCopy(text: string, p: FilePlan): string {
  let out = text;
  for (const f of p.findings) {
    const secret = secretOf(f);
    if (secret) out = out.split(secret).join(placeholderFor(keyOfLine(f.snippet) ?? f.envVar));
  }
  return out;
}

async function addExample(repo: Repo, p: FilePlan, work: Work): Promise<void> {
  const example = p.example!;
  if (example.style === 'keys') {
    if (example.add.length > 0 || !example.exists) work.examples.push({ file: example.file, text: example.add.map((l) => `${l}\n`).join(''), append: example.exists });
    return;
  }
  if ((await readWorkingFile(repo, example.file)) !== undefined) {
    work.keptExamples.push(example.file);
    return;
  }
  work.examples.push({ file: example.file, text: exampleCopy((await readWorkingFile(repo, example.from)) ?? '', p), append: false });
}

/** Writes everything, in an order where an interruption never leaves a key nowhere but in git's index. */
export async function apply(repo: Repo, work: Work): Promise<void> {
  // Untracking keeps the file on disk, and must come before .env changes (git rm refuses a modified file).
  for (const file of work.untrack) await git(repo, ['rm', '--cached', '-q', '--', literal(file)]);
  if (work.env.size > 0) await appendLines(repo, ENV_FILE, [...work.env.values()], 0o600);
  await verifyEnvHoldsKeys(repo, work);
  if (work.ignoreLines.length > 0) await appendLines(repo, '.gitignore', work.ignoreLines);
  for (const e of work.examples) {
    if (e.append) await appendLines(repo, e.file, e.text.split('\n').filter(Boolean));
    else await fsp.writeFile(join(repo.root, e.file), e.text, { flag: 'wx' });
  }
  for (const r of work.rewrites) await fsp.writeFile(join(repo.root, r.file), r.text);
  const stage = stagedFiles(work);
  if (stage.length > 0) await git(repo, ['add', '--', ...stage.map(literal)]);
}

/** What `apply` stages after writing. */
export function stagedFiles(work: Work): string[] {
  const files = [...(work.ignoreLines.length > 0 ? ['.gitignore'] : []), ...work.examples.map((e) => e.file), ...work.rewrites.map((r) => r.file)];
  return [...new Set(files)];
}

/** The one invariant that matters: before any line loses its key, .env holds that key under its variable. */
async function verifyEnvHoldsKeys(repo: Repo, work: Work): Promise<void> {
  const env = new Map(parseDotenv((await readWorkingFile(repo, ENV_FILE)) ?? '').map((e) => [e.key, e.value]));
  for (const m of work.automatic.flatMap((p) => p.moves)) {
    if (env.get(m.variable) !== secretOf(m.finding)) {
      throw new GitError(`fix stopped: ${ENV_FILE} does not hold ${m.variable} as expected; no file was rewritten`, `check ${ENV_FILE} by hand`);
    }
  }
}

/** Appends lines, starting on a new line when the file does not end with one; creates the file if needed. */
async function appendLines(repo: Repo, file: string, lines: readonly string[], mode?: number): Promise<void> {
  const path = join(repo.root, file);
  const current = await readWorkingFile(repo, file);
  const lead = current && !current.endsWith('\n') ? '\n' : '';
  await fsp.appendFile(path, `${lead}${lines.join('\n')}\n`, mode === undefined ? undefined : { mode });
  if (current === undefined && mode !== undefined) await fsp.chmod(path, mode);
}

async function git(repo: Repo, args: string[]): Promise<void> {
  await repo.git.raw(args).catch((err) => {
    throw asGitError(err, `git ${args[0]}`);
  });
}
