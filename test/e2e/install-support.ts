import { createHash } from 'node:crypto';
import { appendFileSync, lstatSync, rmSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'vitest';
import { fake, run, TempRepo, tempDir, type RunResult } from '../helpers.js';

/** Every file under the given folders with its mode and a hash of its bytes (symlinks by target), for byte-for-byte comparisons. */
export function snapshot(...dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (root: string, dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      const key = `${root}:${relative(root, path)}`;
      if (stat.isSymbolicLink()) out[key] = `link -> ${readlinkSync(path)}`;
      else if (stat.isDirectory()) walk(root, path);
      else out[key] = `${(stat.mode & 0o777).toString(8)} sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    }
  };
  for (const dir of dirs) {
    try {
      walk(dir, dir);
    } catch {
      out[dir] = 'absent';
    }
  }
  return out;
}

/** A repository inside `parent` whose node_modules is the shared one, as if the package were installed in it. */
export function repoUsing(nodeModules: string, parent: string, name: string): TempRepo {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  const repo = new TempRepo(dir);
  linkNodeModules(nodeModules, dir);
  repo.write('README.md', `# ${name}\n`);
  repo.git('add', 'README.md');
  repo.commit('first');
  return repo;
}

/** A TempRepo handle on a working tree that already exists (a linked worktree, a submodule). */
export function existingRepo(dir: string): TempRepo {
  return Object.assign(Object.create(TempRepo.prototype) as TempRepo, { dir });
}

export function linkNodeModules(nodeModules: string, dir: string): void {
  symlinkSync(nodeModules, join(dir, 'node_modules'));
  const exclude = resolve(dir, run('git', ['rev-parse', '--git-path', 'info/exclude'], { cwd: dir }).stdout.trim());
  mkdirSync(dirname(exclude), { recursive: true });
  appendFileSync(exclude, '/node_modules\n');
}

/** A real `git commit` (hooks run) of a file that holds a fresh fake Mailgun key: it must be refused. */
export function expectKeyRefused(repo: TempRepo, env?: NodeJS.ProcessEnv): RunResult {
  const key = fake.mailgunKey();
  const head = headOf(repo);
  repo.add('config/.env', `MAILGUN_API_KEY=${key}\n`);
  const r = run('git', ['commit', '-m', 'add mail settings'], { cwd: repo.dir, env: env ?? process.env });
  const output = r.stdout + r.stderr;
  expect(r.code, output).not.toBe(0);
  expect(output).toContain('commit blocked');
  expect(output).not.toContain(key);
  expect(headOf(repo)).toBe(head);
  repo.git('rm', '-q', '--cached', 'config/.env');
  return r;
}

/** A real `git commit` of a harmless change: it must go through. */
export function expectCleanCommit(repo: TempRepo, env?: NodeJS.ProcessEnv): RunResult {
  const head = headOf(repo);
  repo.add(`notes/${Date.now()}-${Math.random().toString(36).slice(2)}.md`, 'Mail is sent through the provider configured in .env\n');
  const r = run('git', ['commit', '-m', 'add notes'], { cwd: repo.dir, env: env ?? process.env });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(headOf(repo)).not.toBe(head);
  return r;
}

function headOf(repo: TempRepo): string {
  return run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: repo.dir }).stdout.trim();
}

/** A bare remote `origin` for the repository, holding what it has committed so far (pushed without hooks). */
export function addRemote(repo: TempRepo): string {
  const remote = tempDir('mailguard-remote-');
  run('git', ['init', '-q', '--bare', remote]);
  repo.git('remote', 'add', 'origin', remote);
  repo.git('push', '-q', '--no-verify', 'origin', 'HEAD');
  return remote;
}

/**
 * A commit that slipped past pre-commit (`--no-verify`) is refused by the installed pre-push hook through a
 * real `git push`; once it is dropped, a clean commit is pushed.
 */
export function expectPushGuarded(repo: TempRepo, remote: string): { refused: RunResult; accepted: RunResult } {
  const key = fake.mailgunKey();
  repo.add('config/.env', `MAILGUN_API_KEY=${key}\n`);
  repo.commit('slipped past pre-commit');
  const before = remoteHead(remote);
  const refused = run('git', ['push', 'origin', 'HEAD'], { cwd: repo.dir });
  expect(refused.code, refused.stdout + refused.stderr).not.toBe(0);
  expect(refused.stdout + refused.stderr).toContain('push blocked');
  expect(refused.stdout + refused.stderr).not.toContain(key);
  expect(remoteHead(remote)).toBe(before);
  // Drop the commit, keep the working tree (a tracked hooks folder holds what install changed).
  repo.git('reset', '-q', 'HEAD~1');
  rmSync(join(repo.dir, 'config', '.env'));
  expectCleanCommit(repo);
  const accepted = run('git', ['push', 'origin', 'HEAD'], { cwd: repo.dir });
  expect(accepted.code, accepted.stdout + accepted.stderr).toBe(0);
  expect(remoteHead(remote)).toBe(headOf(repo));
  return { refused, accepted };
}

function remoteHead(remote: string): string {
  return run('git', ['rev-parse', 'main'], { cwd: remote }).stdout.trim();
}
