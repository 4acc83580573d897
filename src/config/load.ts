import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { validateConfig, type Config } from './schema.js';

export const CONFIG_FILE = 'mailguard.config.json';

/**
 * The config for a scan: an explicit `--config FILE`, else `mailguard.config.json` at the root, else the
 * `"mailguard"` key of the root package.json, else nothing.
 */
export function loadConfig(root: string, explicit?: string): Config {
  if (explicit) return parseConfigFile(explicit, false) ?? {};
  const own = parseConfigFile(join(root, CONFIG_FILE), true);
  if (own) return own;
  const pkg = readJson(join(root, 'package.json'), true);
  if (pkg && typeof pkg === 'object' && 'mailguard' in pkg) return checked((pkg as { mailguard: unknown }).mailguard, 'package.json#mailguard');
  return {};
}

function parseConfigFile(path: string, optional: boolean): Config | null {
  const value = readJson(path, optional);
  return value === undefined ? null : checked(value, path);
}

function checked(value: unknown, source: string): Config {
  const problem = validateConfig(value, source);
  if (problem) throw new UsageError(`invalid config: ${problem}`);
  return value as Config;
}

/** Parsed JSON, or undefined when the file is absent and optional. */
function readJson(path: string, optional: boolean): unknown {
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
    throw new UsageError(`invalid config: ${path} is not valid JSON (${(err as Error).message})`);
  }
}
