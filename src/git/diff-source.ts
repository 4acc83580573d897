import { spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';

import { asGitError, REPO_LOCATION_ENV, DIFF_STABLE_CONFIG } from './repo.js';

/**
 * Options that make `git diff` print exactly what the parser expects, whatever the user's config says:
 * only added lines matter (-U0), real content (no textconv, no external diff, `-a` so that a `-diff`
 * attribute cannot hide a file: the parser skips true binaries itself), renames detected so a moved file
 * is not re-reported. Each command adds its --diff-filter: deletions are always left out.
 */
export const DIFF_ARGS = [
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--text',
  '--unified=0',
  '--find-renames',
  '--ignore-submodules=none',
  '--submodule=short',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

/**
 * Staged changes: the index against HEAD (git compares against the empty tree when there is no HEAD yet).
 * `without`: repo-relative paths left out, for new files read whole from their blobs (see new-files.ts).
 */
export function stagedDiffArgs(paths: readonly string[], without: readonly string[] = []): string[] {
  return ['diff', '--cached', ...DIFF_ARGS, '--diff-filter=d', '--', ...paths, ...without.map((p) => `:(top,exclude,literal)${p}`)];
}

/**
 * Each commit's own added lines, one commit after another, newest first and never a parent before its
 * children (--topo-order: the last commit to show a line is the one that introduced it). The format is a
 * bare `commit <sha>` line, which the parser takes as the commit switch; no message, signature or note
 * is printed, so no text of the author's can pass for a diff line. A merge is diffed against its first
 * parent only. The root commit is shown as a creation even when log.showRoot is off.
 */
export function commitsDiffArgs(revs: readonly string[]): string[] {
  return [
    'log',
    '--patch',
    '--format=commit %H',
    '--topo-order',
    '--diff-merges=first-parent',
    '--root',
    '--no-show-signature',
    '--no-notes',
    ...DIFF_ARGS,
    '--diff-filter=d',
    ...revs,
    '--',
  ];
}

/**
 * Runs git and hands its stdout to `consume` as a stream, so a diff of any size is read in constant memory.
 * simple-git answers the repository questions elsewhere, but it holds a command's whole stdout until the
 * command exits and waits 50 ms after any command that prints nothing (measured: 64 ms for a silent
 * `git diff --output=FILE`, 6 ms when the same diff goes to stdout); so the one command whose output can be
 * hundreds of megabytes is spawned here, with the same environment policy as repo.ts.
 */
export async function streamGit(cwd: string, args: readonly string[], consume: (out: Readable) => Promise<void>): Promise<void> {
  return startGit(cwd, args).consume(consume);
}

/** A git process already running, whose output waits in the pipe until it is consumed (or cancelled). */
export interface RunningGit {
  /** Reads the output; a failure of git becomes the user's one-line error, about `context` (default `git <command>`). */
  consume(consume: (out: Readable) => Promise<void>, context?: string): Promise<void>;
  cancel(): void;
  /** Settles once git has printed something, or has ended. */
  readonly spoke: Promise<void>;
}

/**
 * Starts git now, so that it runs while mailguard does other start-up work (finding the repo root).
 * `input`, when given, is written to git's stdin (then closed).
 */
export function startGit(cwd: string, args: readonly string[], input?: string): RunningGit {
  const stdin = input === undefined ? 'ignore' : 'pipe';
  const child = spawn('git', [...configArgs(), ...args], { cwd, env: gitEnv(), stdio: [stdin, 'pipe', 'pipe'] });
  if (child.stdin) {
    child.stdin.on('error', () => undefined); // git may exit before reading it all; its exit code says why
    child.stdin.end(input);
  }
  const stderr: Buffer[] = [];
  let stderrBytes = 0;
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderrBytes < 64 * 1024) stderr.push(chunk);
    stderrBytes += chunk.length;
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  exited.catch(() => undefined); // reported by consume(); never an unhandled rejection when cancelled
  const spoke = new Promise<void>((resolve) => {
    child.stdout!.once('data', () => resolve());
    exited.then(() => resolve(), () => resolve());
  });
  // Node resumes (and so discards) a child's unread stdout once the child exits: hold it in a pipe right
  // away. Backpressure still applies, so at most a pipe's worth waits here until it is consumed.
  const out = child.stdout!.pipe(new PassThrough({ highWaterMark: 1 << 16 }));
  const cancel = (): void => {
    child.kill();
  };
  const consume = async (read: (out: Readable) => Promise<void>, context = `git ${args[0]}`): Promise<void> => {
    try {
      await read(out);
    } catch (err) {
      cancel();
      await exited.catch(() => undefined);
      throw err;
    }
    let code: number;
    try {
      code = await exited;
    } catch (err) {
      throw asGitError(err, context);
    }
    if (code !== 0) {
      const text = Buffer.concat(stderr).toString('utf8');
      throw asGitError(new Error(text || `exit code ${code}`), context);
    }
  };
  return { consume, cancel, spoke };
}

/**
 * The whole output of a short git command, without simple-git: what a scan asks before its diff starts
 * (simple-git costs ~10 ms to load, and its calls run one after another).
 */
export async function gitText(cwd: string, args: readonly string[], context?: string): Promise<string> {
  let out = '';
  await startGit(cwd, args).consume(async (stream) => {
    for await (const chunk of stream) out += String(chunk);
  }, context);
  return out;
}

export function configArgs(): string[] {
  return DIFF_STABLE_CONFIG.flatMap((kv) => ['-c', kv]);
}

/** The environment git runs in: the caller's, less GIT_* variables other than those naming the repo. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toUpperCase().startsWith('GIT_') || REPO_LOCATION_ENV.includes(key.toUpperCase())) env[key] = value;
  }
  env.GIT_PAGER = 'cat';
  env.LC_ALL = 'C';
  return env;
}
