import { describe, expect, it } from 'vitest';
import { DiffParser, parseNewPath, unquoteC, type AddedLine } from '../../src/diff/parse.js';
import { LineSplitter, SEGMENT_BYTES } from '../../src/diff/split.js';

function parse(diff: string | Buffer, chunk = 7): { lines: AddedLine[]; parser: DiffParser } {
  const lines: AddedLine[] = [];
  const parser = new DiffParser((l) => lines.push(l));
  const splitter = new LineSplitter(parser);
  const buf = Buffer.isBuffer(diff) ? diff : Buffer.from(diff);
  for (let i = 0; i < buf.length; i += chunk) splitter.push(buf.subarray(i, i + chunk));
  splitter.end();
  return { lines, parser };
}

const simple = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -3,0 +4,2 @@ function x() {',
  '+const a = 1;',
  '+++ not a header, an added line that starts with ++',
  '@@ -10 +11,0 @@',
  '-removed line',
  '@@ -20,2 +20 @@',
  '-old one',
  '-old two',
  '+new twenty',
  '',
].join('\n');

describe('DiffParser', () => {
  it('yields added lines with their new-version line numbers', () => {
    const { lines, parser } = parse(simple);
    expect(lines.map((l) => [l.file, l.line, l.text])).toEqual([
      ['src/a.ts', 4, 'const a = 1;'],
      ['src/a.ts', 5, '++ not a header, an added line that starts with ++'],
      ['src/a.ts', 20, 'new twenty'],
    ]);
    expect(parser.stats).toMatchObject({ files: 1, addedLines: 3, binaryFiles: 0 });
  });

  it('gives nothing for deleted files and removed lines', () => {
    const diff = ['diff --git a/old.env b/old.env', 'deleted file mode 100644', '--- a/old.env', '+++ /dev/null', '@@ -1,2 +0,0 @@', '-A=1', '-B=2', ''].join('\n');
    expect(parse(diff).lines).toEqual([]);
  });

  it('handles CRLF, quoted paths and a missing final newline marker', () => {
    const diff = [
      'diff --git "a/dir/caf\\303\\251 \\"x\\".env" "b/dir/caf\\303\\251 \\"x\\".env"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/dir/caf\\303\\251 \\"x\\".env"',
      '@@ -0,0 +1,2 @@',
      '+A=1\r',
      '+B=2',
      '\\ No newline at end of file',
    ].join('\n');
    const { lines } = parse(diff);
    expect(lines.map((l) => [l.file, l.line, l.text])).toEqual([
      ['dir/café "x".env', 1, 'A=1'],
      ['dir/café "x".env', 2, 'B=2'],
    ]);
  });

  it('skips submodule pointers and files whose added content has NUL bytes', () => {
    const diff = Buffer.concat([
      Buffer.from(['diff --git a/sub b/sub', 'new file mode 160000', 'index 0000000..abcdef1', '--- /dev/null', '+++ b/sub', '@@ -0,0 +1 @@', '+Subproject commit abcdef1234567890abcdef1234567890abcdef12', ''].join('\n')),
      Buffer.from(['diff --git a/img.png b/img.png', 'new file mode 100644', '--- /dev/null', '+++ b/img.png', '@@ -0,0 +1,2 @@', '+\x89PNG\x00\x00', '+more', ''].join('\n')),
    ]);
    const { lines, parser } = parse(diff);
    expect(lines).toEqual([]);
    expect(parser.stats.binaryFiles).toBe(1);
  });

  it('hands a huge line on in overlapping segments with correct offsets', () => {
    const token = 'TOKEN_AT_THE_CUT';
    const body = 'a'.repeat(SEGMENT_BYTES - 5) + token + 'b'.repeat(SEGMENT_BYTES);
    const diff = `diff --git a/m.js b/m.js\n--- /dev/null\n+++ b/m.js\n@@ -0,0 +1 @@\n+${body}\n`;
    const { lines } = parse(diff, 65536);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.line === 1)).toBe(true);
    const hit = lines.find((l) => l.text.includes(token))!;
    expect(hit.offset + hit.text.indexOf(token)).toBe(body.indexOf(token));
    for (const l of lines) expect(body.slice(l.offset, l.offset + l.text.length)).toBe(l.text);
  });

  it('reads plain (non-git) unified diffs', () => {
    const diff = ['--- a/config.yml\t2024-01-01', '+++ b/config.yml\t2024-01-02', '@@ -1 +1,2 @@', ' keep', '+added: 1', ''].join('\n');
    expect(parse(diff).lines.map((l) => [l.file, l.line, l.text])).toEqual([['config.yml', 2, 'added: 1']]);
  });
});

describe('paths', () => {
  it('unquotes C-style paths', () => {
    expect(unquoteC('"a\\tb\\nc\\\\d"')).toBe('a\tb\nc\\d');
    expect(parseNewPath('b/x y.txt', true)).toBe('x y.txt');
    expect(parseNewPath('/dev/null', true)).toBeNull();
  });
});
