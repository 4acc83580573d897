import { providers } from '../../rules/index.js';
import { compileRules, type CompiledRule } from '../engine/compile.js';
import { redactFindingIn } from '../engine/finding.js';
import { scanText } from '../engine/scan-text.js';

let builtIn: readonly CompiledRule[] | undefined;
/** Texts already redacted: a report may redact the same commit subject once per finding. */
const redacted = new Map<string, string>();

/**
 * Redacts every token the rules recognise in a free text (an error message quoting a path or an argument),
 * so that not even a failure can print a secret.
 */
export function redactSecrets(text: string): string {
  let out = redacted.get(text);
  if (out !== undefined) return out;
  out = text;
  // A token glued to other text (`--range key-….SG.…`, `user:key@host`) may lack the boundary its rule wants:
  // its pieces, cut at separators a token never holds, are scanned too, each on a line of its own.
  const pieces = text
    .split(/\.\.\.?|[\s:@/\\='"`,;()<>[\]{}|]+/)
    .map((p) => p.replace(/^[-.]+/, ''))
    .filter((p) => p.length >= 8);
  for (const finding of scanText((builtIn ??= compileRules(providers)), `${text}\n${pieces.join('\n')}`)) out = redactFindingIn(out, finding);
  redacted.set(text, out);
  return out;
}

/**
 * A report names files, and a file or folder may be named after a key: each key the rules find in the
 * paths is redacted wherever it appears in the rendered report, whatever its format (the token itself reads
 * the same in text, JSON, XML and URIs). The paths are scanned once, together.
 */
export function redactPathSecrets(report: string, files: Iterable<string>): string {
  const paths = [...new Set(files)].join('\n');
  let out = report;
  if (paths.length >= 8) for (const finding of scanText((builtIn ??= compileRules(providers)), paths)) out = redactFindingIn(out, finding);
  return out;
}

/** A path as text shows it: control characters (a newline, an escape sequence) C-quoted as git does. */
export function shownPath(path: string): string {
  if (!/[\u0000-\u001f\u007f]/.test(path)) return path;
  return JSON.stringify(path).replace(/\\u00([01][0-9a-f]|7f)/g, (_, hex: string) => `\\x${hex}`);
}
