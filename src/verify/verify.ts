import type { Finding } from '../engine/finding.js';
import { secretOf } from '../engine/finding.js';
import type { RuleSpec, VerifySpec } from '../engine/rule.js';

export type VerificationStatus = 'live' | 'invalid' | 'unknown';

export interface Verification {
  status: VerificationStatus;
  /** Why, in a few words: "HTTP 200", "HTTP 429 rate limited", "timeout", "no read-only check". */
  detail: string;
}

export interface VerifyOptions {
  timeoutMs?: number;
  concurrency?: number;
  env?: NodeJS.ProcessEnv;
}

/** Environment variable that points one provider's checks at another base URL (loopback only: tests). */
export function baseUrlOverrideVar(provider: string): string {
  return `MAILGUARD_VERIFY_BASE_URL_${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Sends each finding's read-only check, at most `concurrency` at a time, and says per finding whether the
 * key is live. Only findings whose rule has a check are sent; the same secret is checked once.
 */
export async function verifyFindings(findings: readonly Finding[], rules: ReadonlyMap<string, RuleSpec>, opts: VerifyOptions = {}): Promise<Map<Finding, Verification>> {
  const results = new Map<Finding, Verification>();
  const bySecret = new Map<string, Promise<Verification>>();
  const queue = [...findings];
  const limit = Math.max(1, opts.concurrency ?? 4);
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const rule = rules.get(f.ruleId);
      const secret = secretOf(f);
      if (!rule?.verify || !secret) {
        results.set(f, { status: 'unknown', detail: 'no read-only check for this credential' });
        continue;
      }
      const key = `${f.ruleId}\0${secret}`;
      if (!bySecret.has(key)) bySecret.set(key, checkOnce(rule, rule.verify, secret, f.provider, opts));
      results.set(f, await bySecret.get(key)!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, findings.length) }, worker));
  return results;
}

async function checkOnce(rule: RuleSpec, spec: VerifySpec, secret: string, provider: string, opts: VerifyOptions): Promise<Verification> {
  let request: { url: URL; init: RequestInit };
  try {
    request = buildRequest(rule, spec, secret, provider, opts.env ?? process.env);
  } catch (err) {
    return { status: 'unknown', detail: (err as Error).message };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 8000);
  try {
    const res = await fetch(request.url, { ...request.init, signal: controller.signal, redirect: 'manual' });
    await res.body?.cancel().catch(() => undefined);
    return classify(spec, res.status);
  } catch (err) {
    return { status: 'unknown', detail: controller.signal.aborted ? 'timeout' : `network error (${(err as NodeJS.ErrnoException).cause ? String(((err as { cause: NodeJS.ErrnoException }).cause).code ?? 'failed') : 'failed'})` };
  } finally {
    clearTimeout(timer);
  }
}

export function classify(spec: VerifySpec, status: number): Verification {
  if (spec.live.includes(status)) return { status: 'live', detail: `HTTP ${status}` };
  if (spec.invalid.includes(status)) return { status: 'invalid', detail: `HTTP ${status}` };
  if (status === 429) return { status: 'unknown', detail: 'HTTP 429 rate limited' };
  return { status: 'unknown', detail: `unexpected HTTP ${status}` };
}

/** The request for one secret; refuses any destination but the provider's HTTPS host or a loopback override. */
export function buildRequest(rule: RuleSpec, spec: VerifySpec, secret: string, provider: string, env: NodeJS.ProcessEnv): { url: URL; init: RequestInit } {
  const fill = placeholderFiller(rule, secret);
  const override = env[baseUrlOverrideVar(provider)];
  const base = override ? loopbackOnly(override) : httpsOnly(fill(spec.baseUrl));
  const url = new URL(base.replace(/\/$/, '') + fill(spec.path));
  const headers: Record<string, string> = { 'user-agent': 'mailguard-verify', ...mapValues(spec.headers ?? {}, fill) };
  let body: string | undefined;
  const auth = spec.auth;
  if (auth.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${fill(auth.user)}:${fill(auth.password)}`).toString('base64')}`;
  else if (auth.kind === 'bearer') headers.authorization = `Bearer ${secret}`;
  else if (auth.kind === 'header') headers[auth.name.toLowerCase()] = fill(auth.value);
  else {
    body = JSON.stringify(mapValues(auth.body, fill));
    headers['content-type'] = 'application/json';
  }
  return { url, init: { method: spec.method, headers, body } };
}

function placeholderFiller(rule: RuleSpec, secret: string): (text: string) => string {
  const groups = new RegExp(rule.pattern).exec(secret)?.groups ?? {};
  return (text) => text.replace(/\{(\w+)\}/g, (m, name: string) => (name === 'secret' ? secret : groups[name] ?? m));
}

function httpsOnly(base: string): string {
  const url = new URL(base);
  if (url.protocol !== 'https:') throw new Error(`refusing a non-HTTPS check URL (${url.protocol})`);
  return base;
}

function loopbackOnly(base: string): string {
  const url = new URL(base);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && !/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    throw new Error('a verification base URL override must point at this machine (loopback)');
  }
  return base;
}

function mapValues(obj: Record<string, string>, fn: (v: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}
