import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { staleGlobsIn, staleGlobWarning } from '../allow/globs.js';
import { CONFIG_FILE, describeSource, findConfig, type ConfigSource } from '../config/load.js';
import { FINGERPRINT } from '../config/schema.js';
import { allowFingerprint } from '../config/write.js';
import { ExitCode, UsageError } from '../errors.js';
import type { Repo } from '../git/repo.js';
import { openRepo } from '../git/root.js';
import { redactSecrets } from '../report/redact.js';

export interface AllowOptions {
  fingerprints: string[];
  reason?: string;
  config?: string;
  cwd: string;
}

const HOW = 'copy the fingerprint from `mailguard scan --staged --format json`, then: mailguard allow <fingerprint> --reason "why it is safe"';

/** `mailguard allow <fingerprint> --reason "…"`: records a reviewed finding in the config allowlist. */
export async function runAllow(opts: AllowOptions): Promise<ExitCode> {
  const fingerprint = checkFingerprint(opts.fingerprints);
  const reason = opts.reason?.trim();
  if (!reason) throw new UsageError('allow needs --reason "…": say why this finding is safe to commit', HOW);
  const repo = await repoOrNull(opts.cwd);
  const target = configTarget(repo?.root ?? opts.cwd, opts.cwd, opts.config);
  const change = allowFingerprint(target, { fingerprint, reason });
  const where = describeSource(target);
  const said =
    change === 'unchanged'
      ? `fingerprint ${fingerprint} is already allowed in ${where}`
      : `${change === 'added' ? 'allowed' : 'updated the reason of'} fingerprint ${fingerprint} in ${where} ("${reason}")`;
  process.stdout.write(redactSecrets(`mailguard: ${said}\n`));
  if (repo) {
    const { config } = findConfig(repo.root, opts.config);
    for (const stale of await staleGlobsIn(repo, config.allow?.paths ?? [])) {
      process.stderr.write(`mailguard: warning: ${staleGlobWarning(stale)}\n`);
    }
  }
  return ExitCode.Clean;
}

/** The one fingerprint argument, lowercased. Never echoed back: a pasted secret must not be printed. */
function checkFingerprint(args: string[]): string {
  if (args.length === 0) throw new UsageError('allow needs a fingerprint', HOW);
  if (args.length > 1) throw new UsageError(`allow takes one fingerprint, got ${args.length}`, HOW);
  const value = args[0]!.trim();
  if (!FINGERPRINT.test(value)) {
    throw new UsageError(`not a fingerprint: expected 32 hex characters, got ${value.length} characters`, HOW);
  }
  return value.toLowerCase();
}

/**
 * Where the fingerprint goes: `--config FILE`, else the config in use (validated first, so a broken one
 * is never written to), else a new mailguard.config.json at the root.
 */
function configTarget(root: string, cwd: string, explicit: string | undefined): ConfigSource {
  if (explicit && !existsSync(resolve(cwd, explicit))) return { path: resolve(cwd, explicit), packageJson: false };
  const { source } = findConfig(root, explicit && resolve(cwd, explicit));
  return source ?? { path: join(root, CONFIG_FILE), packageJson: false };
}

/** The repository around cwd; null outside one, where the config lives in cwd. */
export async function repoOrNull(cwd: string): Promise<Repo | null> {
  try {
    return await openRepo(cwd);
  } catch (err) {
    if (err instanceof UsageError) return null;
    throw err;
  }
}
