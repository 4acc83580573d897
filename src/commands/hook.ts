import { ExitCode, UsageError } from '../errors.js';
import { openCommitRepo, parsePushLines, pushedRevs } from '../git/commits.js';
import { HOOK_BLOCKED } from '../messages.js';
import { failureText, writeAll } from './output.js';
import { render, runScan, type ScanOptions } from './scan.js';

type HookName = keyof typeof HOOK_BLOCKED;

/**
 * Entry points of the installed hooks. They fail closed: whatever goes wrong, the commit or push is
 * blocked with a one-line reason and what to do next.
 */
export async function runHook(args: string[]): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === 'pre-commit') return guarded(name, () => report({ staged: true }));
  if (name === 'pre-push') return guarded(name, () => prePush(rest));
  throw new UsageError(`unknown hook "${name ?? ''}"`, 'the hooks are: pre-commit, pre-push');
}

async function guarded(name: HookName, hook: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await hook();
  } catch (err) {
    const failure = failureText(err);
    process.stderr.write(`${failure.text}${HOOK_BLOCKED[name]}\n`);
    return failure.exitCode === ExitCode.Clean ? ExitCode.Internal : failure.exitCode;
  }
}

/** `pre-push <remote> <url>`, the refs being pushed on stdin: scans each commit the remote does not have. */
async function prePush(args: string[]): Promise<ExitCode> {
  const [remote, url] = args;
  if (remote === undefined || args.length > 2) {
    throw new UsageError('the pre-push hook takes the remote name and URL that git passes', 'run it from a pre-push hook as `mailguard hook pre-push "$@"`');
  }
  const updates = parsePushLines(await readStdin());
  const revs = await pushedRevs(await openCommitRepo(process.cwd()), updates, remote);
  if (revs === null) return ExitCode.Clean;
  const target = `being pushed${isPlainName(remote, url) ? ` to ${remote}` : ''}`;
  return report({ commits: { revs, mode: 'push', target, count: false } });
}

async function report(source: Pick<ScanOptions, 'staged' | 'commits'>): Promise<ExitCode> {
  const { result, exitCode } = await runScan({ ...source, paths: [], format: 'text', cwd: process.cwd() });
  await writeAll(process.stdout, render(result, 'text', process.stdout));
  return exitCode;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('the pre-push hook reads the refs being pushed from stdin', 'git runs it with those lines on stdin; it is not meant to be run by hand');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A remote's name is shown; a URL (pushing to a URL directly) may carry a token and is not. */
function isPlainName(remote: string, url: string | undefined): boolean {
  return remote !== url && /^[\w.-]+$/.test(remote);
}
