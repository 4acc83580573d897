import { describe, expect, it } from 'vitest';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fake, run, TempRepo } from '../helpers.js';
import { snapshot } from './install-support.js';
import { utf16, withLocalMailguard } from './hostile-support.js';

/**
 * No work lost: `mailguard fix`, `install` and `uninstall` on a repository with work in progress. Whatever
 * they refuse leaves every byte as it was; whatever they do keeps the user's bytes (compared byte for byte).
 */

/** Every byte the user has: the working tree (not .git), the index entries and the stash. */
function state(repo: TempRepo): unknown {
  const tree = Object.fromEntries(Object.entries(snapshot(repo.dir)).filter(([k]) => !k.includes(':.git/') && !k.includes(':node_modules')));
  return { tree, index: repo.git('ls-files', '-s', '--debug').replace(/^\s+(ctime|mtime|dev|uid|size|flags).*\n/gm, ''), stash: repo.git('stash', 'list') };
}

function bytes(repo: TempRepo, file: string): Buffer {
  return readFileSync(join(repo.dir, file));
}

function startsWith(whole: Buffer, start: Buffer): boolean {
  return whole.subarray(0, start.length).equals(start);
}

/** A project with committed history, a staged leak and unrelated work in progress of every kind. */
function busyRepo() {
  const mailgun = fake.mailgunKey();
  const sendgrid = fake.sendgridKey();
  const repo = new TempRepo()
    .add('src/app.ts', 'export const app = 1;\r\nexport const port = 3000;\r\n')
    .add('.gitignore', 'dist/')
    .add('notes.md', 'draft\n')
    .commit('init');
  repo.add('.env', `PORT=3000\nMAILGUN_API_KEY=${mailgun}`);
  repo.add('src/mailer.ts', `import sgMail from '@sendgrid/mail';\r\nsgMail.setApiKey('${sendgrid}');\r\nexport default sgMail;\r\n`);
  repo.add('notes.md', 'draft\nstaged line\n');
  repo.write('notes.md', 'draft\nstaged line\nunstaged line\n');
  repo.write('scratch.txt', 'untracked work\n');
  repo.write('src/app.ts', 'export const app = 2;\r\nexport const port = 3000;\r\n');
  return { repo, mailgun, sendgrid };
}

describe('no work lost', () => {
  it('fix refuses a partially staged file it would re-stage: every byte, the index and the stash stay as they were', () => {
    const { repo } = busyRepo();
    repo.write('src/mailer.ts', `${bytes(repo, 'src/mailer.ts').toString()}// not staged yet\r\n`);
    const before = state(repo);
    const r = repo.mailguard(['fix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mailguard: fix: src\/mailer\.ts is partially staged/);
    expect(state(repo)).toEqual(before);
  });

  it('fix refuses to untrack a .env whose staged version differs from the one on disk: nothing changes', () => {
    const { repo } = busyRepo();
    repo.write('.env', 'PORT=4000\n');
    const before = state(repo);
    expect(repo.mailguard(['fix']).code).toBe(2);
    expect(state(repo)).toEqual(before);
  });

  it('fix with unrelated work in progress: that work is untouched, the key files keep their bytes, appended files keep theirs', () => {
    const { repo, mailgun, sendgrid } = busyRepo();
    const env = bytes(repo, '.env');
    const ignore = bytes(repo, '.gitignore');
    const mailer = bytes(repo, 'src/mailer.ts');
    const untouched = ['notes.md', 'scratch.txt', 'src/app.ts'].map((f) => [f, bytes(repo, f)] as const);
    const stagedNotes = repo.git('show', ':notes.md');
    const stagedApp = repo.git('show', ':src/app.ts');
    const r = repo.mailguard(['fix']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const [file, content] of untouched) expect(bytes(repo, file).equals(content), file).toBe(true);
    expect(repo.git('show', ':notes.md')).toBe(stagedNotes);
    expect(repo.git('show', ':src/app.ts')).toBe(stagedApp);
    // .env had no final newline: kept, a newline added, then the moved key.
    expect(bytes(repo, '.env').toString()).toBe(`${env.toString()}\nSENDGRID_API_KEY=${sendgrid}\n`);
    expect(bytes(repo, '.env').toString()).toContain(mailgun);
    expect(startsWith(bytes(repo, '.gitignore'), Buffer.concat([ignore, Buffer.from('\n')]))).toBe(true);
    // The rewritten source keeps its CRLF line ends; only the key's line changed.
    const before = mailer.toString().split('\r\n');
    const after = bytes(repo, 'src/mailer.ts').toString().split('\r\n');
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual(['sgMail.setApiKey(process.env.SENDGRID_API_KEY);']);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(0);
  });

  it('fix on a UTF-16 .env: untracked and kept byte for byte, and no key is copied into an example', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo().add('README.md', '# app\n').commit('init');
    const original = utf16(`PORT=3000\r\nMAILGUN_API_KEY=${key}\r\n`, 'le', true);
    repo.add('.env', original);
    expect(repo.mailguard(['scan', '--staged']).code).toBe(1);
    const r = repo.mailguard(['fix']);
    expect(r.code, r.stdout + r.stderr).toBeLessThanOrEqual(1);
    expect(bytes(repo, '.env').equals(original)).toBe(true);
    expect(repo.git('ls-files')).not.toMatch(/^\.env$/m);
    for (const file of repo.git('ls-files', '-z').split('\0').filter(Boolean)) {
      const content = bytes(repo, file);
      expect(content.includes(Buffer.from(key)) || content.includes(Buffer.from(key, 'utf16le')), file).toBe(false);
    }
  });

  it('fix on a UTF-16 local config: no copy that still holds the key; left for the developer, nothing changed', () => {
    const key = fake.mailgunKey();
    const repo = new TempRepo().add('README.md', '# app\n').commit('init');
    repo.add('mail.ini', utf16(`[mail]\r\nmailgun_key = ${key}\r\n`, 'le', true));
    const before = state(repo);
    const r = repo.mailguard(['fix']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Left for you');
    expect(state(repo)).toEqual(before);
  });

  it('install and uninstall next to an existing hook and work in progress: the hook comes back to the byte, the work is untouched', () => {
    const { repo } = busyRepo();
    withLocalMailguard(repo.dir);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    repo.write('.git/hooks/pre-commit', Buffer.from('#!/bin/sh\n# team check \xff\nexit 0', 'latin1'));
    chmodSync(hook, 0o750);
    const hooks = snapshot(join(repo.dir, '.git', 'hooks'));
    const before = state(repo);
    expect(repo.mailguard(['install']).code).toBe(0);
    expect(state(repo)).toEqual(before);
    const commit = run('git', ['commit', '-m', 'x'], { cwd: repo.dir });
    expect(commit.code).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain('commit blocked');
    expect(state(repo)).toEqual(before);
    expect(repo.mailguard(['uninstall']).code).toBe(0);
    expect(snapshot(join(repo.dir, '.git', 'hooks'))).toEqual(hooks);
    expect(state(repo)).toEqual(before);
  });
});
