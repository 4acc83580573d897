import type { VerifySpec } from '../engine/rule.js';

export type VerificationStatus = 'live' | 'invalid' | 'unknown';

export interface Verification {
  status: VerificationStatus;
  /** Why, in a few words: "HTTP 200", "HTTP 429 rate limited", "timeout", "no read-only check". */
  detail: string;
}

/** Bodies larger than this are not read: a field we look for sits in a small error object. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Whether the answer's body must be read to classify it. */
export function needsBody(spec: VerifySpec, status: number): boolean {
  return (spec.body ?? []).some((r) => r.status === status);
}

/** Live, invalid or unknown from the provider's answer; `body` is the parsed JSON when needsBody said so. */
export function classify(spec: VerifySpec, status: number, body?: unknown): Verification {
  const field = (name: string) => (body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined);
  const rule = (spec.body ?? []).find((r) => r.status === status && field(r.field) === r.equals);
  if (rule) return { status: rule.means, detail: `HTTP ${status} ${rule.equals} (${rule.detail})` };
  if (spec.live.includes(status)) return { status: 'live', detail: `HTTP ${status}` };
  if (spec.invalid.includes(status)) return { status: 'invalid', detail: `HTTP ${status}` };
  if (status === 429) return { status: 'unknown', detail: 'HTTP 429 rate limited: try again later' };
  return { status: 'unknown', detail: `unexpected HTTP ${status}` };
}
