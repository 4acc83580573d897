import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, TempRepo, tempDir } from '../helpers.js';

/**
 * Repositories and environments as GitHub Actions and GitLab CI prepare them, for `mailguard ci` tests:
 * an upstream repository, a clone fetched the way actions/checkout or the GitLab runner fetch it, and the
 * variables each system sets. The machine's own CI variables are removed so the tests are deterministic.
 */

const CI_VARIABLES = /^(CI|CONTINUOUS_INTEGRATION|BUILD_ID|BUILD_NUMBER|GITHUB_\w+|GITLAB_\w+|CI_\w+|RUNNER_\w+|ACTIONS_\w+|BUILDKITE\w*|TRAVIS\w*|CIRCLECI|JENKINS_URL|TF_BUILD|FORCE_COLOR|NO_COLOR)$/;

export type Env = Record<string, string>;

/** The test process's environment without any CI or colour variable, plus `vars`. */
export function childEnv(vars: Env = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!CI_VARIABLES.test(key)) env[key] = value;
  return { ...env, ...vars };
}

export const ZERO = '0'.repeat(40);

/** The repository on the forge. Non-bare, so its branches are built with ordinary commits. */
export class Upstream extends TempRepo {
  constructor() {
    super();
    this.add('README.md', '# app\n').commit('init');
  }

  sha(rev = 'HEAD'): string {
    return this.git('rev-parse', rev).trim();
  }

  url(): string {
    return `file://${this.dir}`;
  }

  /** Adds `count` plain commits on the current branch. */
  commits(count: number, prefix = 'change'): this {
    for (let i = 0; i < count; i++) this.add(`notes/${prefix}-${i}.md`, `${prefix} ${i}\n`).commit(`${prefix} ${i}`);
    return this;
  }

  /** What GitHub keeps at refs/pull/N/merge: the pull request's head merged into its base branch. */
  pullMergeRef(number: number, base: string, head: string): string {
    const current = this.git('rev-parse', '--abbrev-ref', 'HEAD').trim();
    this.git('checkout', '-q', '--detach', base);
    this.git('merge', '-q', '--no-ff', '--no-edit', head);
    const merge = this.sha();
    this.git('update-ref', `refs/pull/${number}/merge`, merge);
    this.git('checkout', '-q', current);
    return merge;
  }
}

/**
 * A clone as actions/checkout makes it: `fetch-depth: 0` fetches every branch and tag, then the ref of the
 * run; a positive depth fetches only that ref, that deep. The ref is checked out detached.
 */
export function actionsCheckout(upstream: Upstream, ref: string, depth: number): TempRepo {
  const clone = new TempRepo();
  clone.git('remote', 'add', 'origin', upstream.url());
  const target = ref.startsWith('refs/heads/') ? `refs/remotes/origin/${ref.slice('refs/heads/'.length)}` : `refs/remotes/${ref.slice('refs/'.length)}`;
  const specs = depth === 0 ? ['+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*', `+${ref}:${target}`] : [`+${ref}:${target}`];
  clone.git('fetch', '-q', '--no-tags', '--prune', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', ...specs);
  clone.git('checkout', '-q', '--force', '--detach', target);
  return clone;
}

/** A clone as the GitLab runner makes it: only the pipeline's branch, GIT_DEPTH deep (0: everything). */
export function gitlabCheckout(upstream: Upstream, branch: string, depth: number): TempRepo {
  const clone = new TempRepo();
  clone.git('remote', 'add', 'origin', upstream.url());
  clone.git('fetch', '-q', '--prune', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`);
  clone.git('checkout', '-q', '-f', upstream.sha(branch));
  return clone;
}

/** The variables every GitHub Actions job has, plus the event payload written where GITHUB_EVENT_PATH says. */
export function githubEnv(clone: TempRepo, event: string, payload: unknown, vars: Env): NodeJS.ProcessEnv {
  const eventPath = join(tempDir('mailguard-event-'), 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload, null, 2));
  return childEnv({
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: clone.dir,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_JOB: 'mailguard',
    GITHUB_WORKFLOW: 'secrets',
    GITHUB_ACTOR: 'dev',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_BASE_REF: '',
    GITHUB_HEAD_REF: '',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: tempDir('mailguard-runner-'),
    ...vars,
  });
}

/** A pull_request event as GitHub sends it (the fields mailguard reads, and the ones around them). */
export function pullRequestEnv(clone: TempRepo, pr: { number: number; base: string; head: string; commits: number; merge: string }): NodeJS.ProcessEnv {
  const payload = {
    action: 'synchronize',
    number: pr.number,
    pull_request: {
      number: pr.number,
      state: 'open',
      commits: pr.commits,
      merge_commit_sha: pr.merge,
      base: { ref: 'main', sha: pr.base, repo: { full_name: 'acme/app' } },
      head: { ref: 'feature', sha: pr.head, repo: { full_name: 'acme/app' } },
    },
    repository: { full_name: 'acme/app', default_branch: 'main' },
  };
  return githubEnv(clone, 'pull_request', payload, {
    GITHUB_REF: `refs/pull/${pr.number}/merge`,
    GITHUB_REF_NAME: `${pr.number}/merge`,
    GITHUB_SHA: pr.merge,
    GITHUB_BASE_REF: 'main',
    GITHUB_HEAD_REF: 'feature',
  });
}

/** A push event as GitHub sends it; `commits` lists the pushed commits, oldest first. */
export function pushEnv(clone: TempRepo, push: { branch: string; before: string; after: string; commits: string[]; forced?: boolean }): NodeJS.ProcessEnv {
  const payload = {
    ref: `refs/heads/${push.branch}`,
    before: push.before,
    after: push.after,
    created: push.before === ZERO,
    deleted: false,
    forced: Boolean(push.forced),
    commits: push.commits.map((id) => ({ id, message: 'change', distinct: true })),
    head_commit: { id: push.after },
    repository: { full_name: 'acme/app', default_branch: 'main' },
  };
  return githubEnv(clone, 'push', payload, { GITHUB_REF: `refs/heads/${push.branch}`, GITHUB_REF_NAME: push.branch, GITHUB_SHA: push.after });
}

/** The variables of a GitLab CI job. */
export function gitlabEnv(clone: TempRepo, vars: Env): NodeJS.ProcessEnv {
  return childEnv({
    CI: 'true',
    GITLAB_CI: 'true',
    CI_SERVER: 'yes',
    CI_PROJECT_DIR: clone.dir,
    CI_PROJECT_PATH: 'acme/app',
    CI_DEFAULT_BRANCH: 'main',
    CI_JOB_ID: '99',
    CI_PIPELINE_ID: '1234',
    CI_REPOSITORY_URL: 'https://gitlab-ci-token:[MASKED]@gitlab.example.com/acme/app.git',
    GITLAB_USER_LOGIN: 'dev',
    ...vars,
  });
}

/** The shas of `from..to`, oldest first, as a push payload lists them. */
export function shasBetween(repo: TempRepo, from: string, to: string): string[] {
  return run('git', ['rev-list', '--reverse', `${from}..${to}`], { cwd: repo.dir }).stdout.split('\n').filter(Boolean);
}
