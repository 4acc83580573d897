import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * What a CI run asks to be scanned, read from the variables GitHub Actions and GitLab CI set (and the event
 * payload GitHub writes to GITHUB_EVENT_PATH). No git here: git/commit checks are in ci/plan.ts.
 */

export type CiSystem = 'github' | 'gitlab' | 'local';

export interface CiRequest {
  system: CiSystem;
  /** Words after "N commits" in the report: "of pull request #12", "pushed to main". */
  label: string;
  /** The newest commit to scan (a sha, or a revision such as HEAD). */
  head: string;
  /**
   * Commits reachable from base are not scanned. null: a new branch or tag, compared with the other branches
   * of the clone instead.
   */
  base: string | null;
  /** What base is, for messages: "the pull request's base", "the branch before this push". */
  baseName: string;
  /** The pushed branch (new branch or force push): its own remote-tracking ref is no point of comparison. */
  branch?: string;
  /** A push's `before` commit vanishes on a force push; then the new-branch rule applies, not an error. */
  baseMayBeGone: boolean;
  /** How many commits the CI system says the range holds, when it says. */
  commits?: number;
  /** How deep a shallow clone must be to hold the range, when the CI system says enough to tell. */
  depth?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A full sha-1 or sha-256 object name. */
export const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const ZERO_SHA = /^0+$/;

/** The request for this run: an explicit --base wins, then the CI system's own variables. */
export function ciRequest(env: Env, base: string | undefined): CiRequest {
  const system = ciSystem(env);
  if (base !== undefined) return explicitBase(system, base);
  if (system === 'github') return githubRequest(env);
  if (system === 'gitlab') return gitlabRequest(env);
  throw new UsageError(
    'not in a GitHub Actions or GitLab CI pipeline, so there is no pull request or push to scan',
    'give the base to compare with: mailguard ci --base origin/main',
  );
}

function ciSystem(env: Env): CiSystem {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  return 'local';
}

function explicitBase(system: CiSystem, base: string): CiRequest {
  if (base === '' || base.startsWith('-')) throw new UsageError(`invalid --base "${base}"`, 'give a branch, tag or commit, such as --base origin/main');
  return { system, label: `since ${base}`, head: 'HEAD', base, baseName: `--base ${base}`, baseMayBeGone: false };
}

function githubRequest(env: Env): CiRequest {
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (event === 'pull_request' || event === 'pull_request_target') return githubPullRequest(env, readPayload(env));
  if (event === 'merge_group') return githubMergeGroup(readPayload(env));
  if (event === 'push') return githubPush(env, readPayload(env));
  throw noRange(`a GitHub Actions "${event || 'unknown'}" event`);
}

function githubPullRequest(env: Env, payload: Payload): CiRequest {
  const pr = payload.object('pull_request');
  const number = pr.number('number');
  const commits = pr.number('commits');
  const head = pr.object('head').sha('sha') ?? 'HEAD';
  const base = pr.object('base').sha('sha') ?? (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : null);
  if (base === null) throw new UsageError('the pull_request event names no base commit', 'give it explicitly: mailguard ci --base origin/main');
  return {
    system: 'github',
    label: `of pull request${number === undefined ? '' : ` #${number}`}`,
    head,
    base,
    baseName: "the pull request's base",
    baseMayBeGone: false,
    commits,
    // actions/checkout checks out a merge commit on top: its commits, their base, and the merge.
    depth: commits === undefined ? undefined : commits + 2,
  };
}

function githubMergeGroup(payload: Payload): CiRequest {
  const group = payload.object('merge_group');
  const base = group.sha('base_sha');
  if (base === undefined) throw new UsageError('the merge_group event names no base commit', 'give it explicitly: mailguard ci --base origin/main');
  return { system: 'github', label: 'of the merge queue group', head: group.sha('head_sha') ?? 'HEAD', base, baseName: "the merge group's base", baseMayBeGone: false };
}

function githubPush(env: Env, payload: Payload): CiRequest {
  const ref = payload.string('ref') ?? env.GITHUB_REF ?? '';
  const commits = payload.array('commits')?.length;
  return pushRequest('github', {
    ref,
    branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
    before: payload.sha('before'),
    after: payload.sha('after') ?? envSha(env.GITHUB_SHA),
    // GitHub lists at most 2,048 commits of a push: a full list is a count, a capped one is not.
    commits: commits !== undefined && commits < 2048 ? commits : undefined,
  });
}

function gitlabRequest(env: Env): CiRequest {
  const diffBase = envSha(env.CI_MERGE_REQUEST_DIFF_BASE_SHA);
  if (diffBase !== undefined) {
    const iid = nonEmpty(env.CI_MERGE_REQUEST_IID);
    return {
      system: 'gitlab',
      label: `of merge request${iid === undefined ? '' : ` !${iid}`}`,
      // A merged-results pipeline runs on a merge of source into target: scan the source branch's commits.
      head: envSha(env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA) ?? envSha(env.CI_COMMIT_SHA) ?? 'HEAD',
      base: diffBase,
      baseName: "the merge request's base",
      baseMayBeGone: false,
    };
  }
  const source = env.CI_PIPELINE_SOURCE ?? 'push';
  if (source !== 'push') throw noRange(`a GitLab CI "${source}" pipeline`);
  const ref = env.CI_COMMIT_REF_NAME ?? '';
  return pushRequest('gitlab', {
    ref,
    branch: nonEmpty(env.CI_COMMIT_BRANCH),
    before: envSha(env.CI_COMMIT_BEFORE_SHA),
    after: envSha(env.CI_COMMIT_SHA),
    commits: undefined,
  });
}

interface Push {
  ref: string;
  branch: string | undefined;
  before: string | undefined;
  after: string | undefined;
  commits: number | undefined;
}

/** A push: the commits after `before`; a new branch or tag (before is all zeros): what no other branch has. */
function pushRequest(system: CiSystem, push: Push): CiRequest {
  const name = push.ref.replace(/^refs\/(heads|tags)\//, '');
  const head = push.after !== undefined && !ZERO_SHA.test(push.after) ? push.after : 'HEAD';
  const isNew = push.before === undefined || ZERO_SHA.test(push.before);
  return {
    system,
    label: isNew ? `new on ${name || 'this ref'}` : `pushed to ${name || 'this ref'}`,
    head,
    base: isNew ? null : push.before!,
    baseName: 'the branch before this push',
    branch: push.branch,
    baseMayBeGone: true,
    commits: push.commits,
    depth: push.commits === undefined || isNew ? undefined : push.commits + 1,
  };
}

function noRange(what: string): UsageError {
  return new UsageError(
    `${what} has no pull request or push to take the commits from`,
    'run mailguard ci on pull_request/push (merge request/push) pipelines, give --base REF, or use mailguard scan --history',
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A sha from the environment; anything else is not handed to git. */
function envSha(value: string | undefined): string | undefined {
  return value !== undefined && SHA.test(value) ? value : undefined;
}

function readPayload(env: Env): Payload {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new UsageError('GITHUB_EVENT_PATH is not set, so the event cannot be read', 'give the base explicitly: mailguard ci --base origin/main');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the event payload ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return new Payload(data);
}

/** Typed reads of an untrusted JSON payload: a field of the wrong type reads as absent. */
class Payload {
  constructor(private readonly data: unknown) {}

  private get(key: string): unknown {
    return typeof this.data === 'object' && this.data !== null ? (this.data as Record<string, unknown>)[key] : undefined;
  }

  object(key: string): Payload {
    return new Payload(this.get(key));
  }

  string(key: string): string | undefined {
    const value = this.get(key);
    return typeof value === 'string' ? value : undefined;
  }

  /** A sha field; anything else (a branch name could start with "-") is not handed to git. */
  sha(key: string): string | undefined {
    const value = this.string(key);
    return value !== undefined && SHA.test(value) ? value : undefined;
  }

  number(key: string): number | undefined {
    const value = this.get(key);
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  }

  array(key: string): unknown[] | undefined {
    const value = this.get(key);
    return Array.isArray(value) ? value : undefined;
  }
}
