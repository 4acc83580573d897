import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { providers } from '../../rules/index.js';
import { UsageError } from '../errors.js';
import { checkRuleSettings } from './rules.js';
import { validateConfig, type Config } from './schema.js';

export const CONFIG_FILE = 'mailguard.config.json';

/** Where a config lives: its own file, or the `"mailguard"` key of a package.json. */
export interface ConfigSource {
  path: string;
  packageJson: boolean;
}

export interface LoadedConfig {
  config: Config;
  /** null when there is no config at all. */
  source: ConfigSource | null;
}

/**
 * The config for a scan: an explicit `--config FILE`, else `mailguard.config.json` at the root, else the
 * `"mailguard"` key of the root package.json, else nothing. Invalid settings are a usage error (exit 2)
 * that names the exact field.
 */
export function findConfig(root: string, explicit?: string): LoadedConfig {
  if (explicit) return fromFile(explicit, false) ?? { config: {}, source: null };
  const own = fromFile(join(root, CONFIG_FILE), true);
  if (own) return own;
  const pkgPath = join(root, 'package.json');
  const pkg = readJson(pkgPath, true);
  if (pkg && typeof pkg === 'object' && 'mailguard' in pkg) {
    const source = { path: pkgPath, packageJson: true };
    return { config: checked((pkg as { mailguard: unknown }).mailguard, source), source };
  }
  return { config: {}, source: null };
}

export function loadConfig(root: string, explicit?: string): Config {
  return findConfig(root, explicit).config;
}

/** How a config source is named in messages: a short path, `#mailguard` for package.json. */
export function describeSource(source: ConfigSource): string {
  const rel = relative(process.cwd(), source.path);
  const path = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : source.path;
  return source.packageJson ? `${path}#mailguard` : path;
}

function fromFile(path: string, optional: boolean): LoadedConfig | null {
  const value = readJson(path, optional);
  if (value === undefined) return null;
  const source = { path, packageJson: false };
  return { config: checked(value, source), source };
}

function checked(value: unknown, source: ConfigSource): Config {
  const problem = validateConfig(value) ?? checkRuleSettings(value as Config, providers);
  if (problem) throw new UsageError(`invalid config ${describeSource(source)}: ${problem}`);
  return value as Config;
}

/** Parsed JSON, or undefined when the file is absent and optional. */
export function readJson(path: string, optional: boolean): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (optional && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    throw new UsageError(`cannot read config ${path}: ${code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`invalid config ${describeSource({ path, packageJson: false })}: not valid JSON (${(err as Error).message})`);
  }
}
