import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ROOT, run, tempDir, type RunResult } from '../helpers.js';
import { addRemote, existingRepo, expectCleanCommit, expectKeyRefused, expectPushGuarded, linkNodeModules, repoUsing, snapshot } from './install-support.js';

/**
 * The published package, used as a user uses it: `npm pack`, `npm install` of the tarball (with husky and
 * lint-staged from the registry) into one shared project, then repositories of every shape inside it.
 */
let project = '';
let tarball = '';
let nodeModules = '';
// The tests' HOME is a throwaway folder: keep npm on the machine's cache so installs stay offline-fast.
const env = { ...process.env, npm_config_cache: process.env.npm_config_cache ?? join(userInfo().homedir, '.npm'), npm_config_update_notifier: 'false' };

function npx(cwd: string, ...args: string[]): RunResult {
  const r = run('npx', ['--no-install', ...args], { cwd, env });
  expect(r.code, `npx ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
  return r;
}

beforeAll(() => {
  const work = tempDir('mailguard-pack-');
  expect(existsSync(join(ROOT, 'dist', 'mailguard.cjs')), 'run `npm run build` first (npm test does)').toBe(true);
  // --ignore-scripts: `prepare` would rebuild dist/ under the feet of the other test files running now.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env });
  expect(pack.code, pack.stderr).toBe(0);
  tarball = join(work, JSON.parse(pack.stdout)[0].filename);
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'mailguard-e2e', private: true, version: '0.0.0' }));
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'husky@^9', 'lint-staged@^16'], { cwd: project, env });
  expect(install.code, install.stderr).toBe(0);
  nodeModules = join(project, 'node_modules');
});

describe('the npm package', () => {
  it('holds the CLI, the hook scripts and the README, and runs through npx', () => {
    const files = run('tar', ['-tzf', tarball]).stdout.split('\n');
    for (const f of ['package/dist/mailguard.cjs', 'package/dist/cli-main.cjs', 'package/dist/cli.js', 'package/hooks/pre-commit', 'package/hooks/pre-push', 'package/README.md', 'package/package.json']) {
      expect(files).toContain(f);
    }
    for (const cli of ['mailguard.cjs', 'cli.js'].map((f) => join(nodeModules, 'mailguard', 'dist', f))) {
      expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
      expect(statSync(cli).mode & 0o111).toBe(0o111);
    }
    for (const hook of ['pre-commit', 'pre-push']) expect(statSync(join(nodeModules, 'mailguard', 'hooks', hook)).mode & 0o111).toBe(0o111);
    expect(npx(project, 'mailguard', '--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('npx mailguard install / uninstall in real repositories', () => {
  it('plain repository: writes .git/hooks, is idempotent, blocks a key, lets a clean commit through, uninstalls to the byte', () => {
    const repo = repoUsing(nodeModules, project, 'plain');
    const hooks = join(repo.dir, '.git', 'hooks');
    const before = snapshot(hooks);
    const first = npx(repo.dir, 'mailguard', 'install');
    expect(first.stdout).toMatch(/\.git\/hooks\/pre-commit\s+created/);
    expect(first.stdout).toMatch(/\.git\/hooks\/pre-push\s+created/);
    expect(first.stdout).toContain('git hook run pre-commit');
    expect(first.stdout).not.toContain('not installed');
    const installed = snapshot(hooks);
    expect(npx(repo.dir, 'mailguard', 'install').stdout).toContain('nothing changed');
    expect(snapshot(hooks)).toEqual(installed);
    expectKeyRefused(repo);
    expectCleanCommit(repo);
    expect(run('git', ['hook', 'run', 'pre-commit'], { cwd: repo.dir }).code).toBe(0);
    expectPushGuarded(repo, addRemote(repo));
    expect(npx(repo.dir, 'mailguard', 'uninstall').stdout).toMatch(/pre-commit\s+deleted/);
    expect(snapshot(hooks)).toEqual(before);
  });

  it('husky: adds one line to .husky/pre-commit (the user line still runs), creates .husky/pre-push, uninstalls to the byte', () => {
    const repo = repoUsing(nodeModules, project, 'husky');
    npx(repo.dir, 'husky');
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
    writeFileSync(join(repo.dir, '.husky', 'pre-commit'), 'echo "user husky hook ran"\n');
    const husky = join(repo.dir, '.husky');
    const before = snapshot(husky);
    const out = npx(repo.dir, 'mailguard', 'install').stdout;
    expect(out).toContain('(husky: .husky/)');
    expect(out).toMatch(/\.husky\/pre-commit\s+added a line/);
    expect(out).toMatch(/\.husky\/pre-push\s+created/);
    expect(readFileSync(join(husky, 'pre-commit'), 'utf8').split('\n').filter((l) => l.includes('mailguard hook'))).toHaveLength(1);
    const installed = snapshot(husky);
    npx(repo.dir, 'mailguard', 'install');
    expect(snapshot(husky)).toEqual(installed);
    expectKeyRefused(repo);
    const ok = expectCleanCommit(repo);
    expect(ok.stdout + ok.stderr).toContain('user husky hook ran');
    expectPushGuarded(repo, addRemote(repo));
    npx(repo.dir, 'mailguard', 'uninstall');
    expect(snapshot(husky)).toEqual(before);
    expect(existsSync(join(husky, 'pre-push'))).toBe(false);
  });

  it('an existing custom pre-commit hook is chained: it still runs and its exit code still counts', () => {
    const repo = repoUsing(nodeModules, project, 'custom');
    const hooks = join(repo.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-commit'), '#!/bin/sh\necho "custom hook ran"\nexit "${CUSTOM_EXIT:-0}"\n');
    chmodSync(join(hooks, 'pre-commit'), 0o750);
    const before = snapshot(hooks);
    expect(npx(repo.dir, 'mailguard', 'install').stdout).toContain('chained: the existing hook, kept as pre-commit.pre-mailguard, runs first');
    expect(readdirSync(hooks)).toContain('pre-commit.pre-mailguard');
    expectKeyRefused(repo);
    const failing = run('git', ['commit', '--allow-empty', '-m', 'custom says no'], { cwd: repo.dir, env: { ...process.env, CUSTOM_EXIT: '3' } });
    expect(failing.code).not.toBe(0);
    expect(failing.stdout + failing.stderr).toContain('custom hook ran');
    const ok = expectCleanCommit(repo);
    expect(ok.stdout + ok.stderr).toContain('custom hook ran');
    expect(npx(repo.dir, 'mailguard', 'uninstall').stdout).toContain('the hook it chained is back');
    expect(snapshot(hooks)).toEqual(before);
  });

  it('core.hooksPath set to a tracked folder: writes there, chains the pre-push hook found there', () => {
    const repo = repoUsing(nodeModules, project, 'hooks-path');
    repo.write('.githooks/pre-push', '#!/bin/sh\necho "team pre-push"\n');
    chmodSync(join(repo.dir, '.githooks', 'pre-push'), 0o755);
    repo.git('add', '.githooks');
    repo.commit('team hooks');
    repo.git('config', 'core.hooksPath', '.githooks');
    const dirs = [join(repo.dir, '.githooks'), join(repo.dir, '.git', 'hooks')];
    const before = snapshot(...dirs);
    const out = npx(repo.dir, 'mailguard', 'install').stdout;
    expect(out).toContain('(hooks-path: .githooks/)');
    expect(out).toMatch(/\.githooks\/pre-commit\s+created/);
    expect(out).toMatch(/\.githooks\/pre-push\s+chained/);
    expect(snapshot(dirs[1]!)).toEqual(pick(before, dirs[1]!));
    expectKeyRefused(repo);
    expectCleanCommit(repo);
    const { refused, accepted } = expectPushGuarded(repo, addRemote(repo));
    for (const r of [refused, accepted]) expect(r.stdout + r.stderr).toContain('team pre-push');
    npx(repo.dir, 'mailguard', 'uninstall');
    expect(snapshot(...dirs)).toEqual(before);
  });

  it('a linked worktree: installs into the shared hooks directory, which guards every worktree', () => {
    const main = repoUsing(nodeModules, project, 'wt-main');
    const linkedDir = join(project, 'wt-linked');
    main.git('worktree', 'add', '-q', '-b', 'side', linkedDir);
    linkNodeModules(nodeModules, linkedDir);
    const linked = existingRepo(linkedDir);
    const hooks = join(main.dir, '.git', 'hooks');
    const before = snapshot(hooks);
    const out = npx(linkedDir, 'mailguard', 'install').stdout;
    expect(out).toContain(`${hooks}/pre-commit`);
    expectKeyRefused(linked);
    expectCleanCommit(linked);
    expectKeyRefused(main);
    npx(linkedDir, 'mailguard', 'uninstall');
    expect(snapshot(hooks)).toEqual(before);
  });

  it('lint-staged with `"*": "mailguard scan --staged"` from a husky pre-commit hook', () => {
    const repo = repoUsing(nodeModules, project, 'lint-staged');
    npx(repo.dir, 'husky');
    repo.write('.lintstagedrc.json', JSON.stringify({ '*': 'mailguard scan --staged' }));
    repo.write('.husky/pre-commit', 'lint-staged\n');
    repo.git('add', '.lintstagedrc.json', '.husky/pre-commit');
    repo.commit('lint-staged');
    const refused = expectKeyRefused(repo);
    expect(refused.stdout + refused.stderr).toContain('config/.env:1:17');
    expectCleanCommit(repo);
  });
});

function pick(snap: Record<string, string>, dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([k]) => k.startsWith(`${dir}:`) || k === dir));
}
