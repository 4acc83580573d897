/** Checks that separate a real-looking secret from filler, documentation and placeholders. */

const PLACEHOLDER_WORDS = /x{4}|your|example|placeholder|changeme|change_me|replace|dummy|sample|redacted|insert|fixme|todo|<|>|\$\{|\*{3}|\.{3}|…/i;

/** True when the value is obviously not a real credential. */
export function isPlaceholder(secret: string): boolean {
  return PLACEHOLDER_WORDS.test(secret) || hasLongRun(secret) || isSequential(secret) || isPeriodic(secret);
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

/** Six or more of the same character in a row (`aaaaaa`, `000000`). */
function hasLongRun(text: string): boolean {
  let run = 1;
  for (let i = 1; i < text.length; i++) {
    run = text.charCodeAt(i) === text.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= 6) return true;
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
