import type { Finding } from '../engine/finding.js';
import { secretsOf } from '../engine/finding.js';
import type { ProviderSpec, RuleSpec, VerifyRegion, VerifySpec } from '../engine/rule.js';
import { classify, MAX_BODY_BYTES, needsBody, type Verification } from './classify.js';
import { baseUrlOverrideVar, buildRequest, needsOther, RefusedCheck, type CheckParts, type CheckRequest } from './request.js';

export { classify, type Verification, type VerificationStatus } from './classify.js';
export { baseUrlOverrideVar, buildRequest } from './request.js';

export interface VerifyOptions {
  /** Per request; a check that tries another region or order may send a few. */
  timeoutMs?: number;
  /** For all the checks together: past it no request is sent or waited for (a hook must not hang). */
  totalMs?: number;
  concurrency?: number;
  env?: NodeJS.ProcessEnv;
}

export const NO_CHECK = 'no safe read-only check exists for this credential';

/** Rule id → rule, for every rule with a check; a pair's id maps to the rule that declares the pair. */
export function checkableRules(providers: Iterable<ProviderSpec>): Map<string, RuleSpec> {
  const rules = new Map<string, RuleSpec>();
  for (const provider of providers) {
    for (const rule of provider.rules) {
      if (!rule.verify) continue;
      rules.set(rule.id, rule);
      if (rule.pair) rules.set(rule.pair.id, rule);
    }
  }
  return rules;
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
  const deadline = opts.totalMs === undefined ? Infinity : Date.now() + opts.totalMs;
  const timed = { ...opts, deadline };
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      if (Date.now() >= deadline) {
        results.set(f, { status: 'unknown', detail: outOfTime(opts.totalMs!) });
        continue;
      }
      const rule = rules.get(f.ruleId);
      const [secret, other] = secretsOf(f);
      if (!rule?.verify || !secret) {
        results.set(f, { status: 'unknown', detail: NO_CHECK });
        continue;
      }
      if (needsOther(rule.verify) && other === undefined) {
        results.set(f, { status: 'unknown', detail: 'the check needs both halves of the pair; only one was found' });
        continue;
      }
      const key = [f.ruleId, secret, other ?? ''].join('\0');
      if (!bySecret.has(key)) bySecret.set(key, checkSecret(rule, rule.verify, { secret, other }, f.provider, timed));
      results.set(f, await bySecret.get(key)!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, findings.length) }, worker));
  return results;
}

interface Attempt {
  region?: VerifyRegion;
  swapped: boolean;
}

function outOfTime(totalMs: number): string {
  return `not checked: all checks together stop after ${totalMs / 1000} s`;
}

/** Tries the first host and order; another region or order only after an "invalid" answer. */
async function checkSecret(rule: RuleSpec, spec: VerifySpec, parts: CheckParts, provider: string, opts: VerifyOptions & { deadline: number }): Promise<Verification> {
  const env = opts.env ?? process.env;
  let invalid: Verification | null = null;
  let sent = 0;
  for (const attempt of attemptsFor(spec, parts, provider, env)) {
    const left = opts.deadline - Date.now();
    if (left <= 0) return invalid ?? { status: 'unknown', detail: outOfTime(opts.totalMs!) };
    const used = attempt.swapped ? { secret: parts.other!, other: parts.secret } : parts;
    const timeoutMs = opts.timeoutMs ?? 8000;
    const result = await sendCheck(() => buildRequest(rule, spec, used, provider, env, attempt.region), spec, Math.min(timeoutMs, left));
    if (result.status === 'unknown' && left < timeoutMs && Date.now() >= opts.deadline) return { status: 'unknown', detail: outOfTime(opts.totalMs!) };
    sent++;
    if (result.status === 'live') return { status: 'live', detail: `${result.detail}${whereLive(attempt)}` };
    if (result.status === 'unknown') return result;
    invalid ??= result;
  }
  if (!invalid) return { status: 'unknown', detail: 'no check host is allowed here' };
  return sent > 1 ? { status: 'invalid', detail: `${invalid.detail} from every host and order tried (${sent} requests)` } : invalid;
}

function attemptsFor(spec: VerifySpec, parts: CheckParts, provider: string, env: NodeJS.ProcessEnv): Attempt[] {
  const orders = spec.eitherOrder && parts.other !== undefined ? [false, true] : [false];
  const hosts: Array<VerifyRegion | undefined> = [undefined, ...(spec.regions ?? [])];
  // With any override set (a test), a host without its own override is never contacted.
  const prefix = baseUrlOverrideVar(provider);
  const overridden = Object.entries(env).some(([k, v]) => v && (k === prefix || k.startsWith(`${prefix}_`)));
  const allowed = hosts.filter((h) => !overridden || env[baseUrlOverrideVar(provider, h?.id)]);
  return allowed.flatMap((region) => orders.map((swapped) => ({ region, swapped })));
}

function whereLive(attempt: Attempt): string {
  const notes = [attempt.region ? `${attempt.region.id.toUpperCase()} host` : '', attempt.swapped ? 'halves in the other order' : ''].filter(Boolean);
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

/** One request: its answer classified; a refusal, network error or timeout is `unknown`. Never throws. */
async function sendCheck(build: () => CheckRequest, spec: VerifySpec, timeoutMs: number): Promise<Verification> {
  let request: CheckRequest;
  try {
    request = build();
  } catch (err) {
    // Only our own refusals are worded for output; anything else might quote the URL (and so a secret).
    return { status: 'unknown', detail: err instanceof RefusedCheck ? err.message : 'could not build the check request' };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(request.url, { ...request.init, signal: controller.signal, redirect: 'manual' });
    if (!needsBody(spec, res.status)) {
      await res.body?.cancel().catch(() => undefined);
      return classify(spec, res.status);
    }
    return classify(spec, res.status, parseJson(await readSmall(res)));
  } catch (err) {
    return { status: 'unknown', detail: controller.signal.aborted ? `timeout after ${timeoutMs} ms` : `network error${networkCode(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** At most MAX_BODY_BYTES of the body, as text. */
async function readSmall(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
    size += r.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return '';
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `: ECONNREFUSED` (the system error code behind a failed fetch) or nothing: never the message, which may quote the URL. */
function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' && /^[A-Z0-9_]+$/.test(cause.code) ? `: ${cause.code}` : '';
}
