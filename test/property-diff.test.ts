import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { providers } from '../rules/index.js';
import { DiffParser, type AddedLine } from '../src/diff/parse.js';
import { LineSplitter } from '../src/diff/split.js';
import { compileRules } from '../src/engine/compile.js';
import type { Finding } from '../src/engine/finding.js';
import { Scanner } from '../src/engine/match.js';
import { scanText } from '../src/engine/scan-text.js';

/**
 * Property test of the diff parser (and the engine behind it): random unified diffs, as git writes them,
 * with keys planted at random places, random line ends and encodings, fed in random chunk sizes. Every
 * planted key on an added line is found at its file and line; none on a removed or context line is; the
 * parser never throws, and the chunking never changes what it yields.
 */

const rules = compileRules(providers);
const LOWER36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';

/** A pseudo-random token from a seed: shrinking the seed never makes it a low-entropy `AAAA…` that no rule accepts. */
function token(seed: number, alphabet: string, n: number): string {
  let x = seed | 1;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) ^ (x + 0x6d2b79f5);
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

/** Self-identifying tokens: each names its provider, so no context is needed to find it. */
const KEY = fc.tuple(fc.nat({ max: 2 }), fc.integer()).map(([kind, seed]) => {
  if (kind === 0) return `key-${token(seed, LOWER36, 32)}`;
  if (kind === 1) return `SG.${token(seed, URLSAFE, 22)}.${token(seed + 1, URLSAFE, 43)}`;
  return `mlsn.${token(seed, HEX, 64)}`;
});

/** Filler characters that hold no 0x0a byte in any encoding used here (git splits lines on that byte). */
const FILLER = fc.string({ unit: fc.constantFrom(...'abcdefghij klmnop=;:,(){}[]<>/\'"é✉日ß'), maxLength: 40 });

interface PlannedLine {
  text: string;
  key: string | null;
}

const LINE: fc.Arbitrary<PlannedLine> = fc.oneof(
  { weight: 3, arbitrary: FILLER.map((text) => ({ text, key: null })) },
  { weight: 1, arbitrary: fc.tuple(FILLER, KEY, FILLER).map(([a, key, b]) => ({ text: `${a} "${key}" ${b}`, key })) },
);

type Encoding = 'utf8' | 'utf16le' | 'utf16be';
type Eol = 'lf' | 'crlf' | 'mixed';

interface PlannedFile {
  path: string;
  encoding: Encoding;
  bom: boolean;
  eol: Eol;
  lines: PlannedLine[];
  /** Hunks as [first line index, added count, context lines before it, removed lines]. */
  hunks: Array<{ at: number; added: number; context: number; removed: PlannedLine[] }>;
  newFile: boolean;
  finalNewline: boolean;
}

const PATH = fc.constantFrom('src/a.ts', '.env', 'with space.env', 'q"uote.env', 'ünï.env', 'tab\there.env', '-dash.env', 'dir/new\nline.env', 'a\\b.txt');

const FILE: fc.Arbitrary<PlannedFile> = fc
  .record({
    path: PATH,
    encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf16le', 'utf16be'),
    bom: fc.boolean(),
    eol: fc.constantFrom<Eol>('lf', 'crlf', 'mixed'),
    lines: fc.array(LINE, { minLength: 1, maxLength: 30 }),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
    newFile: fc.boolean(),
    finalNewline: fc.boolean(),
    removed: fc.array(fc.array(LINE, { maxLength: 3 }), { minLength: 3, maxLength: 3 }),
    context: fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 3 }),
  })
  .map((r) => {
    const n = r.lines.length;
    const hunks: PlannedFile['hunks'] = [];
    if (r.newFile) {
      hunks.push({ at: 0, added: n, context: 0, removed: [] });
    } else {
      // Disjoint ranges of the new lines, in order, each with some context before it and some removed lines.
      const points = [...new Set(r.cuts.map((c) => c % (n + 1)))].sort((a, b) => a - b);
      let from = 0;
      for (let i = 0; i + 1 < points.length && hunks.length < 3; i += 2) {
        const at = Math.max(points[i]!, from);
        const added = points[i + 1]! - at;
        if (added <= 0) continue;
        const context = Math.min(r.context[hunks.length]!, at - from);
        hunks.push({ at, added, context, removed: r.removed[hunks.length]! });
        from = at + added;
      }
    }
    return { path: r.path, encoding: r.encoding, bom: r.bom, eol: r.eol, lines: r.lines, hunks, newFile: r.newFile, finalNewline: r.finalNewline };
  });

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf16le' ? le : le.swap16();
}

function eolOf(eol: Eol, i: number): string {
  return eol === 'lf' || (eol === 'mixed' && i % 2 === 0) ? '\n' : '\r\n';
}

/** The file's bytes split where git splits them: on every 0x0a byte (UTF-16LE leaves a last piece, the NUL after it). */
function pieces(f: PlannedFile): { split: Buffer[]; endsWithNewline: boolean } {
  let text = f.bom ? '\ufeff' : '';
  f.lines.forEach((l, i) => (text += l.text + (i < f.lines.length - 1 || f.finalNewline ? eolOf(f.eol, i) : '')));
  const bytes = encode(text, f.encoding);
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    out.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return { split: out, endsWithNewline: bytes[bytes.length - 1] === 0x0a };
}

/** git's C quoting of a path with core.quotePath on. */
function quote(path: string): string {
  if (!/[\x00-\x1f\x7f"\\\x80-\uffff]/.test(path)) return path;
  let out = '"';
  for (const byte of Buffer.from(path, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function prefixed(prefix: string, path: string): string {
  const q = quote(path);
  return q.startsWith('"') ? `"${prefix}${q.slice(1)}` : `${prefix}${q}`;
}

interface Planted {
  file: string;
  line: number;
  key: string;
}

/** The diff git would print, and the keys it adds (on `+` lines) and only shows (context and `-` lines). */
function diffOf(files: PlannedFile[]): { diff: Buffer; added: Planted[]; shown: string[] } {
  const parts: Buffer[] = [];
  const added: Planted[] = [];
  const shown: string[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, 'utf8'));
  for (const f of files) {
    const { split, endsWithNewline } = pieces(f);
    text(`diff --git ${prefixed('a/', f.path)} ${prefixed('b/', f.path)}\n`);
    text(f.newFile ? 'new file mode 100644\nindex 0000000..1111111\n' : 'index 2222222..1111111 100644\n');
    text(`--- ${f.newFile ? '/dev/null' : prefixed('a/', f.path)}\n+++ ${prefixed('b/', f.path)}\n`);
    for (const h of f.hunks) {
      // A range that reaches the last line takes the piece git shows after it too (a UTF-16LE file's last NUL).
      const count = h.at + h.added >= f.lines.length ? split.length - h.at : h.added;
      if (count <= 0) continue;
      const first = h.at - h.context;
      text(`@@ -${f.newFile ? 0 : first + 1},${f.newFile ? 0 : h.context + h.removed.length} +${first + 1},${h.context + count} @@\n`);
      for (let i = first; i < h.at; i++) {
        parts.push(Buffer.from(' '), split[i]!, Buffer.from('\n'));
        if (f.lines[i]!.key) shown.push(f.lines[i]!.key!);
      }
      for (const r of h.removed) {
        text(`-${r.text}\n`);
        if (r.key) shown.push(r.key);
      }
      for (let i = h.at; i < h.at + count; i++) {
        parts.push(Buffer.from('+'), split[i]!, Buffer.from('\n'));
        const key = f.lines[i]?.key;
        if (key) added.push({ file: f.path, line: i + 1, key });
      }
      if (h.at + count === split.length && !endsWithNewline) text('\\ No newline at end of file\n');
    }
  }
  return { diff: Buffer.concat(parts), added, shown };
}

function parse(diff: Buffer, chunks: number[]): AddedLine[] {
  const lines: AddedLine[] = [];
  const splitter = new LineSplitter(new DiffParser((l) => lines.push(l)));
  let pos = 0;
  for (let i = 0; pos < diff.length; i++) {
    const size = chunks.length > 0 ? 1 + (chunks[i % chunks.length]! % 97) : diff.length;
    splitter.push(diff.subarray(pos, pos + size));
    pos += size;
  }
  splitter.end();
  return lines;
}

function scan(diff: Buffer): Finding[] {
  const findings: Finding[] = [];
  const scanner = new Scanner(rules, (f) => findings.push(f), ['mailguard:allow', '\u0000']);
  const splitter = new LineSplitter(new DiffParser((l) => scanner.scan(l)));
  splitter.push(diff);
  splitter.end();
  scanner.end();
  return findings;
}

describe('property: random diffs with planted keys', () => {
  it('every key on an added line is found at its file and line, in any chunking; no other is', () => {
    fc.assert(
      fc.property(fc.uniqueArray(FILE, { selector: (f) => f.path, minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 8 }), (files, chunks) => {
        const { diff, added, shown } = diffOf(files);
        const whole = parse(diff, []);
        expect(parse(diff, chunks)).toEqual(whole);
        for (const p of added) {
          const line = whole.find((l) => l.file === p.file && l.line === p.line);
          expect(line?.text, `${JSON.stringify(p)}`).toContain(p.key);
        }
        const findings = scan(diff);
        const found = findings.map((f) => `${f.file}:${f.line}`);
        for (const p of added) expect(found, JSON.stringify(p)).toContain(`${p.file}:${p.line}`);
        const onAdded = new Set(added.map((p) => p.key));
        for (const key of shown.filter((k) => !onAdded.has(k))) {
          expect(whole.some((l) => l.text.includes(key)), `shown only: ${key}`).toBe(false);
        }
        for (const f of findings) {
          const line = whole.find((l) => l.file === f.file && l.line === f.line)!;
          expect(f.column).toBeGreaterThan(0);
          expect(line.text.length).toBeGreaterThanOrEqual(f.column);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary bytes, nor on a real diff cut and spliced at random', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, chunks) => {
        parse(Buffer.from(bytes), chunks);
        scan(Buffer.from(bytes));
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(fc.uniqueArray(FILE, { selector: (f) => f.path, minLength: 1, maxLength: 3 }), fc.nat(), fc.nat(), (files, a, b) => {
        const { diff } = diffOf(files);
        const cut = Buffer.concat([diff.subarray(0, a % (diff.length + 1)), diff.subarray(b % (diff.length + 1))]);
        parse(cut, [a, b]);
      }),
      { numRuns: 200 },
    );
  });

  it('counterexamples it found: random keys that hold a placeholder word or a run of six by chance are still keys', () => {
    const cases = [
      `SG.${token(1, URLSAFE, 8)}itodOk${token(2, URLSAFE, 8)}.${token(3, URLSAFE, 43)}`,
      `mlsn.${token(4, HEX, 30)}777777${token(5, HEX, 28)}`,
      `key-${token(6, LOWER36, 10)}yourd${token(7, LOWER36, 17)}`.replace('yourd', 'yOurd'),
    ];
    for (const key of cases) expect(scanText(rules, ` "${key}" `).map((f) => f.line), key).toEqual([1]);
    expect(scanText(rules, ' "SG.your-api-key-goes-here-xx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ')).toEqual([]);
  });
});
