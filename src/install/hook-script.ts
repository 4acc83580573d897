import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { BYTES, type Change, type HookName } from './types.js';

/** Every script in hooks/ says so; it is how install and uninstall recognise a hook as mailguard's. */
const SCRIPT_MARK = 'Written by `mailguard install`';
/** A foreign hook is kept under this suffix and run first by mailguard's script (see hooks/pre-commit). */
export const KEPT_SUFFIX = '.pre-mailguard';

/** The shipped script for a hook: hooks/<name> of this package (next to dist/ once published). */
export function hookScript(hook: HookName): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'hooks', hook);
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return readFileSync(candidate, BYTES);
    if (dirname(dir) === dir) throw new Error(`hooks/${hook} is missing from the mailguard package`);
    dir = dirname(dir);
  }
}

/** Puts mailguard's script at `<dir>/<hook>`; a hook already there is renamed to `<hook>.pre-mailguard`. */
export function installHookScript(dir: string, hook: HookName, script: string): Change {
  const file = join(dir, hook);
  const kept = file + KEPT_SUFFIX;
  const stat = lstatOrNull(file);
  if (stat && isOurs(file, stat)) {
    if (readFileSync(file, BYTES) === script) return { file, action: 'already installed', changed: false };
    writeScript(file, script);
    return { file, action: 'updated', changed: true };
  }
  if (stat) {
    if (lstatOrNull(kept)) {
      throw new UsageError(`${file} and ${kept} both exist`, `keep the hook you need as ${hook}, remove the other, and run install again`);
    }
    renameSync(file, kept);
    writeScript(file, script);
    return { file, action: `chained: the existing hook, kept as ${hook}${KEPT_SUFFIX}, runs first`, changed: true };
  }
  mkdirSync(dir, { recursive: true });
  writeScript(file, script);
  return { file, action: 'created', changed: true };
}

/** Removes mailguard's script and renames the hook it chained back, leaving that hook as it was. */
export function removeHookScript(dir: string, hook: HookName): Change | null {
  const file = join(dir, hook);
  const kept = file + KEPT_SUFFIX;
  const stat = lstatOrNull(file);
  const hasKept = lstatOrNull(kept) !== null;
  if (stat && !isOurs(file, stat)) {
    // git itself put the chained hook back (a checkout of a tracked hooks folder): the kept copy is left over.
    if (!hasKept || !sameBytes(file, kept)) return null;
    unlinkSync(kept);
    return { file: kept, action: `deleted: ${hook} is already back as it was`, changed: true };
  }
  if (stat) unlinkSync(file);
  if (hasKept) renameSync(kept, file);
  if (!stat && !hasKept) return null;
  const action = !stat ? `restored the hook kept as ${hook}${KEPT_SUFFIX}` : hasKept ? 'removed; the hook it chained is back' : 'deleted';
  return { file, action, changed: true };
}

function writeScript(file: string, script: string): void {
  writeFileSync(file, script, BYTES);
  chmodSync(file, 0o755);
}

/** A symlink is never ours: writing through it would change the file it points to. */
function isOurs(file: string, stat: Stats): boolean {
  return stat.isFile() && readFileSync(file, BYTES).includes(SCRIPT_MARK);
}

function sameBytes(a: string, b: string): boolean {
  return lstatSync(a).isFile() && lstatSync(b).isFile() && readFileSync(a).equals(readFileSync(b));
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
