import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fake, run, TempRepo, tempDir } from '../helpers.js';
import { expectOneLineError, gitRun, guardedRepo, head, places, report, withLocalMailguard } from './hostile-support.js';

/**
 * Repository states. Through the installed hooks (a real `git commit` / `git push`) a key is refused and the
 * state the user was in (a merge, a detached HEAD, a temporary index) survives the refusal.
 */

const envLine = () => `MAILGUN_API_KEY=${fake.mailgunKey()}\n`;

describe('repository states', () => {
  it('initial commit (no HEAD): the hook refuses a key, then lets a clean first commit through', () => {
    const repo = guardedRepo();
    repo.add('.env', envLine());
    const refused = gitRun(repo, ['commit', '-m', 'first']);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain('commit blocked');
    expect(head(repo)).toBe('');
    repo.git('rm', '-q', '--cached', '.env');
    repo.add('README.md', '# app\n');
    expect(gitRun(repo, ['commit', '-m', 'first']).code).toBe(0);
  });

  it('detached HEAD: refused, HEAD stays where it was and stays detached', () => {
    const repo = guardedRepo().add('README.md', '# app\n').commit('init');
    repo.git('checkout', '-q', '--detach');
    const before = head(repo);
    repo.add('.env', envLine());
    expect(gitRun(repo, ['commit', '-m', 'x']).code).not.toBe(0);
    expect(head(repo)).toBe(before);
    expect(run('git', ['symbolic-ref', '-q', 'HEAD'], { cwd: repo.dir }).code).toBe(1);
  });

  it('merge in progress: a key in the staged conflict resolution is refused and the merge stays in progress', () => {
    const repo = guardedRepo().add('mail.cfg', 'host = a\n').commit('base');
    repo.git('checkout', '-q', '-b', 'side');
    repo.add('mail.cfg', 'host = side\n').commit('side');
    repo.git('checkout', '-q', 'main');
    repo.add('mail.cfg', 'host = main\n').commit('main');
    expect(run('git', ['merge', 'side'], { cwd: repo.dir }).code).not.toBe(0);
    repo.add('mail.cfg', `host = both\n${envLine()}`);
    const scan = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(scan.code).toBe(1);
    expect(places(scan)).toEqual(['mail.cfg:2:17']);
    const refused = gitRun(repo, ['commit', '--no-edit']);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain('commit blocked');
    expect(existsSync(join(repo.dir, '.git', 'MERGE_HEAD'))).toBe(true);
    repo.add('mail.cfg', 'host = both\n');
    expect(gitRun(repo, ['commit', '--no-edit']).code).toBe(0);
    expect(repo.git('rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ')).toHaveLength(3);
  });

  it('rebase in progress: the staged resolution is scanned; git runs no pre-commit hook for --continue, so pre-push stops it', () => {
    const repo = guardedRepo().add('mail.cfg', 'host = a\n').commit('base');
    const remote = tempDir('mailguard-remote-');
    run('git', ['init', '-q', '--bare', remote]);
    repo.git('remote', 'add', 'origin', remote);
    repo.git('push', '-q', '--no-verify', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'topic');
    repo.add('mail.cfg', 'host = topic\n').commit('topic');
    repo.git('checkout', '-q', 'main');
    repo.add('mail.cfg', 'host = main\n').commit('main');
    repo.git('checkout', '-q', 'topic');
    expect(run('git', ['rebase', 'main'], { cwd: repo.dir }).code).not.toBe(0);
    repo.add('mail.cfg', `host = topic\n${envLine()}`);
    const scan = repo.mailguard(['scan', '--staged', '--format', 'json']);
    expect(scan.code).toBe(1);
    expect(places(scan)).toEqual(['mail.cfg:2:17']);
    expect(gitRun(repo, ['rebase', '--continue'], { ...process.env, GIT_EDITOR: 'true' }).code).toBe(0);
    const pushed = gitRun(repo, ['push', 'origin', 'topic']);
    expect(pushed.code).not.toBe(0);
    expect(pushed.stdout).toContain('push blocked');
    expect(run('git', ['rev-parse', '--verify', '-q', 'topic'], { cwd: remote }).code).not.toBe(0);
  });

  it('shallow clone: --history and a range past the cut-off are refused with one line (never a partial scan); a range inside it is scanned', () => {
    const up = new TempRepo();
    for (let i = 0; i < 4; i++) up.add(`f${i}.txt`, `${i}\n`).commit(`c${i}`);
    up.add('.env', envLine()).commit('key');
    const dir = join(tempDir(), 'clone');
    expect(run('git', ['clone', '-q', '--depth', '2', `file://${up.dir}`, dir]).code).toBe(0);
    const clone = new TempRepo(dir);
    expectOneLineError(clone.mailguard(['scan', '--history']), 2, /^mailguard: shallow clone: .*git fetch --unshallow/);
    expectOneLineError(clone.mailguard(['scan', '--range', 'HEAD~5..HEAD']), 2, /^mailguard: cannot read the commits HEAD~5\.\.HEAD/);
    expect(clone.mailguard(['scan', '--range', 'HEAD~5..HEAD']).stderr).toMatch(/shallow clone/);
    const inside = clone.mailguard(['scan', '--range', 'HEAD~1..HEAD', '--format', 'json']);
    expect(inside.code, inside.stderr).toBe(1);
    expect(places(inside)).toEqual(['.env:1:17']);
  });

  it('a bare mirror pushing to a bare remote: its pre-push hook refuses the key', () => {
    const up = new TempRepo().add('README.md', '# app\n').commit('init');
    const remote = tempDir('mailguard-remote-');
    run('git', ['init', '-q', '--bare', remote]);
    up.git('push', '-q', 'file://' + remote, 'main');
    up.add('.env', envLine()).commit('key');
    const mirror = join(tempDir(), 'mirror.git');
    expect(run('git', ['clone', '-q', '--mirror', up.dir, mirror]).code).toBe(0);
    const hook = join(mirror, 'hooks', 'pre-push');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook pre-push "$@"\n`, { mode: 0o755 });
    const r = run('git', ['push', `file://${remote}`, 'main'], { cwd: mirror });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('push blocked');
  });

  it('a linked worktree and a core.hooksPath outside the repository: the hook that git runs refuses the key', () => {
    const repo = guardedRepo().add('README.md', '# app\n').commit('init');
    const linked = join(tempDir(), 'linked');
    repo.git('worktree', 'add', '-q', '-b', 'side', linked);
    const wt = Object.assign(Object.create(TempRepo.prototype) as TempRepo, { dir: linked });
    withLocalMailguard(linked);
    wt.add('.env', envLine());
    expect(gitRun(wt, ['commit', '-m', 'x']).stdout).toContain('commit blocked');
    const hooks = join(tempDir(), 'shared-hooks');
    mkdirSync(hooks);
    const other = new TempRepo().add('README.md', '# other\n').commit('init');
    other.git('config', 'core.hooksPath', hooks);
    withLocalMailguard(other.dir);
    expect(other.mailguard(['install']).code).toBe(0);
    expect(existsSync(join(hooks, 'pre-commit'))).toBe(true);
    other.add('.env', envLine());
    expect(gitRun(other, ['commit', '-m', 'x']).stdout).toContain('commit blocked');
  });

  it('GIT_INDEX_FILE set by git: `commit -a` and `commit <path>` scan what they commit, and nothing else', () => {
    const repo = guardedRepo().add('a.cfg', 'a = 1\n').add('b.cfg', 'b = 1\n').commit('init');
    repo.write('a.cfg', `a = 1\n${envLine()}`);
    const all = gitRun(repo, ['commit', '-a', '-m', 'all']);
    expect(all.code).not.toBe(0);
    expect(all.stdout).toContain('a.cfg:2:17');
    // A key staged in a.cfg does not block committing only b.cfg, and a.cfg stays staged.
    repo.git('add', 'a.cfg');
    repo.write('b.cfg', 'b = 2\n');
    const only = gitRun(repo, ['commit', '-m', 'b only', '--', 'b.cfg']);
    expect(only.code, only.stdout).toBe(0);
    expect(repo.git('diff', '--cached', '--name-only').trim()).toBe('a.cfg');
    expect(gitRun(repo, ['commit', '-m', 'a', '--', 'a.cfg']).code).not.toBe(0);
  });

  it('GIT_DIR and GIT_WORK_TREE given by the caller: scanned from outside the working tree', () => {
    const repo = new TempRepo().add('.env', envLine());
    const env = { ...process.env, GIT_DIR: join(repo.dir, '.git'), GIT_WORK_TREE: repo.dir };
    const r = new TempRepo(tempDir()).mailguard(['scan', '--staged', '--format', 'json'], { env });
    expect(r.code, r.stderr).toBe(1);
    expect(places(r)).toEqual(['.env:1:17']);
  });

  it('a very large index: 20,000 staged files in a few seconds, the one key found', () => {
    const repo = new TempRepo();
    const blob = run('git', ['hash-object', '-w', '--stdin'], { cwd: repo.dir, input: 'export const a = 1;\nexport const b = 2;\n' }).stdout.trim();
    const keyed = run('git', ['hash-object', '-w', '--stdin'], { cwd: repo.dir, input: envLine() }).stdout.trim();
    let entries = '';
    for (let i = 0; i < 20_000; i++) entries += `100644 ${blob}\tsrc/m${i % 200}/f${i}.ts\n`;
    entries += `100644 ${keyed}\tsrc/m7/.env\n`;
    expect(run('git', ['update-index', '--add', '--index-info'], { cwd: repo.dir, input: entries }).code).toBe(0);
    const started = Date.now();
    const json = repo.mailguard(['scan', '--staged', '--format', 'json']);
    const jsonSeconds = (Date.now() - started) / 1000;
    expect(json.code, json.stderr).toBe(1);
    expect(places(json)).toEqual(['src/m7/.env:1:17']);
    expect(report(json).stats).toMatchObject({ files: 20_001, addedLines: 40_001 });
    const text = repo.mailguard(['scan', '--staged']);
    const seconds = (Date.now() - started) / 1000;
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('src/m7/.env:1:17');
    expect(jsonSeconds).toBeLessThan(10);
    console.log(`20,000 staged files: json ${jsonSeconds.toFixed(1)} s, json + text ${seconds.toFixed(1)} s`);
  });
});
