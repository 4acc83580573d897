import { describe, expect, it } from 'vitest';
import { closeSync, openSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fake, TempRepo, type RunResult } from '../helpers.js';
import { places, report, utf16 } from './hostile-support.js';

/**
 * Hostile content in a staged change. Each case states the exit code and exactly which findings
 * (`file:line:column`) `mailguard scan --staged --format json` must give.
 */

interface Case {
  name: string;
  /** Builds the repository; returns the findings expected, as `file:line:column`. */
  build: (repo: TempRepo) => string[];
  /** Extra checks on the JSON report. */
  check?: (r: RunResult) => void;
}

/** `file:line:column` of `key` in `text` (1-based, columns in UTF-16 code units as JavaScript counts them). */
function at(file: string, text: string, key: string): string {
  const before = text.slice(0, text.indexOf(key));
  const lines = before.split('\n');
  return `${file}:${lines.length}:${lines[lines.length - 1]!.length + 1}`;
}

function keyed(repo: TempRepo, file: string, text: string, key: string): string {
  repo.add(file, text);
  return at(file, text, key);
}

const cases: Case[] = [
  {
    name: 'a binary file (NUL bytes) is skipped and counted; the text file next to it is scanned',
    build: (repo) => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from(`MAILGUN_API_KEY=${fake.mailgunKey()}\n`)]);
      repo.add('logo.png', png);
      const key = fake.mailgunKey();
      return [keyed(repo, '.env', `MAILGUN_API_KEY=${key}\n`, key)];
    },
    check: (r) => expect(report(r).stats).toMatchObject({ files: 1, binaryFiles: 1 }),
  },
  {
    name: 'bytes that are not UTF-8 around the key: found, each bad byte one column',
    build: (repo) => {
      const key = fake.mailgunKey();
      repo.add('notes.txt', Buffer.concat([Buffer.from('a'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(` MAILGUN_API_KEY=${key}\n`)]));
      return [`notes.txt:1:${1 + 3 + ' MAILGUN_API_KEY='.length + 1}`];
    },
  },
  {
    name: 'UTF-16LE with a BOM and CRLF (Windows Notepad): decoded, found at its line',
    build: (repo) => {
      const key = fake.mailgunKey();
      repo.add('.env', utf16(`# mail\r\nMAILGUN_API_KEY=${key}\r\n`, 'le', true));
      return ['.env:2:17'];
    },
  },
  {
    name: 'UTF-16BE with a BOM: decoded, found at its line',
    build: (repo) => {
      const key = fake.sendgridKey();
      repo.add('mail.cfg', utf16(`[mail]\napi_key = ${key}\n`, 'be', true));
      return ['mail.cfg:2:11'];
    },
  },
  {
    name: 'UTF-16LE without a BOM: NUL-interleaved text is decoded, not taken for binary',
    build: (repo) => {
      const key = fake.mailgunKey();
      repo.add('settings.ini', utf16(`[mailgun]\nkey=${key}\n`, 'le', false));
      return ['settings.ini:2:5'];
    },
  },
  {
    name: 'UTF-16LE file edited in the middle (the hunk does not start at line 1)',
    build: (repo) => {
      repo.add('app.env', utf16('# one\r\n# two\r\n# three\r\n', 'le', true)).commit('utf-16 settings');
      const key = fake.mailgunKey();
      repo.add('app.env', utf16(`# one\r\n# two\r\n# three\r\nMAILGUN_API_KEY=${key}\r\n`, 'le', true));
      return ['app.env:4:17'];
    },
  },
  {
    name: 'CRLF line ends: right line and column, the CR is not part of the token',
    build: (repo) => {
      const key = fake.mailgunKey();
      return [keyed(repo, 'win.env', `A=1\r\nMAILGUN_API_KEY=${key}\r\nB=2\r\n`, key)];
    },
    check: (r) => expect(report(r).findings[0]).toMatchObject({ redacted: expect.stringMatching(/^key-\w{4}…$/) }),
  },
  {
    name: 'mixed line ends (LF, CRLF, a lone CR inside a line): lines counted as git counts them',
    build: (repo) => {
      const [a, b] = [fake.mailgunKey(), fake.sendgridKey()];
      const text = `x=1\nMAILGUN_API_KEY=${a}\r\nold\rSENDGRID_API_KEY=${b}\n`;
      repo.add('mixed.env', text);
      return [at('mixed.env', text, a), at('mixed.env', text, b)];
    },
  },
  {
    name: 'no newline at the end of the file',
    build: (repo) => {
      const key = fake.mailgunKey();
      return [keyed(repo, 'last.env', `A=1\nMAILGUN_API_KEY=${key}`, key)];
    },
  },
  {
    name: 'an empty file',
    build: (repo) => {
      repo.add('empty.txt', '');
      return [];
    },
  },
  {
    name: 'a symlink: its target is a path, not content, and is not followed',
    build: (repo) => {
      repo.write('secret.txt', 'kept out of git\n');
      symlinkSync(`MAILGUN_API_KEY=${fake.mailgunKey()}`, join(repo.dir, 'odd-link'));
      symlinkSync('secret.txt', join(repo.dir, 'link-to-file'));
      repo.git('add', 'odd-link', 'link-to-file');
      return [];
    },
  },
  {
    name: 'a submodule pointer change, even with diff.submodule=diff configured: the pointer is not content',
    build: (repo) => {
      const lib = new TempRepo().add('a.txt', 'a\n').commit('lib');
      repo.add('README.md', '# app\n').commit('init');
      repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'lib');
      repo.commit('add lib');
      lib.add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('key in the submodule');
      repo.git('-C', 'lib', 'pull', '-q', 'origin', 'main');
      repo.git('add', 'lib');
      repo.git('config', 'diff.submodule', 'diff');
      return [];
    },
  },
  {
    name: 'a mode change only, on a committed file that holds a key',
    build: (repo) => {
      repo.add('run.sh', `#!/bin/sh\nexport MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('script');
      repo.git('update-index', '--chmod=+x', 'run.sh');
      return [];
    },
  },
  {
    name: 'a rename without edits of a file that holds a key',
    build: (repo) => {
      repo.add('old.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('env');
      repo.git('mv', 'old.env', 'new.env');
      return [];
    },
  },
  {
    name: 'a rename with edits: only the added key, at its line in the new path',
    build: (repo) => {
      // Enough unchanged lines for git to pair the two names (more than half the content is the same).
      const old = `${Array.from({ length: 12 }, (_, i) => `SETTING_${i}=value ${i}`).join('\n')}\nMAILGUN_API_KEY=${fake.mailgunKey()}\n`;
      repo.add('old.env', old).commit('env');
      repo.git('mv', 'old.env', 'moved.env');
      const key = fake.sendgridKey();
      return [keyed(repo, 'moved.env', `${old}SENDGRID_API_KEY=${key}\n`, key)];
    },
  },
  {
    name: 'a copy (the original stays): the copy is a new file that holds the key',
    build: (repo) => {
      const key = fake.mailgunKey();
      repo.add('a.env', `MAILGUN_API_KEY=${key}\n`).commit('env');
      return [keyed(repo, 'b.env', `MAILGUN_API_KEY=${key}\n`, key)];
    },
  },
  {
    name: 'a deleted file that holds a key: nothing is added, nothing to report',
    build: (repo) => {
      repo.add('gone.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('env');
      repo.git('rm', '-q', 'gone.env');
      return [];
    },
  },
  {
    name: '.gitattributes -diff, binary and a textconv that hides the key, diff.external, noprefix, colour: the real content is seen',
    build: (repo) => {
      repo.add('.gitattributes', '*.env -diff\n*.bin binary\n*.cfg diff=hide\n').commit('attributes');
      repo.git('config', 'diff.hide.textconv', 'sed s/key-/XXXX-/');
      repo.git('config', 'diff.external', 'false');
      repo.git('config', 'diff.noprefix', 'true');
      repo.git('config', 'color.ui', 'always');
      return ['a.env', 'b.bin', 'c.cfg'].map((file) => {
        const key = fake.mailgunKey();
        return keyed(repo, file, `MAILGUN_API_KEY=${key}\n`, key);
      });
    },
  },
];

describe('hostile content in the staged changes (scan --staged --format json)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const repo = new TempRepo();
      const expected = c.build(repo).sort();
      const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
      expect(r.code, r.stderr).toBe(expected.length > 0 ? 1 : 0);
      expect(places(r)).toEqual(expected);
      c.check?.(r);
    });
  }
});

/** A line of `n` bytes of minified-looking code. */
function filler(n: number): string {
  return 'a=1;'.repeat(Math.ceil(n / 4)).slice(0, n);
}

describe('huge lines and files', () => {
  it('a 2 MB minified line: a key in the middle and one straddling the 1 MiB segment cut, staged and on disk', () => {
    const [mid, edge] = [fake.mailgunKey(), fake.mailgunKey()];
    const middle = `${filler(1_000_000)}var k="${mid}";${filler(1_000_000)}`;
    // In the diff the line starts with "+": the cut at 1 MiB of the diff line falls 20 characters into the key.
    const lead = 'mailgun_key="';
    const straddling = `${filler((1 << 20) - 1 - 20 - lead.length)}${lead}${edge}";${filler(1_000_000)}`;
    expect(straddling.indexOf(edge)).toBeLessThan((1 << 20) - 1);
    expect(straddling.indexOf(edge) + edge.length).toBeGreaterThan((1 << 20) - 1);
    const repo = new TempRepo().add('dist/mid.min.js', `${middle}\n`).add('dist/edge.min.js', straddling);
    const expected = [`dist/edge.min.js:1:${straddling.indexOf(edge) + 1}`, `dist/mid.min.js:1:${middle.indexOf(mid) + 1}`];
    const staged = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(staged.code).toBe(1);
    expect(places(staged)).toEqual(expected);
    const files = repo.mailguard(['scan', 'dist', '--format', 'json']);
    expect(files.code).toBe(1);
    expect(places(files)).toEqual(expected);
  });

  it('a 100 MB staged file: the key is found at its line, memory stays under 150 MB', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo();
    const line = 'const text = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod";\n';
    const chunk = line.repeat(Math.ceil((1 << 20) / line.length));
    const linesPerChunk = chunk.length / line.length;
    const fd = openSync(join(repo.dir, 'big.js'), 'w');
    for (let i = 0; i < 100; i++) {
      writeSync(fd, chunk);
      if (i === 60) writeSync(fd, `const MAILGUN_API_KEY = "${key}";\n`);
    }
    closeSync(fd);
    repo.git('add', 'big.js');
    const started = Date.now();
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(1);
    expect(places(r)).toEqual([`big.js:${61 * linesPerChunk + 1}:26`]);
    const { stats } = report(r);
    expect(stats.bytes).toBeGreaterThan(100_000_000);
    expect(stats.maxRssKb).toBeLessThan(150 * 1024);
    console.log(`100 MB staged file: ${seconds.toFixed(1)} s, maxRssKb ${stats.maxRssKb}`);
  });
});
