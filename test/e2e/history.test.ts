import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, fake, mailguard, run, TempRepo, tempDir } from '../helpers.js';
// @ts-expect-error plain .mjs shared with bench/history.mjs
import { buildHistoryRepo } from './history-repo.mjs';

interface Planted {
  name: string;
  file: string;
  sha: string;
  allOnly: boolean;
}

interface JsonFinding {
  file: string;
  line: number;
  commit: string | null;
  provider: string;
}

function findingsOf(stdout: string): JsonFinding[] {
  return JSON.parse(stdout).findings;
}

function keyHoldingRepo() {
  const repo = new TempRepo();
  repo.add('README.md', '# app\n').commit('init');
  return repo;
}

describe('mailguard scan --history on a generated repository of 2,000 commits', () => {
  const dir = tempDir('mailguard-history-');
  let planted: Planted[] = [];

  beforeAll(() => {
    planted = buildHistoryRepo(dir, {
      commits: 2000,
      keys: { mailgun: fake.mailgunKey, sendgrid: fake.sendgridKey, mailersend: fake.mailersendToken },
    }).expected;
  });

  it('reports each planted key exactly once, at the commit that introduced it', () => {
    const started = performance.now();
    const r = mailguard(['scan', '--history', '--format', 'json'], { cwd: dir });
    const seconds = (performance.now() - started) / 1000;
    console.log(`scan --history, 2,001 commits: ${seconds.toFixed(2)} s wall (mailguard's own durationMs ${JSON.parse(r.stdout).stats.durationMs})`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const got = findingsOf(r.stdout).map((f) => ({ file: f.file, commit: f.commit }));
    const want = planted.filter((p) => !p.allOnly).map((p) => ({ file: p.file, commit: p.sha }));
    expect(got).toHaveLength(want.length);
    expect(got).toEqual(expect.arrayContaining(want));
    expect(seconds).toBeLessThan(30);
  });

  it('--all adds the commits of every ref (an unmerged branch)', () => {
    const r = mailguard(['scan', '--history', '--all', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const got = findingsOf(r.stdout).map((f) => ({ file: f.file, commit: f.commit }));
    expect(got).toHaveLength(planted.length);
    expect(got).toEqual(expect.arrayContaining(planted.map((p) => ({ file: p.file, commit: p.sha }))));
  });
});

describe('mailguard scan --range and --history on small repositories', () => {
  it('--range scans each commit of the range on its own, newest first, and JSON names the full sha', () => {
    const first = fake.mailgunKey();
    const second = fake.sendgridKey();
    const repo = keyHoldingRepo();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.add('.env', `MAILGUN_API_KEY=${first}\n`).commit('one');
    const one = repo.git('rev-parse', 'HEAD').trim();
    repo.add('.env', 'MAILGUN_API_KEY=\n').commit('two');
    repo.add('src/mail.ts', `sgMail.setApiKey('${second}');\n`).commit('three');
    const three = repo.git('rev-parse', 'HEAD').trim();
    const r = repo.mailguard(['scan', '--range', 'main..feature', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(findingsOf(r.stdout).map((f) => [f.file, f.line, f.commit])).toEqual([
      ['src/mail.ts', 1, three],
      ['.env', 1, one],
    ]);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(first);
      expect(out).not.toContain(second);
    }
    expect(repo.mailguard(['scan', '--range', 'feature~1..feature~1']).code).toBe(0);
  });

  it('text findings name the commit: short sha, author date, subject (with any key in it redacted)', () => {
    const key = fake.mailgunKey();
    const repo = keyHoldingRepo();
    repo.add('.env', `MAILGUN_API_KEY=${key}\n`);
    repo.git('commit', '-q', '--no-verify', '-m', `add key ${key}`, '--date', '2021-03-04T05:06:07Z');
    const short = repo.git('rev-parse', '--short', 'HEAD').trim();
    const r = repo.mailguard(['scan', '--history']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('in 2 commits reachable from HEAD');
    expect(r.stdout).toContain(`commit ${short} 2021-03-04 "add key ${key.slice(0, 8)}…"`);
    expect(r.stdout).toContain('.env:1:17');
    expect(r.stdout).toContain('The keys are in git history');
    expect(r.stdout).not.toContain(key);
  });

  it('a key merged from a branch is reported at the branch commit, not at the merge', () => {
    const repo = keyHoldingRepo();
    repo.git('checkout', '-q', '-b', 'side');
    repo.add('side.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('side key');
    const side = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', 'main');
    repo.add('b.txt', 'b\n').commit('b');
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'side');
    const r = repo.mailguard(['scan', '--history', '--format', 'json']);
    expect(findingsOf(r.stdout).map((f) => f.commit)).toEqual([side]);
    const merge = repo.mailguard(['scan', '--range', 'side..main', '--format', 'json']);
    expect(merge.code).toBe(0);
  });

  it('progress goes to stderr only on a terminal', () => {
    const repo = keyHoldingRepo();
    const piped = repo.mailguard(['scan', '--history']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    const script = run('script', ['-qec', `"${process.execPath}" "${CLI}" scan --history --format json >/dev/null`, '/dev/null'], {
      cwd: repo.dir,
    });
    if (script.code === 127 || /not found|invalid option/i.test(script.stderr)) return; // no util-linux script(1) here
    expect(script.stdout).toMatch(/1\/1 commits · \d+ commits\/s/);
  });

  it('a repository without commits has no history: clean, not an error', () => {
    const repo = new TempRepo();
    const r = repo.mailguard(['scan', '--history']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 commits reachable from HEAD');
  });

  it('bad input is a usage error (exit 2) with one line', () => {
    const repo = keyHoldingRepo();
    const bad = repo.mailguard(['scan', '--range', 'nope..HEAD']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mailguard: cannot read the commits nope\.\.HEAD/);
    expect(repo.mailguard(['scan', '--range', '--all']).code).toBe(2);
    expect(repo.mailguard(['scan', '--all']).code).toBe(2);
    expect(repo.mailguard(['scan', '--history', '--staged']).code).toBe(2);
  });
});
