import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { hookDirs, huskyDirFromHooksPath } from '../git/hooks.js';
import { openRepo } from '../git/root.js';
import { hookScript, installHookScript, removeHookScript } from '../install/hook-script.js';
import { addHuskyLine, removeHuskyLine } from '../install/husky.js';
import { chooseTarget, type InstallMode } from '../install/target.js';
import { HOOK_NAMES, type Change, type HookName } from '../install/types.js';

export interface InstallFlags {
  husky?: boolean;
  'hooks-path'?: boolean;
  'git-hooks'?: boolean;
  'pre-push'?: boolean;
  'no-pre-push'?: boolean;
}

export async function runInstall(flags: InstallFlags, cwd: string): Promise<ExitCode> {
  const { root } = await openRepo(cwd);
  const target = chooseTarget(root, await hookDirs(root), forcedMode(flags));
  const hooks: HookName[] = flags['no-pre-push'] ? ['pre-commit'] : ['pre-commit', 'pre-push'];
  const changes = hooks.map((hook) =>
    target.mode === 'husky' ? addHuskyLine(join(target.dir, hook), hook) : installHookScript(target.dir, hook, hookScript(hook)),
  );
  const notes = [...target.notes];
  if (!mailguardReachable(root)) notes.push('mailguard is not installed in this repository: the hooks block every commit until it is (npm install --save-dev mailguard)');
  const heading = changes.some((c) => c.changed) ? 'installed' : 'already installed, nothing changed';
  const lines = [
    `mailguard: ${heading} (${target.mode}: ${show(root, target.dir)}/)`,
    ...listChanges(root, changes),
    ...notes.map((n) => `note: ${n}`),
    'Check it: git hook run pre-commit    (runs the hook on what is staged now, as git commit does)',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.Clean;
}

/** Undoes install wherever it may have written: husky folders and both hooks directories. */
export async function runUninstall(cwd: string): Promise<ExitCode> {
  const { root } = await openRepo(cwd);
  const dirs = await hookDirs(root);
  const huskyDirs = unique([huskyDirFromHooksPath(root, dirs.hooksPath), join(root, '.husky')]).filter((d) => existsSync(d));
  const scriptDirs = unique([dirs.active, dirs.gitHooks]);
  const changes: Change[] = [];
  for (const hook of HOOK_NAMES) {
    for (const dir of huskyDirs) changes.push(...present(removeHuskyLine(join(dir, hook))));
    for (const dir of scriptDirs) changes.push(...present(removeHookScript(dir, hook)));
  }
  const heading = changes.length > 0 ? 'removed the hooks' : `nothing to remove: no mailguard hooks in ${[...huskyDirs, ...scriptDirs].map((d) => show(root, d)).join(', ')}`;
  process.stdout.write(`${[`mailguard: ${heading}`, ...listChanges(root, changes)].join('\n')}\n`);
  return ExitCode.Clean;
}

function forcedMode(flags: InstallFlags): InstallMode | undefined {
  const modes = (['husky', 'hooks-path', 'git-hooks'] as const).filter((m) => flags[m]);
  if (modes.length > 1) throw new UsageError(`--${modes.join(' and --')} cannot be combined`, 'choose one place for the hooks');
  if (flags['pre-push'] && flags['no-pre-push']) throw new UsageError('--pre-push and --no-pre-push cannot be combined');
  return modes[0];
}

/** Whether the hooks will find mailguard: in the repository's node_modules, or installed globally. */
function mailguardReachable(root: string): boolean {
  if (existsSync(join(root, 'node_modules', '.bin', 'mailguard'))) return true;
  // npx puts its temporary download on PATH for this run only: it will not be there when git runs the hook.
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !/[\\/]_npx[\\/]/.test(d));
  return dirs.some((d) => isExecutable(join(d, 'mailguard')));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function listChanges(root: string, changes: Change[]): string[] {
  const names = changes.map((c) => show(root, c.file));
  const width = Math.max(0, ...names.map((n) => n.length));
  return changes.map((c, i) => `  ${names[i]!.padEnd(width)}  ${c.action}`);
}

/** Paths inside the working tree relative to its top, others (a worktree's shared hooks) in full. */
function show(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

function unique(paths: (string | null)[]): string[] {
  return [...new Set(paths.filter((p): p is string => p !== null))];
}

function present<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}
