// Deterministic workload generators shared by the benchmarks: the same seed gives the same bytes.

/** mulberry32: a small seeded PRNG; returns () => [0, 1). */
export function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['const', 'let', 'return', 'function', 'import', 'export', 'await', 'async', 'user', 'config', 'value', 'result', 'items', 'index', 'name', 'data', 'error', 'response', 'request', 'handler', 'server', 'client', 'options', 'key', 'map', 'filter', 'string', 'number', 'true', 'false', 'null', 'if', 'else', 'for', 'of', 'new', 'this'];
const HEX = '0123456789abcdef';

export function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

export function token(random, alphabet, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

/** One line of ordinary source code, sometimes with a hash or an email-ish word in it. */
export function codeLine(random) {
  const n = 3 + Math.floor(random() * 9);
  const words = [];
  for (let i = 0; i < n; i++) words.push(pick(random, WORDS));
  const r = random();
  if (r < 0.02) words.push(`'${token(random, HEX, 40)}'`);
  else if (r < 0.03) words.push('// send the mail through the provider');
  return '  '.repeat(Math.floor(random() * 4)) + words.join(' ') + ';';
}

/** About `bytes` of code lines. */
export function realisticLines(random, bytes) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const line = codeLine(random);
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}
