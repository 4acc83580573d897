import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fake, run, TempRepo } from '../helpers.js';
import { places, report } from './hostile-support.js';

/**
 * Hostile file names: every one is found under its exact name (JSON), shown on one line (text), and the
 * commands the report prints work on it when pasted into a shell.
 */

const NAMES = [
  'with space.env',
  'q"uote.env',
  "it's.env",
  'new\nline.env',
  'tab\there.env',
  'back\\slash.env',
  'ünïcødé ✉.env',
  '-dash.env',
  '--double.env',
  'cmd$(touch pwned).env',
  'dir with space/-inner.env',
];

/** A repository with a dotenv file under each hostile name, each holding its own key. */
function namedRepo(): { repo: TempRepo; keys: string[] } {
  const repo = new TempRepo().add('README.md', '# app\n').commit('init');
  const keys = NAMES.map((name) => {
    const key = fake.mailgunKey();
    repo.write(name, `MAILGUN_API_KEY=${key}\n`);
    return key;
  });
  repo.git('add', '--', ...NAMES);
  return { repo, keys };
}

const expected = NAMES.map((n) => `${n}:1:17`).sort();

describe('hostile file names', () => {
  it('scan --staged: each found under its exact name, exit 1, no key printed', () => {
    const { repo, keys } = namedRepo();
    const r = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect(places(r)).toEqual(expected);
    for (const key of keys) expect(r.stdout + r.stderr).not.toContain(key);
  });

  it('scan --history: the C-quoted names of git log are read back exactly', () => {
    const { repo } = namedRepo();
    repo.commit('names');
    const r = repo.mailguard(['scan', '--history', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect(places(r)).toEqual(expected);
  });

  it('scan PATH: the same names on disk', () => {
    const { repo } = namedRepo();
    const r = repo.mailguard(['scan', '--format', 'json', '--', ...NAMES]);
    expect(r.code, r.stderr).toBe(1);
    expect(places(r)).toEqual(expected);
  });

  it('text: each finding on one line, the name with a newline escaped; the printed commands work when pasted', () => {
    const { repo, keys } = namedRepo();
    const r = repo.mailguard(['scan', '--staged']);
    expect(r.code).toBe(1);
    for (const key of keys) expect(r.stdout).not.toContain(key);
    const locators = r.stdout.split('\n').filter((l) => /:1:17 {2}Mailgun/.test(l));
    expect(locators).toHaveLength(NAMES.length);
    expect(r.stdout).toContain('"new\\nline.env":1:17');
    const section = r.stdout.slice(r.stdout.indexOf('How to fix the repository'), r.stdout.indexOf('Or let mailguard'));
    // Commands are the 4-space-indented lines; a quoted argument may span lines (a name with a newline).
    const commands = section
      .split(/\n(?= {2}\S| {4}\S)/)
      .filter((block) => /^ {4}[^\s#]/.test(block))
      .map((block) => block.slice(4));
    expect(commands.length).toBeGreaterThanOrEqual(NAMES.length * 4);
    for (const command of commands) {
      const ran = run('sh', ['-c', command], { cwd: repo.dir });
      expect(ran.code, `${command}\n${ran.stderr}`).toBe(0);
    }
    expect(existsSync(join(repo.dir, 'pwned'))).toBe(false);
    const tracked = repo.git('ls-files', '-z').split('\0');
    for (const name of NAMES) {
      expect(tracked, name).not.toContain(name);
      expect(existsSync(join(repo.dir, name)), name).toBe(true);
      expect(run('git', ['check-ignore', '-q', '--no-index', '--', name], { cwd: repo.dir }).code, name).toBe(0);
    }
    const after = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(after.code, after.stdout).toBe(0);
  });

  it('a name holding a terminal escape sequence: never printed raw, and its commands still work in bash', () => {
    const name = 'esc\x1b[31mred\x07.env';
    const repo = new TempRepo().add('README.md', '# app\n').commit('init');
    repo.add(name, `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    const r = repo.mailguard(['scan', '--staged']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/[\x07\x1b]/);
    const section = r.stdout.slice(r.stdout.indexOf('How to fix the repository'), r.stdout.indexOf('Or let mailguard'));
    const commands = section.split('\n').filter((line) => /^ {4}[^\s#]/.test(line)).map((line) => line.slice(4));
    expect(commands.some((c) => c.includes("$'esc\\x1b[31mred\\x07.env'"))).toBe(true);
    for (const command of commands) {
      const ran = run('bash', ['-c', command], { cwd: repo.dir });
      expect(ran.code, `${command}\n${ran.stderr}`).toBe(0);
    }
    expect(repo.git('ls-files', '-z').split('\0')).not.toContain(name);
    expect(existsSync(join(repo.dir, name))).toBe(true);
  });

  it('mailguard fix untracks and ignores every one of them, keeping the bytes on disk', () => {
    const { repo } = namedRepo();
    const before = NAMES.map((n) => readFileSync(join(repo.dir, n)));
    const r = repo.mailguard(['fix']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    NAMES.forEach((n, i) => expect(readFileSync(join(repo.dir, n)).equals(before[i]!), n).toBe(true));
    const tracked = repo.git('ls-files', '-z').split('\0');
    for (const name of NAMES) expect(tracked, name).not.toContain(name);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
  });

  it('a path on the command line after --: a leading dash is a path, and glob characters are literal', () => {
    const { repo } = namedRepo();
    repo.add('-weird', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    const one = repo.mailguard(['scan', '--staged', '--format', 'json', '--', '-weird']);
    expect(one.code, one.stderr).toBe(1);
    expect(places(one)).toEqual(['-weird:1:17']);
    const glob = repo.mailguard(['scan', '--staged', '--format', 'json', '--', '*.env']);
    expect(glob.code, glob.stderr).toBe(0);
    expect(report(glob).stats.files).toBe(0);
    const outside = repo.mailguard(['scan', '--staged', '--', '../elsewhere.env']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^mailguard: \.\.\/elsewhere\.env is outside the repository\n$/);
  });
});
