import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake, mailguard, run, TempRepo, tempDir, type RunResult } from '../helpers.js';
import { actionsCheckout, childEnv, gitlabCheckout, gitlabEnv, pullRequestEnv, pushEnv, shasBetween, Upstream, ZERO } from './ci-env.js';

interface JsonFinding {
  file: string;
  commit: string | null;
}

function ci(clone: TempRepo, env: NodeJS.ProcessEnv, ...args: string[]): RunResult {
  return mailguard(['ci', ...args], { cwd: clone.dir, env });
}

function findings(r: RunResult): Array<[string, string | null]> {
  return (JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => [f.file, f.commit]);
}

/**
 * main has a key of its own (already in history, not this pull request's business); feature adds a key in
 * one commit and deletes it in the next, then adds a second key in a third commit.
 */
function pullRequestRepo() {
  const oldKey = fake.sendgridKey();
  const first = fake.mailgunKey();
  const second = fake.mailersendToken();
  const up = new Upstream().commits(4, 'history');
  up.add('legacy/mail.js', `sgMail.setApiKey('${oldKey}');\n`).commit('old key on main');
  const base = up.sha();
  up.git('checkout', '-q', '-b', 'feature');
  up.add('.env', `MAILGUN_API_KEY=${first}\n`).commit('add mail config');
  const added = up.sha();
  up.add('.env', 'MAILGUN_API_KEY=\n').commit('remove the key again');
  up.add('src/mailer.ts', `const token = '${second}';\n`).commit('mailersend');
  const head = up.sha();
  up.git('checkout', '-q', 'main');
  const merge = up.pullMergeRef(12, 'main', 'feature');
  return { up, base, head, merge, added, keys: [oldKey, first, second], pr: { number: 12, base, head, commits: 3, merge } };
}

describe('mailguard ci on GitHub Actions', () => {
  it('pull_request (fetch-depth: 0, merge commit checked out): scans each commit of the pull request and nothing of main', () => {
    const { up, head, added, keys, pr } = pullRequestRepo();
    const clone = actionsCheckout(up, 'refs/pull/12/merge', 0);
    const r = ci(clone, pullRequestEnv(clone, pr), '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(findings(r)).toEqual([
      ['src/mailer.ts', head],
      ['.env', added],
    ]);
    for (const key of keys) expect(r.stdout).not.toContain(key);
    expect(up.sha('main')).not.toBe(pr.merge);
  });

  it('pull_request, --format sarif --output FILE: the report goes to the file, a compact plain summary to the log, exit 1', () => {
    const { up, keys, pr } = pullRequestRepo();
    const clone = actionsCheckout(up, 'refs/pull/12/merge', 0);
    const r = ci(clone, pullRequestEnv(clone, pr), '--format', 'sarif', '--output', 'mailguard.sarif');
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('mailguard: 2 email-provider credentials in 3 commits of pull request #12');
    expect(lines[1]).toMatch(/^ {2}src\/mailer\.ts:1:16 {2}MailerSend .* {2}mlsn\.\w{4}… {2}\[\w+\] {2}commit [0-9a-f]{12}$/);
    expect(lines[2]).toMatch(/^ {2}\.env:1:17 {2}Mailgun /);
    expect(lines).toContain('mailguard: sarif report written to mailguard.sarif');
    expect(lines.length).toBeLessThanOrEqual(5);
    const sarif = JSON.parse(readFileSync(join(clone.dir, 'mailguard.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['mailersend-api-token', 'mailgun-private-key']);
    const written = readFileSync(join(clone.dir, 'mailguard.sarif'), 'utf8');
    for (const key of keys) {
      expect(written).not.toContain(key);
      expect(r.stdout + r.stderr).not.toContain(key);
    }
  });

  it('pull_request in the default shallow checkout (fetch-depth: 1): exit 2, one line saying how much history is needed', () => {
    const { up, pr } = pullRequestRepo();
    const clone = actionsCheckout(up, 'refs/pull/12/merge', 1);
    const r = ci(clone, pullRequestEnv(clone, pr), '--format', 'sarif', '--output', 'mailguard.sarif');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `mailguard: shallow clone: the commit to scan (commit ${pr.head.slice(0, 12)}) is not in it, so the 3 commits of pull request #12 cannot be scanned; set fetch-depth: 0 on actions/checkout (or a depth of at least 5)\n`,
    );
  });

  it('pull_request at the depth the message advises: scanned like a full clone', () => {
    const { up, head, added, pr } = pullRequestRepo();
    const clone = actionsCheckout(up, 'refs/pull/12/merge', 5);
    expect(clone.git('rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const r = ci(clone, pullRequestEnv(clone, pr), '--format', 'json');
    expect(r.stderr).toBe('');
    expect(findings(r)).toEqual([
      ['src/mailer.ts', head],
      ['.env', added],
    ]);
  });

  it('git clone --depth 1 of the pull request branch: the base is missing, exit 2 with the fetch-depth to set', () => {
    const { up, pr } = pullRequestRepo();
    const dir = join(tempDir(), 'clone');
    expect(run('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', up.url(), dir]).code).toBe(0);
    const clone = new TempRepo(dir);
    const r = ci(clone, pullRequestEnv(clone, pr));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `mailguard: shallow clone: the pull request's base (commit ${pr.base.slice(0, 12)}) is not in it, so the 3 commits of pull request #12 cannot be scanned; set fetch-depth: 0 on actions/checkout (or a depth of at least 5)`,
    ]);
  });

  it('a shallow clone whose cut-off falls inside the range (the base branch moved on): exit 2, never a partial scan', () => {
    const up = new Upstream().commits(2, 'history');
    up.git('checkout', '-q', '-b', 'feature');
    up.add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('key');
    up.commits(1, 'feature');
    up.git('checkout', '-q', 'main');
    up.commits(6, 'main');
    const pr = { number: 3, base: up.sha('main'), head: up.sha('feature'), commits: 2, merge: up.pullMergeRef(3, 'main', 'feature') };
    const clone = actionsCheckout(up, 'refs/pull/3/merge', 4);
    const r = ci(clone, pullRequestEnv(clone, pr));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mailguard: shallow clone: the history behind commit [0-9a-f]{12} is not in it, so the 2 commits of pull request #3 cannot be scanned; set fetch-depth: 0 on actions\/checkout/);
    expect(ci(actionsCheckout(up, 'refs/pull/3/merge', 0), pullRequestEnv(clone, pr)).code).toBe(1);
  });

  it('push: scans the pushed commits only; the default fetch-depth: 1 gives exit 2 and the depth the push needs', () => {
    const key = fake.mailgunKey();
    const up = new Upstream();
    up.add('old.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('an old key, pushed long ago');
    const before = up.sha();
    up.add('.env', `MAILGUN_API_KEY=${key}\n`).commit('key');
    const keyCommit = up.sha();
    up.add('.env', 'MAILGUN_API_KEY=\n').commit('no key');
    const after = up.sha();
    const push = { branch: 'main', before, after, commits: shasBetween(up, before, after) };

    const full = actionsCheckout(up, 'refs/heads/main', 0);
    const r = ci(full, pushEnv(full, push), '--format', 'json');
    expect(r.code).toBe(1);
    expect(findings(r)).toEqual([['.env', keyCommit]]);

    const shallow = actionsCheckout(up, 'refs/heads/main', 1);
    const refused = ci(shallow, pushEnv(shallow, push));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `mailguard: shallow clone: the branch before this push (commit ${before.slice(0, 12)}) is not in it, so the 2 commits pushed to main cannot be scanned; set fetch-depth: 0 on actions/checkout (or a depth of at least 3)\n`,
    );
    const deepEnough = actionsCheckout(up, 'refs/heads/main', 3);
    expect(findings(ci(deepEnough, pushEnv(deepEnough, push), '--format', 'json'))).toEqual([['.env', keyCommit]]);
  });

  it('push of a new branch (before is all zeros): scans what no other branch has; with no other branch fetched, the last commit', () => {
    const up = new Upstream();
    up.add('old.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('an old key on main');
    up.git('checkout', '-q', '-b', 'topic');
    up.add('a.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('first on topic');
    const first = up.sha();
    up.add('b.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('second on topic');
    const second = up.sha();
    const push = { branch: 'topic', before: ZERO, after: second, commits: [first, second] };

    const full = actionsCheckout(up, 'refs/heads/topic', 0);
    const r = ci(full, pushEnv(full, push), '--format', 'json');
    expect(findings(r)).toEqual([
      ['b.env', second],
      ['a.env', first],
    ]);

    const lone = actionsCheckout(up, 'refs/heads/topic', 2);
    const last = ci(lone, pushEnv(lone, push));
    expect(last.code).toBe(1);
    expect(last.stdout).toContain('1 email-provider credential in 1 commit new on topic (its last commit: no other branch in this clone to compare with)');
    expect(last.stdout).toContain('b.env:1:17');

    const tooShallow = actionsCheckout(up, 'refs/heads/topic', 1);
    const refused = ci(tooShallow, pushEnv(tooShallow, push));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^mailguard: shallow clone: the history behind commit [0-9a-f]{12} is not in it, so the 2 commits new on topic cannot be scanned; set fetch-depth: 0 on actions\/checkout\n$/);
  });

  it('force push: the old tip is in no clone, so the commits no other branch has are scanned', () => {
    const up = new Upstream();
    up.git('checkout', '-q', '-b', 'topic');
    up.commits(2, 'draft');
    const oldTip = up.sha();
    up.git('reset', '-q', '--hard', 'main');
    up.add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('rewritten');
    up.git('checkout', '-q', 'main');
    up.commits(1, 'main');
    const push = { branch: 'topic', before: oldTip, after: up.sha('topic'), commits: [up.sha('topic')], forced: true };
    const clone = actionsCheckout(up, 'refs/heads/topic', 0);
    const r = ci(clone, pushEnv(clone, push), '--format', 'json');
    expect(r.code).toBe(1);
    expect(findings(r)).toEqual([['.env', up.sha('topic')]]);
  });

  it('events without a range (workflow_dispatch) and no CI at all: exit 2 with what to do', () => {
    const clone = actionsCheckout(new Upstream(), 'refs/heads/main', 0);
    const manual = pushEnv(clone, { branch: 'main', before: ZERO, after: clone.git('rev-parse', 'HEAD').trim(), commits: [] });
    manual.GITHUB_EVENT_NAME = 'workflow_dispatch';
    const r = ci(clone, manual);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mailguard: a GitHub Actions "workflow_dispatch" event has no pull request or push to take the commits from');
    const local = ci(clone, childEnv());
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--base');
    const broken = pullRequestEnv(clone, { number: 1, base: ZERO, head: ZERO, commits: 1, merge: ZERO });
    broken.GITHUB_EVENT_PATH = join(clone.dir, 'missing.json');
    expect(ci(clone, broken).stderr).toMatch(/^mailguard: cannot read the event payload .*missing\.json: ENOENT\n$/);
  });
});

describe('mailguard ci on GitLab CI', () => {
  function mergeRequestRepo() {
    const up = new Upstream();
    up.add('old.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('old key on main');
    const diffBase = up.sha();
    up.git('checkout', '-q', '-b', 'feature');
    up.add('.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('key');
    const keyCommit = up.sha();
    up.commits(2, 'feature');
    up.git('checkout', '-q', 'main');
    up.commits(1, 'main');
    return { up, diffBase, keyCommit, head: up.sha('feature') };
  }

  function mergeRequestVars(diffBase: string, head: string) {
    return {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_COMMIT_SHA: head,
      CI_COMMIT_BEFORE_SHA: ZERO,
      CI_COMMIT_REF_NAME: 'feature',
      CI_MERGE_REQUEST_IID: '7',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: diffBase,
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_EVENT_TYPE: 'detached',
    };
  }

  it('merge request pipeline: scans the merge request commits from the diff base, even with only its branch fetched', () => {
    const { up, diffBase, keyCommit, head } = mergeRequestRepo();
    const clone = gitlabCheckout(up, 'feature', 0);
    const r = ci(clone, gitlabEnv(clone, mergeRequestVars(diffBase, head)), '--format', 'json');
    expect(r.code).toBe(1);
    expect(findings(r)).toEqual([['.env', keyCommit]]);
    const text = ci(clone, gitlabEnv(clone, mergeRequestVars(diffBase, head)));
    expect(text.stdout).toContain('1 email-provider credential in 3 commits of merge request !7');
  });

  it('merge request in a clone shallower than the merge request (GIT_DEPTH: 2): exit 2 naming GIT_DEPTH', () => {
    const { up, diffBase, head } = mergeRequestRepo();
    const clone = gitlabCheckout(up, 'feature', 2);
    const r = ci(clone, gitlabEnv(clone, mergeRequestVars(diffBase, head)));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `mailguard: shallow clone: the merge request's base (commit ${diffBase.slice(0, 12)}) is not in it, so the commits of merge request !7 cannot be scanned; set GIT_DEPTH: 0 in .gitlab-ci.yml\n`,
    );
    expect(findings(ci(gitlabCheckout(up, 'feature', 4), gitlabEnv(clone, mergeRequestVars(diffBase, head)), '--format', 'json'))).toHaveLength(1);
  });

  it('branch push pipeline: CI_COMMIT_BEFORE_SHA..CI_COMMIT_SHA', () => {
    const up = new Upstream();
    up.add('old.env', `MAILGUN_API_KEY=${fake.mailgunKey()}\n`).commit('old key');
    const before = up.sha();
    up.add('src/send.ts', `sgMail.setApiKey('${fake.sendgridKey()}');\n`).commit('sendgrid');
    const keyCommit = up.sha();
    const clone = gitlabCheckout(up, 'main', 20);
    const vars = { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_SHA: keyCommit, CI_COMMIT_BEFORE_SHA: before, CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main' };
    const r = ci(clone, gitlabEnv(clone, vars), '--format', 'json');
    expect(r.code).toBe(1);
    expect(findings(r)).toEqual([['src/send.ts', keyCommit]]);
    const scheduled = ci(clone, gitlabEnv(clone, { ...vars, CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BEFORE_SHA: ZERO }));
    expect(scheduled.code).toBe(2);
    expect(scheduled.stderr).toContain('a GitLab CI "schedule" pipeline has no pull request or push');
  });
});

describe('mailguard ci --base and the CI log', () => {
  it('--base REF outside CI: each commit of REF..HEAD; an unknown base is exit 2', () => {
    const { up, head, added } = pullRequestRepo();
    up.git('checkout', '-q', 'feature');
    const r = ci(up, childEnv(), '--base', 'main', '--format', 'json');
    expect(r.code).toBe(1);
    expect(findings(r)).toEqual([
      ['src/mailer.ts', head],
      ['.env', added],
    ]);
    const unknown = ci(up, childEnv(), '--base', 'origin/nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('mailguard: --base origin/nope is not in this clone, so the commits since origin/nope cannot be scanned');
    expect(ci(up, childEnv(), '--base', '--help').code).toBe(2);
  });

  it('--no-inline-allow: a mailguard:allow comment in the pull request does not let a key through the CI gate', () => {
    const up = new Upstream();
    up.git('checkout', '-q', '-b', 'feature');
    up.add('src/mail.ts', `sgMail.setApiKey('${fake.sendgridKey()}'); // mailguard:allow trust me\n`).commit('allowed inline');
    expect(ci(up, childEnv(), '--base', 'main').code).toBe(0);
    const strict = ci(up, childEnv(), '--base', 'main', '--no-inline-allow', '--format', 'json');
    expect(strict.code).toBe(1);
    expect(findings(strict)).toEqual([['src/mail.ts', up.sha()]]);
  });

  it('CI=true without a terminal: plain text, no colour codes, no progress redraws', () => {
    const { up, pr } = pullRequestRepo();
    const clone = actionsCheckout(up, 'refs/pull/12/merge', 0);
    const env = pullRequestEnv(clone, pr);
    expect(env.NO_COLOR).toBeUndefined();
    for (const args of [[], ['--format', 'junit', '--output', 'junit.xml']]) {
      const r = ci(clone, env, ...args);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('2 email-provider credentials in 3 commits of pull request #12');
      expect(r.stdout + r.stderr).not.toMatch(/\x1b|\r/);
      expect(r.stderr).toBe('');
    }
    expect(readFileSync(join(clone.dir, 'junit.xml'), 'utf8')).toContain('failures="2"');
  });
});
