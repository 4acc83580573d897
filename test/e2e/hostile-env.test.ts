import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fake, mailguard, TempRepo, tempDir } from '../helpers.js';
import { expectNoStack, expectOneLineError, gitRun, guardedRepo, head } from './hostile-support.js';

/**
 * A hostile environment. Every failure is one line (and a hint) with a documented exit code; through the
 * hook the commit is then blocked and the message says how to go on.
 */

const HOOK_BLOCKED = /^Commit blocked because the staged changes could not be checked\. .*--no-verify`\.$/;

/** A folder whose only `git` is missing: node is reachable, git is not. */
function pathWithoutGit(): string {
  const bin = join(tempDir(), 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

/** Runs the CLI and gives up reading its stdout after the first chunk, as `| head -1` does. */
function closedStdout(args: string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; first: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', (c: Buffer) => {
      first = c.toString().split('\n')[0]!;
      child.stdout.destroy();
    });
    child.on('close', (code, signal) => resolve({ code, signal, stderr, first }));
  });
}

/** A staged file with `count` keys: a report far bigger than a pipe holds. */
function manyKeys(count: number): TempRepo {
  const lines = Array.from({ length: count }, (_, i) => `MAILGUN_API_KEY_${i}=${fake.mailgunKey()}`);
  return new TempRepo().add('keys.env', `${lines.join('\n')}\n`);
}

describe('hostile environment', () => {
  it('git missing from PATH: exit 3, one line; the hook entry point blocks the commit and says how to go on', () => {
    const env = { ...process.env, PATH: pathWithoutGit() };
    const repo = new TempRepo().add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    expectOneLineError(repo.mailguard(['scan', '--staged'], { env }), 3, /^mailguard: git was not found on PATH$/);
    expectOneLineError(repo.mailguard(['scan', '--history'], { env }), 3, /^mailguard: git was not found on PATH$/);
    const hook = repo.mailguard(['hook', 'pre-commit'], { env });
    expect(hook.code).toBe(3);
    const lines = hook.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('mailguard: git was not found on PATH');
    expect(lines[lines.length - 1]).toMatch(HOOK_BLOCKED);
    expectNoStack(hook);
  });

  it('not a repository: exit 2, one line', () => {
    expectOneLineError(mailguard(['scan', '--staged'], { cwd: tempDir() }), 2, /not inside a git repository/);
    expectOneLineError(mailguard(['scan', '--history'], { cwd: tempDir() }), 2, /not inside a git repository/);
  });

  it('an unreadable config (a folder where the file should be): exit 2, and the real commit is blocked', () => {
    const repo = guardedRepo().add('README.md', '# app\n').commit('init');
    mkdirSync(join(repo.dir, 'mailguard.config.json'));
    expectOneLineError(repo.mailguard(['scan', '--staged']), 2, /^mailguard: cannot read config .*mailguard\.config\.json: EISDIR$/);
    expectOneLineError(repo.mailguard(['scan', '--staged', '--config', 'missing.json']), 2, /^mailguard: cannot read config missing\.json: ENOENT$/);
    repo.add('notes.md', 'hello\n');
    const before = head(repo);
    const r = gitRun(repo, ['commit', '-m', 'x']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/cannot read config/);
    expect(r.stdout.split('\n')).toContainEqual(expect.stringMatching(HOOK_BLOCKED));
    expect(head(repo)).toBe(before);
  });

  it('an invalid config file (not JSON, an unknown key): exit 2, one line naming the problem; the commit is blocked', () => {
    const repo = guardedRepo().add('README.md', '# app\n').commit('init');
    repo.write('mailguard.config.json', '{ "rules": ');
    expectOneLineError(repo.mailguard(['scan', '--staged']), 2, /^mailguard: invalid config mailguard\.config\.json: not valid JSON/);
    repo.write('mailguard.config.json', '{ "allowlist": [] }');
    expectOneLineError(repo.mailguard(['scan', '--staged']), 2, /^mailguard: invalid config mailguard\.config\.json: .*allowlist/);
    repo.add('notes.md', 'hello\n');
    const r = gitRun(repo, ['commit', '-m', 'x']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/^mailguard: invalid config/m);
    expect(r.stdout.split('\n')).toContainEqual(expect.stringMatching(HOOK_BLOCKED));
  });

  it('a custom rule with a broken regex: exit 2, one line naming the field', () => {
    const repo = new TempRepo().add('a.txt', 'acme\n');
    repo.write('mailguard.config.json', JSON.stringify({ customRules: [{ id: 'acme-key', pattern: 'acme_([', keywords: ['acme'] }] }));
    expectOneLineError(repo.mailguard(['scan', '--staged']), 2, /^mailguard: invalid config mailguard\.config\.json: customRules\[0\]\.pattern: invalid regex/);
  });

  it('no TTY: plain text, no colour codes, no progress on stderr; NO_COLOR and FORCE_COLOR are honoured', () => {
    const repo = new TempRepo().add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`);
    const { NO_COLOR: _, ...noColourUnset } = process.env;
    const plain = repo.mailguard(['scan', '--staged'], { env: noColourUnset });
    expect(plain.code).toBe(1);
    expect(plain.stdout + plain.stderr).not.toContain('\u001b[');
    expect(repo.mailguard(['scan', '--staged'], { env: { ...noColourUnset, FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(repo.mailguard(['scan', '--staged'], { env: { ...noColourUnset, FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    repo.commit('key');
    const history = repo.mailguard(['scan', '--history'], { env: noColourUnset });
    expect(history.code).toBe(1);
    expect(history.stderr).toBe('');
  });

  it('a closed stdout (`| head -1`): the exit code is still the verdict, no EPIPE trace', async () => {
    const dirty = manyKeys(400);
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      const r = await closedStdout(['scan', '--staged', '--format', format], dirty.dir);
      expect({ format, code: r.code, signal: r.signal }).toEqual({ format, code: 1, signal: null });
      expect(r.stderr).toBe('');
    }
    const clean = new TempRepo().add('a.txt', 'hello\n');
    const r = await closedStdout(['scan', '--staged'], clean.dir);
    expect([r.code, r.stderr, r.first]).toEqual([0, '', 'mailguard: no email-provider credentials in staged changes (1 line)']);
  });

  it('SIGINT in the middle of a big diff: exits promptly, non-zero, and never says "clean"', async () => {
    const repo = new TempRepo();
    // A keyword on every line, so that every line is decoded and matched: the scan takes over a second
    // (a plain 40 MB file is scanned before the signal comes).
    const line = 'const mailgun_domain = "mg.example.com"; // lorem ipsum dolor sit amet, consectetur\n';
    repo.add('big.js', line.repeat(Math.ceil((40 << 20) / line.length)));
    const child = spawn(process.execPath, [CLI, 'scan', '--staged'], { cwd: repo.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(child.exitCode, 'the scan ended before the signal: the test needs a slower diff').toBeNull();
    const sent = Date.now();
    child.kill('SIGINT');
    const [code, signal] = await closed;
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(code === null ? signal : code).not.toBe(0);
    expect(out).not.toContain('no email-provider credentials');
  });
});
