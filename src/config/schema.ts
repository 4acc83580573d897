/** `mailguard.config.json` (or `"mailguard"` in package.json). Unknown keys are errors. */
export interface Config {
  rules?: { disable?: string[] };
  allow?: {
    /** picomatch globs of repo-relative paths whose findings are suppressed. */
    paths?: string[];
    /** Fingerprints from `--format json`, each with the reason it was reviewed and allowed. */
    fingerprints?: Array<{ fingerprint: string; reason: string }>;
  };
}

type Check = (value: unknown, path: string) => string | null;

const isStringArray: Check = (v, path) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : `${path} must be an array of strings`;

const isFingerprintList: Check = (v, path) => {
  if (!Array.isArray(v)) return `${path} must be an array`;
  for (const [i, item] of v.entries()) {
    const at = `${path}[${i}]`;
    if (typeof item !== 'object' || item === null) return `${at} must be an object { fingerprint, reason }`;
    const problem = checkObject(item as Record<string, unknown>, at, {
      fingerprint: (x, p) => (typeof x === 'string' && /^[0-9a-f]{32}$/.test(x) ? null : `${p} must be a 32-character hex fingerprint`),
      reason: (x, p) => (typeof x === 'string' && x.trim() ? null : `${p} must say why this finding is allowed`),
    });
    if (problem) return problem;
    if (!('fingerprint' in item)) return `${at}.fingerprint is missing`;
  }
  return null;
};

const SCHEMA: Record<string, Record<string, Check>> = {
  rules: { disable: isStringArray },
  allow: { paths: isStringArray, fingerprints: isFingerprintList },
};

function checkObject(obj: Record<string, unknown>, path: string, fields: Record<string, Check>): string | null {
  for (const [key, value] of Object.entries(obj)) {
    const check = fields[key];
    if (!check) return `${path}.${key} is not a known setting (known: ${Object.keys(fields).join(', ')})`;
    const problem = check(value, `${path}.${key}`);
    if (problem) return problem;
  }
  return null;
}

/** Returns the first problem with `value` as a config, as "<path>: <what is wrong>", or null. */
export function validateConfig(value: unknown, source: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${source}: the config must be a JSON object`;
  for (const [key, section] of Object.entries(value)) {
    const fields = SCHEMA[key];
    if (!fields) return `${source}: "${key}" is not a known setting (known: ${Object.keys(SCHEMA).join(', ')})`;
    if (typeof section !== 'object' || section === null || Array.isArray(section)) return `${source}: "${key}" must be an object`;
    const problem = checkObject(section as Record<string, unknown>, key, fields);
    if (problem) return `${source}: ${problem}`;
  }
  return null;
}
