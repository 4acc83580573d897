import type { RuleSpec, VerifySpec } from '../engine/rule.js';

/** A check that cannot be sent as asked; its message is safe to print (it never holds a secret). */
export class RefusedCheck extends Error {}

/** One HTTP request of a check, ready for fetch. */
export interface CheckRequest {
  url: URL;
  init: RequestInit;
}

/** The secret parts of a finding, in the order the spec's placeholders use them. */
export interface CheckParts {
  /** The token, or the secret half of a pair. */
  secret: string;
  /** The other half of a pair (key id, site id, client id). */
  other?: string;
}

/** Environment variable that points one provider's checks (one region's) at another base URL: loopback only, for tests. */
export function baseUrlOverrideVar(provider: string, region?: string): string {
  const name = region ? `${provider}_${region}` : provider;
  return `MAILGUARD_VERIFY_BASE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The request for one secret; refuses any destination but the provider's HTTPS host or a loopback override.
 * `baseUrl` is the spec's own (or a region's); the override variable, when set, replaces it.
 */
export function buildRequest(
  rule: RuleSpec,
  spec: VerifySpec,
  parts: CheckParts | string,
  provider: string,
  env: NodeJS.ProcessEnv,
  region?: { id: string; baseUrl: string },
): CheckRequest {
  const values = placeholderValues(rule, spec, typeof parts === 'string' ? { secret: parts } : parts);
  const override = env[baseUrlOverrideVar(provider, region?.id)];
  const base = override ? loopbackOnly(override) : httpsOnly(fillHost(region?.baseUrl ?? spec.baseUrl, values));
  const url = new URL(base.replace(/\/$/, '') + fill(spec.path, values, encodeURIComponent));
  const text = (t: string) => fill(t, values, (v) => v);
  const headers: Record<string, string> = { 'user-agent': 'mailguard-verify', accept: 'application/json', ...mapValues(spec.headers ?? {}, text) };
  let body: string | undefined;
  const auth = spec.auth;
  if (auth.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${text(auth.user)}:${text(auth.password)}`).toString('base64')}`;
  else if (auth.kind === 'bearer') headers.authorization = `Bearer ${values.get('secret')}`;
  else if (auth.kind === 'header') headers[auth.name.toLowerCase()] = text(auth.value);
  else if (auth.kind === 'json-body') {
    body = JSON.stringify(mapValues(auth.body, text));
    headers['content-type'] = 'application/json';
  }
  return { url, init: { method: spec.method, headers, body } };
}

/** Every placeholder's value: the parts, the spec's cut-outs, and the named groups of the rule's pattern. */
function placeholderValues(rule: RuleSpec, spec: VerifySpec, parts: CheckParts): Map<string, string> {
  const values = new Map(Object.entries(new RegExp(rule.pattern).exec(parts.secret)?.groups ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  for (const [name, source] of Object.entries(spec.parts ?? {})) {
    const value = new RegExp(source).exec(parts.secret)?.[1];
    if (value !== undefined) values.set(name, value);
  }
  values.set('secret', parts.secret);
  if (parts.other !== undefined) values.set('other', parts.other);
  return values;
}

/** Whether the spec needs the other half of a pair. */
export function needsOther(spec: VerifySpec): boolean {
  return /\{other\}/.test(JSON.stringify(spec));
}

function fill(text: string, values: ReadonlyMap<string, string>, encode: (v: string) => string): string {
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new RefusedCheck(`the check needs {${name}}, which this finding does not carry`);
    return encode(value);
  });
}

/** A host template filled only with DNS-label text, so a value from a scanned file can never pick the host. */
function fillHost(template: string, values: ReadonlyMap<string, string>): string {
  return fill(template, values, (v) => {
    if (!/^[a-z0-9-]{1,63}$/i.test(v)) throw new RefusedCheck('refusing a check host built from text that is not a plain DNS label');
    return v.toLowerCase();
  });
}

function httpsOnly(base: string): string {
  const url = new URL(base);
  if (url.protocol !== 'https:') throw new RefusedCheck(`refusing a non-HTTPS check URL (${url.protocol})`);
  return base;
}

function loopbackOnly(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new RefusedCheck('a verification base URL override is not a URL');
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && !/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    throw new RefusedCheck('a verification base URL override must point at this machine (loopback)');
  }
  return base;
}

function mapValues(obj: Record<string, string>, fn: (v: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}
