import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, mailguard, run, TempRepo, tempDir } from '../helpers.js';
import { existingRepo, expectCleanCommit, expectKeyRefused, snapshot } from './install-support.js';

/** Install and uninstall on repository shapes and file contents the npm-packed e2e test does not cover. */

/** Makes `mailguard` resolvable the way an npm install does: node_modules/.bin/mailguard, here a shim for the built CLI. */
function withLocalMailguard(dir: string, script = `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`): void {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', '.bin', 'mailguard'), script, { mode: 0o755 });
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
}

function firstCommit(repo: TempRepo): TempRepo {
  return repo.add('README.md', '# test\n').commit('first');
}

describe('husky hook files keep their bytes', () => {
  const cases: Record<string, Buffer> = {
    'an empty file': Buffer.alloc(0),
    'no final newline': Buffer.from('npm test'),
    'husky v8 header': Buffer.from('#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\n'),
    'a shebang only, no newline': Buffer.from('#!/bin/sh'),
    'CRLF line ends': Buffer.from('npm test\r\nnpx lint-staged\r\n'),
    'bytes that are not UTF-8': Buffer.from([0x65, 0x63, 0x68, 0x6f, 0x20, 0xe9, 0xff, 0x0a]),
  };
  for (const [name, original] of Object.entries(cases)) {
    it(`${name}: one line added, then removed to the byte`, () => {
      const repo = new TempRepo();
      const file = join(repo.dir, '.husky', 'pre-commit');
      repo.write('.husky/pre-commit', original);
      chmodSync(file, 0o644);
      expect(repo.mailguard(['install', '--husky']).code).toBe(0);
      const text = readFileSync(file, 'latin1');
      expect(text.split('\n').filter((l) => l.startsWith('mailguard hook pre-commit'))).toHaveLength(1);
      expect(Buffer.byteLength(text, 'latin1')).toBeGreaterThan(original.length);
      expect(repo.mailguard(['install', '--husky']).stdout).toContain('nothing changed');
      const r = repo.mailguard(['uninstall']);
      expect(r.code).toBe(0);
      expect(readFileSync(file).equals(original)).toBe(true);
      expect(lstatSync(file).mode & 0o777).toBe(0o644);
      expect(existsSync(join(repo.dir, '.husky', 'pre-push'))).toBe(false);
    });
  }

  it('goes after the shebang and husky.sh of a husky v8 file, before the user commands', () => {
    const repo = new TempRepo().write('.husky/pre-commit', '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\nexit 0\n');
    repo.mailguard(['install', '--husky', '--no-pre-push']);
    const lines = readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8').split('\n');
    expect(lines[2]).toMatch(/^mailguard hook pre-commit \|\| exit \$\?/);
    expect(lines[3]).toBe('exit 0');
  });

  it('the pre-push line passes the remote and URL on', () => {
    const repo = new TempRepo();
    repo.mailguard(['install', '--husky']);
    expect(readFileSync(join(repo.dir, '.husky', 'pre-push'), 'utf8')).toContain('mailguard hook pre-push "$@" || exit $?');
  });
});

describe('the hook scripts', () => {
  it('refuse the commit with one line when mailguard cannot be found', () => {
    const repo = firstCommit(new TempRepo());
    expect(repo.mailguard(['install']).stdout).toContain('note: mailguard is not installed in this repository');
    repo.add('a.txt', 'hello\n');
    const r = run('git', ['commit', '-m', 'x'], { cwd: repo.dir, env: { ...process.env, PATH: '/usr/bin:/bin' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('mailguard: not installed (npm install --save-dev mailguard); commit blocked. Install it, or run: npx mailguard uninstall');
  });

  it('pre-push gives the chained hook and mailguard the same refs on stdin and the same arguments', () => {
    const repo = new TempRepo();
    const log = join(repo.dir, 'calls.log');
    withLocalMailguard(repo.dir, `#!/bin/sh\n{ echo "mailguard $*"; cat; } >> "${log}"\n`);
    repo.write('.git/hooks/pre-push', `#!/bin/sh\n{ echo "previous $*"; cat; } >> "${log}"\n`);
    chmodSync(join(repo.dir, '.git', 'hooks', 'pre-push'), 0o755);
    repo.mailguard(['install']);
    const refs = 'refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main 0000000000000000000000000000000000000000\n';
    const r = run('sh', ['.git/hooks/pre-push', 'origin', 'git@example.com:x.git'], { cwd: repo.dir, input: refs });
    expect(r.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(`previous origin git@example.com:x.git\n${refs}mailguard hook pre-push origin git@example.com:x.git\n${refs}`);
  });

  it('a failing chained pre-push hook stops the push before mailguard runs', () => {
    const repo = new TempRepo();
    const log = join(repo.dir, 'calls.log');
    withLocalMailguard(repo.dir, `#!/bin/sh\necho mailguard >> "${log}"\n`);
    repo.write('.git/hooks/pre-push', '#!/bin/sh\nexit 7\n');
    chmodSync(join(repo.dir, '.git', 'hooks', 'pre-push'), 0o755);
    repo.mailguard(['install']);
    expect(run('sh', ['.git/hooks/pre-push', 'origin', 'url'], { cwd: repo.dir, input: '' }).code).toBe(7);
    expect(existsSync(log)).toBe(false);
  });
});

describe('choosing where the hooks go', () => {
  it('--no-pre-push writes only pre-commit; uninstall with nothing installed says so', () => {
    const repo = new TempRepo();
    expect(repo.mailguard(['install', '--no-pre-push']).stdout).not.toContain('pre-push');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-push'))).toBe(false);
    expect(repo.mailguard(['uninstall']).stdout).toMatch(/pre-commit\s+deleted/);
    const again = repo.mailguard(['uninstall']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to remove');
  });

  it('bad flag combinations and --hooks-path without core.hooksPath are usage errors (exit 2, one line each)', () => {
    const repo = new TempRepo();
    const before = snapshot(join(repo.dir, '.git', 'hooks'));
    for (const args of [['--husky', '--git-hooks'], ['--hooks-path'], ['--pre-push', '--no-pre-push'], ['--bogus']]) {
      const r = repo.mailguard(['install', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
    expect(snapshot(join(repo.dir, '.git', 'hooks'))).toEqual(before);
  });

  it('--git-hooks while core.hooksPath is set writes .git/hooks and says git will not run them', () => {
    const repo = new TempRepo();
    repo.git('config', 'core.hooksPath', 'elsewhere');
    const r = repo.mailguard(['install', '--git-hooks']);
    expect(r.stdout).toContain('note: core.hooksPath is set (elsewhere)');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(repo.dir, 'elsewhere'))).toBe(false);
  });

  it('a core.hooksPath from the global config is only used when asked for: other repositories share it', () => {
    const home = tempDir('mailguard-home-');
    const shared = join(home, 'shared-hooks');
    writeFileSync(join(home, '.gitconfig'), `${readFileSync(join(process.env.HOME!, '.gitconfig'), 'utf8')}[core]\n\thooksPath = ${shared}\n`);
    const repo = new TempRepo();
    const env = { ...process.env, HOME: home };
    const refused = repo.mailguard(['install'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('global or system git config');
    expect(existsSync(shared)).toBe(false);
    const forced = repo.mailguard(['install', '--hooks-path'], { env });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('every repository using it now runs mailguard');
    expect(existsSync(join(shared, 'pre-commit'))).toBe(true);
    expect(repo.mailguard(['uninstall'], { env }).stdout).toMatch(/pre-commit\s+deleted/);
    expect(existsSync(join(shared, 'pre-commit'))).toBe(false);
  });

  it('a .husky folder without husky set up: writes there and says how to activate it', () => {
    const repo = new TempRepo();
    mkdirSync(join(repo.dir, '.husky'));
    const r = repo.mailguard(['install']);
    expect(r.stdout).toContain('(husky: .husky/)');
    expect(r.stdout).toContain('run `npx husky`');
  });

  it('refuses to chain when <hook>.pre-mailguard is already taken, and changes nothing', () => {
    const repo = new TempRepo();
    const hooks = join(repo.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-commit'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    writeFileSync(join(hooks, 'pre-commit.pre-mailguard'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const before = snapshot(hooks);
    const r = repo.mailguard(['install', '--no-pre-push']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('both exist');
    expect(snapshot(hooks)).toEqual(before);
  });

  it('a chained hook that git checked out again in a tracked hooks folder: uninstall removes the kept copy', () => {
    const repo = firstCommit(new TempRepo());
    repo.write('.githooks/pre-commit', '#!/bin/sh\necho team\n');
    chmodSync(join(repo.dir, '.githooks', 'pre-commit'), 0o755);
    repo.git('add', '.githooks');
    repo.commit('team hooks');
    repo.git('config', 'core.hooksPath', '.githooks');
    const before = snapshot(join(repo.dir, '.githooks'));
    repo.mailguard(['install', '--no-pre-push']);
    repo.git('checkout', '--', '.githooks/pre-commit');
    expect(repo.mailguard(['uninstall']).stdout).toMatch(/pre-commit\.pre-mailguard\s+deleted: pre-commit is already back/);
    expect(snapshot(join(repo.dir, '.githooks'))).toEqual(before);
  });

  it('a symlinked hook is chained, not written through, and comes back as the same symlink', () => {
    const repo = new TempRepo();
    repo.write('scripts/check.sh', '#!/bin/sh\necho "linked hook ran"\n');
    chmodSync(join(repo.dir, 'scripts', 'check.sh'), 0o755);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    symlinkSync('../../scripts/check.sh', hook);
    withLocalMailguard(repo.dir);
    firstCommit(repo);
    repo.mailguard(['install']);
    expect(readFileSync(join(repo.dir, 'scripts', 'check.sh'), 'utf8')).toBe('#!/bin/sh\necho "linked hook ran"\n');
    expectKeyRefused(repo);
    const ok = expectCleanCommit(repo);
    expect(ok.stdout + ok.stderr).toContain('linked hook ran');
    repo.mailguard(['uninstall']);
    expect(readlinkSync(hook)).toBe('../../scripts/check.sh');
  });

  it('a submodule: hooks go to the superproject git dir for that module, and guard commits in it', () => {
    const lib = firstCommit(new TempRepo());
    const top = firstCommit(new TempRepo());
    top.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'lib');
    const sub = existingRepo(join(top.dir, 'lib'));
    withLocalMailguard(sub.dir);
    const hooks = join(top.dir, '.git', 'modules', 'lib', 'hooks');
    const before = snapshot(hooks);
    expect(mailguard(['install'], { cwd: sub.dir }).stdout).toContain(join(hooks, 'pre-commit'));
    expectKeyRefused(sub);
    expectCleanCommit(sub);
    mailguard(['uninstall'], { cwd: sub.dir });
    expect(snapshot(hooks)).toEqual(before);
  });

  it('outside a git repository: exit 2, one line', () => {
    const r = mailguard(['install'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git repository/);
  });
});
