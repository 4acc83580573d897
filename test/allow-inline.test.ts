import { describe, expect, it } from 'vitest';
import { providers } from '../rules/index.js';
import { AllowFilter } from '../src/allow/filter.js';
import { findMarker } from '../src/allow/inline.js';
import type { AddedLine } from '../src/diff/parse.js';
import { compileRules } from '../src/engine/compile.js';
import { Scanner } from '../src/engine/match.js';
import { fake } from './helpers.js';

describe('findMarker', () => {
  it.each([
    ['x = 1 // mailguard:allow revoked test key', 'revoked test key'],
    ['x = 1 # mailguard:allow', null],
    ['x = 1 /* mailguard:allow fixture */ + 2', 'fixture'],
    ['<!-- mailguard:allow docs example -->', 'docs example'],
    ['x = 1 // mailguard:allow: reviewed by ops', 'reviewed by ops'],
    ['x = 1 // mailguard:allow -- eslint style', 'eslint style'],
    ['x = 1 // mailguard:allow — em dash', 'em dash'],
  ])('same line: %s', (text, reason) => {
    expect(findMarker(text, 'same-line')).toEqual({ kind: 'same-line', reason });
  });

  it.each([
    ['// mailguard:allow-next-line fixture of the parser', 'fixture of the parser'],
    ['# mailguard:allow-next-line', null],
    ['{# mailguard:allow-next-line template #}', 'template'],
  ])('next line: %s', (text, reason) => {
    expect(findMarker(text, 'next-line')).toEqual({ kind: 'next-line', reason });
    expect(findMarker(text, 'same-line')).toBeNull();
  });

  it.each(['mailguard:allowed', 'xmailguard:allow', 'mailguard:allow-nextline', 'mailguard:allow_x', 'mailguard allow', 'MAILGUARD:ALLOW'])(
    'is not fooled by %s',
    (text) => {
      expect(findMarker(`k = 1 // ${text}`, 'same-line')).toBeNull();
      expect(findMarker(`k = 1 // ${text}`, 'next-line')).toBeNull();
    },
  );

  it('a same-line marker is not a next-line marker', () => {
    expect(findMarker('// mailguard:allow fixture', 'next-line')).toBeNull();
  });

  it('cuts a very long reason', () => {
    const reason = findMarker(`// mailguard:allow ${'x'.repeat(500)}`, 'same-line')!.reason!;
    expect(reason.length).toBeLessThanOrEqual(201);
  });
});

describe('AllowFilter', () => {
  const rules = compileRules(providers);

  function run(lines: string[], opts: { inline?: boolean; added?: (n: number) => boolean } = {}) {
    const filter = new AllowFilter({}, rules, opts.inline ?? true);
    const scanner = new Scanner(rules, (f, line) => filter.judge(f, line));
    lines.forEach((text, i) => {
      if (opts.added && !opts.added(i + 1)) return;
      const line: AddedLine = { file: 'a.ts', line: i + 1, text, offset: 0, commit: null };
      filter.see(line);
      scanner.scan(line);
    });
    return { filter, file: lines };
  }

  it('never puts the secret into a reason', async () => {
    const key = fake.mailgunKey();
    const other = fake.sendgridKey();
    const { filter } = run([`k = '${key}' // mailguard:allow the key ${key} and ${other} are revoked`]);
    const out = await filter.settle();
    expect(out.suppressed).toHaveLength(3); // every key on the line is allowed by its marker
    for (const s of out.suppressed) {
      expect(s.reason).not.toContain(key);
      expect(s.reason).not.toContain(other);
      expect(s.reason).toContain(`the key ${key.slice(0, 8)}…`);
    }
  });

  it('reads the line above only for findings whose previous line was not scanned, once per file', async () => {
    const lines = ['// mailguard:allow-next-line fixture', `a = '${fake.mailgunKey()}'`, 'x', `b = '${fake.mailgunKey()}'`, `c = '${fake.mailgunKey()}'`];
    const { filter } = run(lines, { added: (n) => n === 2 || n === 5 });
    const reads: string[] = [];
    const out = await filter.settle(async (refs) => {
      reads.push(...refs.map((r) => `${r.file}:${r.lines.join(',')}`));
      return refs.map((r) => new Map(r.lines.map((n) => [n, lines[n - 1]!])));
    });
    expect(reads).toEqual(['a.ts:1,4']);
    expect(out.suppressed.map((s) => s.line)).toEqual([2]);
    expect(out.findings.map((f) => f.line)).toEqual([5]);
  });

  it('without a way to read the file, an unseen line above cannot allow (fails closed)', async () => {
    const { filter } = run(['// mailguard:allow-next-line', `a = '${fake.mailgunKey()}'`], { added: (n) => n === 2 });
    const out = await filter.settle();
    expect(out.findings).toHaveLength(1);
  });

  it('in strict mode reports the finding and remembers its marker', async () => {
    const { filter } = run([`a = '${fake.mailgunKey()}' // mailguard:allow fixture`], { inline: false });
    const out = await filter.settle();
    expect(out.suppressed).toEqual([]);
    expect([...out.ignoredMarkers.values()]).toEqual(['fixture']);
  });
});
