/**
 * The context window: where a token that does not name its provider finds the provider's name.
 *
 * A rule with `context` words is armed for a line when one of its words is
 *  - on the line itself ('line'),
 *  - on an added line a few lines above in the same file ('near'): a plain line reaches CONTEXT_WINDOW_LINES
 *    down; a line that opens a block (`mailjet:`, `"mailjet": {`, `Mailjet.apiConnect(`, `… do |config|`)
 *    reaches SECTION_WINDOW_LINES down, but only while the lines below stay indented deeper than it,
 *  - in the file's path ('path'),
 *  - or when the other half of its pair matched a few lines above ('near').
 * Lock files never arm context rules: their hashes sit next to package names such as `sparkpost`.
 */

export const CONTEXT_WINDOW_LINES = 6;
export const SECTION_WINDOW_LINES = 25;

export type Arming = 'line' | 'near' | 'path';

interface Arm {
  line: number;
  /**
   * Indentation of the line that opened the block; -1 for a plain line (no scope); INI_SECTION for an
   * `[section]` header, whose scope ends at the next header.
   */
  indent: number;
}

const INI_SECTION = -2;

const LOCK_FILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'composer.lock',
  'gemfile.lock', 'poetry.lock', 'pipfile.lock', 'uv.lock', 'cargo.lock', 'go.sum', 'packages.lock.json',
  'mix.lock', 'pubspec.lock', 'podfile.lock', 'flake.lock', 'gradle.lockfile', 'paket.lock',
]);

export function isLockFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return LOCK_FILES.has(base);
}

/** Per-file memory of which context rules are armed, and until when. */
export class ContextWindow {
  private arms = new Map<number, Arm>();
  private pathArmed = new Set<number>();

  enterFile(pathRules: Iterable<number>): void {
    this.arms.clear();
    this.pathArmed = new Set(pathRules);
  }

  get idle(): boolean {
    return this.arms.size === 0 && this.pathArmed.size === 0;
  }

  /** Drops arms that no longer reach `lineNo`; call once per line, before matching it. */
  advance(lineNo: number, text: string): void {
    if (this.arms.size === 0) return;
    const blank = text.trim() === '';
    const indent = blank ? 0 : indentOf(text);
    const header = isIniHeader(text);
    for (const [rule, arm] of this.arms) {
      if (arm.line === lineNo) continue;
      const scoped = arm.indent !== -1;
      const reach = scoped ? SECTION_WINDOW_LINES : CONTEXT_WINDOW_LINES;
      const leftScope = arm.indent === INI_SECTION ? header : arm.indent >= 0 && !blank && indent <= arm.indent;
      if (lineNo - arm.line > reach || leftScope) this.arms.delete(rule);
    }
  }

  /** A context word of `rule` (or its pair's other half) appeared on line `lineNo`. */
  arm(rule: number, lineNo: number, text: string): void {
    const indent = isIniHeader(text) ? INI_SECTION : opensBlock(text) ? indentOf(text) : -1;
    const old = this.arms.get(rule);
    // A block opener keeps its longer, scoped reach when a plain mention follows inside the block.
    if (old && old.indent !== -1 && indent === -1 && old.line !== lineNo) return;
    this.arms.set(rule, { line: lineNo, indent });
  }

  armedBy(rule: number, lineNo: number): Arming | null {
    const arm = this.arms.get(rule);
    if (arm) return arm.line === lineNo ? 'line' : 'near';
    return this.pathArmed.has(rule) ? 'path' : null;
  }
}

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** `[mailjet]`, `[mail.smtp]`: an INI/TOML section header. */
function isIniHeader(text: string): boolean {
  const t = text.trim();
  return t.length > 2 && t[0] === '[' && t[t.length - 1] === ']' && !t.includes('=');
}

/** `mailjet:`, `"mailjet": {`, `MAILJET = {`, `Mailjet.apiConnect(`, `[mailjet]`, `Mailjet.configure do |c|`. */
function opensBlock(text: string): boolean {
  const t = text.trimEnd();
  const last = t[t.length - 1];
  if (last === ':' || last === '{' || last === '(' || last === '[' || last === '|') return true;
  return t.endsWith(' do') || t.endsWith('=>');
}

// ---------------------------------------------------------------------------------------------------------
// The name a token is assigned to.

/** Words a generic credential key name is made of (`api_key`, `x-api-key`, `secretKey`, `smtp_password`). */
const KEY_WORDS = [
  'api', 'key', 'keys', 'secret', 'secrets', 'token', 'tokens', 'password', 'pass', 'passwd', 'pwd', 'private',
  'public', 'access', 'auth', 'authorization', 'server', 'account', 'app', 'application', 'client', 'track',
  'tracking', 'sending', 'signing', 'webhook', 'smtp', 'mail', 'email', 'rest', 'bearer', 'master', 'live',
  'prod', 'production', 'sandbox', 'v1', 'v2', 'v3', 'v4', 'my', 'default', 'user', 'username', 'login', 'id',
  'site', 'credential', 'credentials', 'value', 'x', 'full', 'send', 'sender', 'transactional',
  'marketing', 'basic', 'header', 'sk', 'enc', 'apikey', 'host',
];
/** At least one of these must be in the name: a name made only of qualifiers (`client_id`) is no secret. */
const KEY_NOUNS = new Set([
  'api', 'apikey', 'key', 'keys', 'secret', 'secrets', 'token', 'tokens', 'password', 'pass', 'passwd', 'pwd',
  'credential', 'credentials', 'auth', 'authorization', 'bearer', 'value', 'user', 'username', 'login',
]);
const WORDS_LONGEST_FIRST = [...KEY_WORDS].sort((a, b) => b.length - a.length);

/**
 * What a key name is made of: 'generic' for credential names (`api_key`, `X-API-Key`, `secretKey`,
 * `password`, `value`, `Bearer`), 'qualifier' for names of qualifiers only (`client_id`, `private`, or
 * nothing at all), 'other' for anything else (`checksum`, `cacheKey`, `message_id`).
 */
export function keyNameKind(name: string): 'generic' | 'qualifier' | 'other' {
  const norm = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  let i = 0;
  let noun = false;
  while (i < norm.length) {
    const word = WORDS_LONGEST_FIRST.find((w) => norm.startsWith(w, i));
    if (!word) return 'other';
    if (KEY_NOUNS.has(word)) noun = true;
    i += word.length;
  }
  return noun ? 'generic' : 'qualifier';
}

const QUOTES = '"\'`';
const NAME_CHARS = /[A-Za-z0-9_.$>-]/;
const LOOK_BACK = 120;
/** curl's `-u` / `--user` option: what follows is `user:password`. */
const CURL_USER = /^--?u(?:ser)?$/;

/**
 * The key a token at `index` is the value of: `api_key` in `api_key = "…"`, `"apiKey": "…"`,
 * `X-Postmark-Server-Token: …`, `$mail->Password = '…'`, `<ApiKey>…`; `Bearer` in `Bearer …`; `MJ_KEY` in
 * `define('MJ_KEY', '…')`. Returns '' when the token stands alone (a positional argument, a list item, a
 * line of its own). Only the last member of a dotted name is returned (`config.api_key` → `api_key`).
 */
export function keyNameBefore(text: string, index: number): string {
  const stop = Math.max(0, index - LOOK_BACK);
  let i = index;
  if (i > stop && QUOTES.includes(text[i - 1]!)) i--;
  i = skipSpaces(text, i, stop);
  const op = operatorStart(text, i, stop);
  if (op >= 0) return nameEndingAt(text, skipClosers(text, skipSpaces(text, op, stop), stop), stop);
  const before = i > stop ? text[i - 1]! : '';
  if (before === ',') return quotedNameBefore(text, i - 1, stop);
  if (before === '' || '([{'.includes(before)) return '';
  return nameEndingAt(text, i, stop);
}

function skipSpaces(text: string, i: number, stop: number): number {
  while (i > stop && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** Skips up to two closing quotes/brackets between a name and its operator (`"apiKey":`, `ENV["X"] =`). */
function skipClosers(text: string, i: number, stop: number): number {
  for (let n = 0; n < 2 && i > stop && (QUOTES.includes(text[i - 1]!) || text[i - 1] === ']'); n++) i--;
  return i;
}

/** Where an assignment operator (`=`, `:`, `=>`, `:=`, `>` of an XML tag) ends at `i`; -1 when none. */
function operatorStart(text: string, i: number, stop: number): number {
  if (i <= stop) return -1;
  const c = text[i - 1];
  if (c === '=' || c === ':') {
    const p = text[i - 2];
    return p === ':' || p === '=' || p === '!' ? i - 2 : i - 1;
  }
  if (c === '>') return text[i - 2] === '=' || text[i - 2] === '-' ? i - 2 : i - 1;
  return -1;
}

function nameEndingAt(text: string, end: number, stop: number): string {
  let i = end;
  while (i > stop && NAME_CHARS.test(text[i - 1]!)) i--;
  // `scheme://user:TOKEN@host`: the user name of a URL is not a key name.
  if (text.startsWith('//', i - 2)) return '';
  const full = text.slice(i, end);
  if (CURL_USER.test(full)) return 'user';
  const name = full.slice(Math.max(full.lastIndexOf('.'), full.lastIndexOf('>'), full.lastIndexOf('$')) + 1);
  return looksLikeValue(name) ? '' : name;
}

/** `define('MJ_KEY', '…')` and `("api", "…")`: the quoted name before a comma. */
function quotedNameBefore(text: string, comma: number, stop: number): string {
  let i = skipSpaces(text, comma, stop);
  if (i <= stop || !QUOTES.includes(text[i - 1]!)) return '';
  i--;
  const end = i;
  while (i > stop && NAME_CHARS.test(text[i - 1]!)) i--;
  const name = text.slice(i, end);
  // `"me@example.com", "…"`: the string before the comma is a value, not a name.
  if (i <= stop || !QUOTES.includes(text[i - 1]!)) return '';
  return looksLikeValue(name) ? '' : name;
}

/** A long run with digits is a value (the key half of `key:secret`), not a variable name. */
function looksLikeValue(name: string): boolean {
  return name.length >= 16 && /[0-9]/.test(name);
}
