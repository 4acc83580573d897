import { describe, expect, it } from 'vitest';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fake, run, TempRepo, tempDir, type RunResult } from '../helpers.js';

/** A repository with the pre-push hook installed and a bare remote `origin` that already has `main`. */
class PushRepo extends TempRepo {
  readonly remote = tempDir('mailguard-remote-');

  constructor() {
    super();
    run('git', ['init', '-q', '--bare', this.remote]);
    this.git('remote', 'add', 'origin', this.remote);
    const hook = join(this.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook pre-push "$@"\n`);
    chmodSync(hook, 0o755);
    this.add('README.md', '# app\n').commit('init');
    expect(this.push('origin', 'main').code).toBe(0);
  }

  /** A real `git push`, through the hook. */
  push(...args: string[]): RunResult {
    const r = run('git', ['push', ...args], { cwd: this.dir });
    return { ...r, stdout: r.stdout + r.stderr };
  }

  /** Puts commits on the remote without the hook, as a push from before mailguard (or --no-verify) did. */
  pushUnchecked(...args: string[]): void {
    this.git('push', '-q', '--no-verify', ...args);
  }

  head(rev = 'HEAD'): string {
    return this.git('rev-parse', rev).trim();
  }

  short(rev = 'HEAD'): string {
    return this.git('rev-parse', '--short', rev).trim();
  }

  remoteRef(ref: string): string | null {
    const r = run('git', ['rev-parse', '--verify', '-q', ref], { cwd: this.remote });
    return r.code === 0 ? r.stdout.trim() : null;
  }
}

function expectRefused(r: RunResult, key: string, ...shortShas: string[]): void {
  expect(r.code).not.toBe(0);
  expect(r.stdout).toContain('push blocked');
  for (const sha of shortShas) expect(r.stdout).toContain(`commit ${sha} `);
  expect(r.stdout).not.toContain(key);
}

/** The push went through, every commit it sent was scanned, and the remote ref moved to `sha`. */
function expectAccepted(r: RunResult, commits: number, repo: PushRepo, ref: string, sha: string): void {
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`no email-provider credentials in ${commits} commit${commits === 1 ? '' : 's'} being pushed to origin`);
  expect(repo.remoteRef(ref)).toBe(sha);
}

describe('mailguard hook pre-push, through a real git push to a bare remote', () => {
  it('existing branch: refuses a key added in one commit and removed in the next, then accepts the rewritten branch', () => {
    const key = fake.mailgunKey();
    const repo = new PushRepo();
    const before = repo.remoteRef('main');
    repo.add('.env', `MAILGUN_API_KEY=${key}\n`).commit('add mail config');
    const added = repo.short();
    repo.add('.env', 'MAILGUN_API_KEY=\n').commit('oops, remove the key');
    const refused = repo.push('origin', 'main');
    expectRefused(refused, key, added);
    expect(refused.stdout).toContain('.env:1:17');
    expect(refused.stdout).toContain('"add mail config"');
    expect(refused.stdout).toContain('git commit --amend');
    expect(refused.stdout).toContain('git rebase -i');
    expect(refused.stdout).toMatch(/rotate/);
    expect(refused.stdout.match(/\.env:1:17/g)).toHaveLength(1);
    expect(repo.remoteRef('main')).toBe(before);

    repo.git('reset', '-q', '--hard', 'origin/main');
    repo.add('.env.example', 'MAILGUN_API_KEY=your-mailgun-api-key\n').commit('add mail config');
    expectAccepted(repo.push('origin', 'main'), 1, repo, 'main', repo.head());
  });

  it('new branch: scans only the commits no branch of the remote has', () => {
    const key = fake.sendgridKey();
    const old = fake.mailgunKey();
    const repo = new PushRepo();
    repo.add('legacy.env', `MAILGUN_API_KEY=${old}\n`).commit('from before mailguard');
    repo.pushUnchecked('origin', 'main');

    repo.git('checkout', '-q', '-b', 'clean-feature');
    repo.add('src/a.ts', 'export const a = 1;\n').commit('a');
    expectAccepted(repo.push('origin', 'clean-feature'), 1, repo, 'clean-feature', repo.head());

    repo.git('checkout', '-q', '-b', 'feature', 'main');
    repo.add('src/mail.ts', `sgMail.setApiKey('${key}');\n`).commit('send mail');
    const refused = repo.push('origin', 'feature');
    expectRefused(refused, key, repo.short());
    expect(refused.stdout).toContain('src/mail.ts:1:');
    expect(refused.stdout).not.toContain('legacy.env');
    expect(repo.remoteRef('feature')).toBeNull();
  });

  it('deleted ref: nothing to scan, the deletion goes through', () => {
    const repo = new PushRepo();
    repo.git('checkout', '-q', '-b', 'old');
    repo.add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('leaked long ago');
    repo.pushUnchecked('origin', 'old');
    const r = repo.push('origin', '--delete', 'old');
    expect(r.code).toBe(0);
    expect(repo.remoteRef('old')).toBeNull();
  });

  it('force push: scans only what the remote does not have, even a remote sha never fetched here', () => {
    const key = fake.mailgunKey();
    const repo = new PushRepo();
    const base = repo.head();
    repo.add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('pushed without the hook');
    repo.pushUnchecked('origin', 'main');

    // Someone else pushes on top; this clone never fetches it.
    const other = tempDir('mailguard-other-');
    run('git', ['clone', '-q', repo.remote, other]);
    writeFileSync(join(other, 'other.txt'), 'x\n');
    run('git', ['add', 'other.txt'], { cwd: other });
    run('git', ['commit', '-q', '-m', 'other'], { cwd: other });
    expect(run('git', ['push', '-q', 'origin', 'main'], { cwd: other }).code).toBe(0);

    repo.git('reset', '-q', '--hard', base);
    repo.add('notes.md', 'rewritten\n').commit('rewrite');
    expectAccepted(repo.push('--force', 'origin', 'main'), 1, repo, 'main', repo.head());

    repo.add('notes.md', `rewritten\nMAILGUN_API_KEY=${key}\n`);
    repo.git('commit', '-q', '--no-verify', '--amend', '--no-edit');
    const refused = repo.push('--force', 'origin', 'main');
    expectRefused(refused, key, repo.short());
  });

  it('tags: an annotated tag on an unpushed commit is scanned; a tag on a pushed commit is not', () => {
    const key = fake.mailersendToken();
    const repo = new PushRepo();
    repo.git('tag', 'v0.1');
    const tag = repo.push('origin', 'v0.1');
    expect(tag.code).toBe(0);
    expect(tag.stdout).toContain('in 0 commits being pushed'); // the tagged commit is already there
    expect(repo.remoteRef('refs/tags/v0.1')).toBe(repo.head());

    repo.git('checkout', '-q', '--detach');
    repo.add('release.env', `MAILERSEND_API_KEY=${key}\n`).commit('release config');
    repo.git('tag', '-a', 'v0.2', '-m', 'release 0.2');
    const refused = repo.push('origin', 'v0.2');
    expectRefused(refused, key, repo.short());
    expect(repo.remoteRef('refs/tags/v0.2')).toBeNull();
  });

  it('several refs in one push: a commit on both is scanned and reported once', () => {
    const key = fake.mailgunKey();
    const repo = new PushRepo();
    repo.add('.env', `MAILGUN_API_KEY=${key}\n`).commit('shared commit');
    const shared = repo.short();
    repo.git('branch', 'feature');
    repo.git('checkout', '-q', 'feature');
    repo.add('src/b.ts', 'export const b = 2;\n').commit('b');
    const refused = repo.push('origin', 'main', 'feature');
    expectRefused(refused, key, shared);
    expect(refused.stdout.match(/\.env:1:17/g)).toHaveLength(1);
    expect(refused.stdout).toContain(' 2 commits being pushed');

    repo.git('checkout', '-q', 'main');
    repo.git('reset', '-q', '--hard', 'origin/main');
    repo.git('branch', '-f', 'feature', 'main');
    repo.git('checkout', '-q', 'feature');
    repo.add('src/b.ts', 'export const b = 2;\n').commit('b');
    expectAccepted(repo.push('origin', 'main', 'feature'), 1, repo, 'feature', repo.head());
  });

  it('merges: a merge is not blamed for what its branch added; its own additions are', () => {
    const key = fake.mailgunKey();
    const repo = new PushRepo();
    // A branch already on the remote (pushed before mailguard) holds a key; merging it adds nothing new.
    repo.git('checkout', '-q', '-b', 'published');
    repo.add('old.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('published long ago');
    repo.pushUnchecked('origin', 'published');
    repo.git('checkout', '-q', 'main');
    repo.add('src/main.ts', 'export {};\n').commit('main moves on');
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'published');
    expectAccepted(repo.push('origin', 'main'), 2, repo, 'main', repo.head());

    // A branch not pushed yet: the key is reported once, at the branch commit, not again at the merge.
    repo.git('checkout', '-q', '-b', 'feature');
    repo.add('feature.env', `MAILGUN_API_KEY=${key}\n`).commit('feature config');
    const featureCommit = repo.short();
    repo.git('checkout', '-q', 'main');
    repo.add('src/other.ts', 'export {};\n').commit('other');
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'feature');
    const refused = repo.push('origin', 'main');
    expectRefused(refused, key, featureCommit);
    expect(refused.stdout).not.toContain(`commit ${repo.short()} `);
    expect(refused.stdout.match(/feature\.env:1:17/g)).toHaveLength(1);

    // A merge that adds a key of its own (an "evil merge") is reported at the merge.
    const evil = fake.sendgridKey();
    repo.git('reset', '-q', '--hard', 'origin/main');
    repo.git('checkout', '-q', '-b', 'clean');
    repo.add('src/c.ts', 'export {};\n').commit('c');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '--no-commit', 'clean');
    repo.add('src/mail.ts', `sgMail.setApiKey('${evil}');\n`);
    repo.git('commit', '-q', '--no-verify', '--no-edit');
    const refusedMerge = repo.push('origin', 'main');
    expectRefused(refusedMerge, evil, repo.short());
  });

  it('fails closed: unreadable input blocks the push with one line saying why and what to do', () => {
    const repo = new TempRepo().add('a.txt', 'a\n').commit();
    const r = repo.mailguard(['hook', 'pre-push', 'origin', 'url'], { input: 'refs/heads/main not-a-sha refs/heads/main 0\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mailguard: unexpected pre-push input line/);
    expect(r.stderr).toContain('Push blocked because the commits being pushed could not be checked');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);

    const zero = '0'.repeat(40);
    const unknown = 'f'.repeat(40);
    const broken = repo.mailguard(['hook', 'pre-push', 'origin', 'url'], { input: `refs/heads/x ${unknown} refs/heads/x ${zero}\n` });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('Push blocked');

    const deleted = repo.mailguard(['hook', 'pre-push', 'origin', 'url'], { input: `(delete) ${zero} refs/heads/x ${repo.git('rev-parse', 'HEAD').trim()}\n` });
    expect(deleted.code).toBe(0);
  });
});
