import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BYTES, type Change, type HookName } from './types.js';

/**
 * husky runs `.husky/<hook>` with `sh -e` and node_modules/.bin on PATH, so mailguard needs one line there.
 * The line and the header of a file mailguard created carry these notes: uninstall removes exactly them.
 */
const LINE_NOTE = '# added by mailguard install; mailguard uninstall removes this line';
const CREATED_NOTE = '# created by mailguard install; mailguard uninstall deletes this file';
const CREATED_HEADER = `#!/usr/bin/env sh\n${CREATED_NOTE}\n`;

/** `|| exit` keeps the commit blocked in a hook run without `sh -e` (husky v8 runs the file directly). */
export function huskyLine(hook: HookName): string {
  const args = hook === 'pre-push' ? ' "$@"' : '';
  return `mailguard hook ${hook}${args} || exit $?  ${LINE_NOTE}`;
}

export function addHuskyLine(file: string, hook: HookName): Change {
  const line = huskyLine(hook);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${CREATED_HEADER}${line}\n`, { mode: 0o755 });
    return { file, action: 'created', changed: true };
  }
  const chunks = splitLines(readFileSync(file, BYTES));
  const ours = chunks.findIndex(isOurLine);
  if (ours >= 0) {
    if (withoutEol(chunks[ours]!) === line) return { file, action: 'already has the mailguard line', changed: false };
    chunks[ours] = line + chunks[ours]!.slice(withoutEol(chunks[ours]!).length);
    writeFileSync(file, chunks.join(''), BYTES);
    return { file, action: 'updated the mailguard line', changed: true };
  }
  writeFileSync(file, insertAfterHeader(chunks, line), BYTES);
  return { file, action: 'added a line', changed: true };
}

export function removeHuskyLine(file: string): Change | null {
  if (!existsSync(file)) return null;
  const chunks = splitLines(readFileSync(file, BYTES));
  const ours = chunks.findIndex(isOurLine);
  if (ours < 0) return null;
  // A line appended to a file without a final newline brought its own separator: take that back too.
  if (ours > 0 && !chunks[ours]!.endsWith('\n')) chunks[ours - 1] = chunks[ours - 1]!.slice(0, -1);
  chunks.splice(ours, 1);
  const rest = chunks.join('');
  const created = rest.startsWith(CREATED_HEADER);
  const text = created ? rest.slice(CREATED_HEADER.length) : rest;
  if (created && text === '') {
    unlinkSync(file);
    return { file, action: 'deleted (mailguard had created it)', changed: true };
  }
  writeFileSync(file, text, BYTES);
  return { file, action: 'removed the mailguard line', changed: true };
}

/**
 * Goes before the user's commands, so an `exit 0` or a command that reads stdin (pre-push refs) cannot get
 * in front of it; after a shebang and husky v8's `. "…/husky.sh"`, which must stay first.
 */
function insertAfterHeader(chunks: string[], line: string): string {
  let k = 0;
  while (k < chunks.length && ((k === 0 && /^#!/.test(chunks[k]!)) || /husky\.sh/.test(chunks[k]!))) k++;
  const head = chunks.slice(0, k).join('');
  if (k === chunks.length && head !== '' && !head.endsWith('\n')) return `${head}\n${line}`;
  return `${head}${line}\n${chunks.slice(k).join('')}`;
}

/** Lines with their terminators, so that joining them gives back the exact text. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function withoutEol(chunk: string): string {
  return chunk.replace(/\r?\n$/, '');
}

function isOurLine(chunk: string): boolean {
  return chunk.includes(LINE_NOTE);
}
