/** Checks that separate a real-looking secret from filler, documentation and placeholders. */

const PLACEHOLDER_WORDS = /x{4}|your|example|placeholder|changeme|change_me|replace|dummy|sample|redacted|insert|fixme|todo|<|>|\$\{|\*{3}|\.{3}|…/gi;

/** True when the value is obviously not a real credential. */
export function isPlaceholder(secret: string): boolean {
  return hasPlaceholderWord(secret) || hasLongRun(secret) || isSequential(secret) || isPeriodic(secret);
}

/**
 * A stand-in word, as people write it: at the start of a word, in one case (`your-api-key`, `YOUR_KEY`).
 * A random key holds such letters by chance (`…itodOkv…` in a SendGrid key): that is no placeholder.
 */
function hasPlaceholderWord(secret: string): boolean {
  for (const m of secret.matchAll(PLACEHOLDER_WORDS)) {
    const word = m[0];
    if (!/^[a-z]/i.test(word)) return true;
    const inToken = /[a-z0-9]/i.test(secret[m.index - 1] ?? '') && !/^x+$/i.test(word);
    if (!inToken && (word === word.toLowerCase() || word === word.toUpperCase())) return true;
  }
  return false;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Six or more of the same character in a row (`aaaaaa`, `000000`); in a long token one more per 8 characters,
 * since a random 64-hex key holds a run of six once in some 20,000 keys, and must still be found.
 */
function hasLongRun(text: string): boolean {
  const limit = Math.max(6, Math.ceil(text.length / 8));
  let run = 1;
  for (let i = 1; i < text.length; i++) {
    run = text.charCodeAt(i) === text.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= limit) return true;
  }
  return false;
}

/** Mostly ascending runs (`0123456789abcdef…`, `abcdefgh…`). */
function isSequential(text: string): boolean {
  const body = alnumOnly(text);
  if (body.length < 8) return false;
  let steps = 0;
  for (let i = 1; i < body.length; i++) if (body.charCodeAt(i) - body.charCodeAt(i - 1) === 1) steps++;
  return steps / (body.length - 1) > 0.5;
}

/** A short unit repeated (`abc123abc123…`). */
function isPeriodic(text: string): boolean {
  const body = alnumOnly(text);
  if (body.length < 12) return false;
  for (let period = 1; period <= 8; period++) {
    let same = 0;
    for (let i = period; i < body.length; i++) if (body[i] === body[i - period]) same++;
    if (same / (body.length - period) >= 0.9) return true;
  }
  return false;
}

function alnumOnly(text: string): string {
  return text.replace(/[^0-9a-zA-Z]/g, '');
}

/** Lowercase, uppercase, digit, anything else: how many of the four the text uses. */
export function charClasses(text: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (const ch of text) {
    if (ch >= 'a' && ch <= 'z') lower = 1;
    else if (ch >= 'A' && ch <= 'Z') upper = 1;
    else if (ch >= '0' && ch <= '9') digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/** A value read from somewhere else: `process.env.X`, `os.environ[…]`, `${VAR}`, `getenv(…)`, `ENV[…]`, `{{ … }}`. */
const INDIRECT_VALUE =
  /process\.env|import\.meta\.env|os\.environ|getenv|\benv\(|ENV\[|ENV\.fetch|\$\{|^\$|%\(|\{\{|secrets\.|credentials\(|vault:|Environment\.|System\.|config\(|settings\.|ConfigurationManager|\(\)|\($/i;

/** The whole value is a variable: `%SMTP_PASSWORD%` (Windows batch, Symfony parameters). */
const WINDOWS_VARIABLE = /^%[A-Za-z][\w.()-]{1,64}%$/;

/** Words that make a password a stand-in rather than a secret. */
const WEAK_PASSWORD = /password|passwd|secret|changeme|change_me|letmein|qwerty|admin|default|test|demo|example|sample|dummy|fake|foobar|hunter2|12345|abcdef|mypass|none|null|undefined|empty|todo|tbd/i;

/** An identifier or member access without digits (`smtpPass`, `config.smtp.pass`): code, not a literal. */
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:(?:\.|->|::)[A-Za-z_$][\w$]*)*[;,)]?$/;

/** A real-looking password: long enough, varied, not a placeholder, not read from the environment. */
export function isRealPassword(value: string): boolean {
  if (value.length < 8 || isPlaceholder(value) || INDIRECT_VALUE.test(value) || WEAK_PASSWORD.test(value)) return false;
  if (WINDOWS_VARIABLE.test(value)) return false;
  if (CODE_REFERENCE.test(value) && !/[0-9]/.test(value)) return false;
  if (shannonEntropy(value) < 2.5) return false;
  return charClasses(value) >= 2 || value.length >= 16;
}

/** A JSON Web Token: three base64url parts whose first decodes to a JSON header with `alg`. */
export function isJwt(value: string): boolean {
  const [head, body, sig] = value.split('.');
  if (!head || !body || !sig) return false;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string';
  } catch {
    return false;
  }
}

export const VALIDATORS: Record<string, (secret: string) => boolean> = {
  password: isRealPassword,
  jwt: isJwt,
};

/** The base64 text decoded (latin1, so that any byte string decodes). */
export function base64Decoded(value: string): string {
  return Buffer.from(value, 'base64').toString('latin1');
}
