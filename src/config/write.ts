import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { ConfigSource } from './load.js';
import type { AllowedFingerprint, Config } from './schema.js';

export type AllowChange = 'added' | 'updated' | 'unchanged';

/**
 * Adds a reviewed fingerprint to a config file (creating the file, or the `"mailguard"` key of a
 * package.json), or updates its reason. The rest of the file keeps its keys, order and indentation.
 */
export function allowFingerprint(target: ConfigSource, entry: AllowedFingerprint): AllowChange {
  const text = existsSync(target.path) ? readFileSync(target.path, 'utf8') : '';
  const doc = text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (target.packageJson && (typeof doc !== 'object' || doc === null || Array.isArray(doc))) {
    throw new UsageError(`${target.path} is not a JSON object`);
  }
  const config = (target.packageJson ? (doc.mailguard ??= {}) : doc) as Config;
  const list = ((config.allow ??= {}).fingerprints ??= []);
  const existing = list.find((f) => f.fingerprint.toLowerCase() === entry.fingerprint);
  if (existing?.reason === entry.reason) return 'unchanged';
  if (existing) existing.reason = entry.reason;
  else list.push(entry);
  writeFileSync(target.path, formatLike(text, doc));
  return existing ? 'updated' : 'added';
}

/** JSON with the indentation and line endings of `original` (two spaces and `\n` for a new file). */
function formatLike(original: string, value: unknown): string {
  const indent = /^([ \t]+)"/m.exec(original)?.[1] ?? '  ';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  return `${JSON.stringify(value, null, indent).replace(/\n/g, eol)}${eol}`;
}
