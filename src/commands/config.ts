import { resolve } from 'node:path';
import { pathMatcher } from '../allow/config-allow.js';
import { staleGlobs, staleGlobWarning } from '../allow/globs.js';
import { describeSource, findConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ExitCode, UsageError } from '../errors.js';
import { trackedFiles } from '../git/blob-lines.js';
import { repoOrNull } from './allow.js';

/**
 * `mailguard config check`: validates the config (exit 2 naming the bad field), summarises every bypass it
 * holds for a reviewer, and fails on an allow.paths glob that matches no tracked file.
 */
export async function runConfigCheck(args: string[], explicit: string | undefined, cwd: string): Promise<ExitCode> {
  if (args.length !== 1 || args[0] !== 'check') {
    throw new UsageError(args.length === 0 ? 'config needs a subcommand' : `unknown config command "${args.join(' ')}"`, 'use `mailguard config check`');
  }
  const repo = await repoOrNull(cwd);
  const { config, source } = findConfig(repo?.root ?? cwd, explicit && resolve(cwd, explicit));
  if (!source) {
    process.stdout.write('mailguard: no config (mailguard.config.json or package.json#mailguard): built-in rules, mailguard:allow comments count\n');
    return ExitCode.Clean;
  }
  const files = repo ? await trackedFiles(repo) : null;
  const lines = [`mailguard: ${describeSource(source)} is valid`, ...summary(config, files)];
  process.stdout.write(`${lines.join('\n')}\n`);
  const [stale] = files ? staleGlobs(config.allow?.paths ?? [], files) : [];
  if (stale) throw new UsageError(`${describeSource(source)}: ${staleGlobWarning(stale)}`);
  return ExitCode.Clean;
}

function summary(config: Config, files: readonly string[] | null): string[] {
  const allow = config.allow ?? {};
  const lines = (allow.paths ?? []).map((glob, i) => {
    if (!files) return `  allow.paths[${i}] "${glob}": not checked (not in a git repository)`;
    const matches = pathMatcher(glob);
    const n = files.filter((f) => matches(f)).length;
    return `  allow.paths[${i}] "${glob}": ${n === 0 ? 'matches NO tracked file' : `${n} tracked file${n === 1 ? '' : 's'}`}`;
  });
  if (!allow.paths?.length) lines.push('  allow.paths: none');
  lines.push(`  allow.fingerprints: ${allow.fingerprints?.length ?? 0}`);
  lines.push(`  allow.inline: ${allow.inline === false ? 'false (strict: mailguard:allow comments do not count)' : 'true (mailguard:allow comments count)'}`);
  lines.push(`  rules.disable: ${config.rules?.disable?.join(', ') || 'none'}`);
  lines.push(`  customRules: ${(config.customRules ?? []).map((r) => r.id).join(', ') || 'none'}`);
  return lines;
}
