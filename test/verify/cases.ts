import { randomFrom } from '../helpers.js';
import { basicAuth, type Answer, type RecordedRequest } from './fake-provider.js';

/**
 * One provider check as the real API sees it: the exact request mailguard must send for a key, and how the
 * API answers a revoked key. Keys are made at run time (never a key-shaped literal in a test source).
 */
export interface ProviderCase {
  /** The finding's rule id (a pair's id for a two-part credential). */
  ruleId: string;
  provider: string;
  /** A fresh key: [secret] or, for a pair, [secret half, other half]. */
  key: () => string[];
  method: 'GET' | 'POST';
  /** Path and query on the provider's host. */
  path: (parts: string[]) => string;
  /** What the request authenticates with, read the way the provider reads it. */
  credential: (req: RecordedRequest) => string | null;
  /** What `credential` must be for this key. */
  expected: (parts: string[]) => string;
  /** The real API's answer to a revoked or unknown key (default 401). */
  revoked?: Answer;
  /** Other request headers that must be exact. */
  headers?: Record<string, string>;
}

const HEX = '0123456789abcdef';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${B62}-_`;
const LOWER36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const hex = (n: number) => randomFrom(HEX, n);
const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

const header = (name: string) => (req: RecordedRequest) => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
};
const bearer = (req: RecordedRequest) => header('authorization')(req)?.replace(/^Bearer /, '') ?? null;
const jsonField = (name: string) => (req: RecordedRequest) => {
  try {
    return String(JSON.parse(req.body)[name]);
  } catch {
    return null;
  }
};
const query = (name: string) => (req: RecordedRequest) => new URL(req.path, 'http://x').searchParams.get(name);
const fixed = (path: string) => () => path;
const secret = (parts: string[]) => parts[0]!;

export const CASES: ProviderCase[] = [
  {
    ruleId: 'mailgun-private-key',
    provider: 'mailgun',
    key: () => [`key-${randomFrom(LOWER36, 32)}`],
    method: 'GET',
    path: fixed('/v3/domains'),
    credential: (req) => basicAuth(req.headers),
    expected: ([s]) => `api:${s}`,
  },
  {
    ruleId: 'mailgun-api-key',
    provider: 'mailgun',
    key: () => [`${hex(32)}-${hex(8)}-${hex(8)}`],
    method: 'GET',
    path: fixed('/v3/domains'),
    credential: (req) => basicAuth(req.headers),
    expected: ([s]) => `api:${s}`,
  },
  {
    ruleId: 'mailgun-basic-auth',
    provider: 'mailgun',
    key: () => [b64(`api:key-${randomFrom(LOWER36, 32)}`)],
    method: 'GET',
    path: fixed('/v3/domains'),
    credential: header('authorization'),
    expected: ([s]) => `Basic ${s}`,
  },
  {
    ruleId: 'mailjet-api-key-pair',
    provider: 'mailjet',
    key: () => [hex(32), hex(32)],
    method: 'GET',
    path: fixed('/v3/REST/apikey'),
    credential: (req) => basicAuth(req.headers),
    expected: ([s, other]) => `${other}:${s}`,
  },
  {
    ruleId: 'mailjet-basic-auth',
    provider: 'mailjet',
    key: () => [b64(`${hex(32)}:${hex(32)}`)],
    method: 'GET',
    path: fixed('/v3/REST/apikey'),
    credential: header('authorization'),
    expected: ([s]) => `Basic ${s}`,
  },
  {
    ruleId: 'mailjet-sms-token',
    provider: 'mailjet',
    key: () => [randomFrom(B62, 32)],
    method: 'GET',
    path: fixed('/v4/sms'),
    credential: bearer,
    expected: secret,
  },
  {
    ruleId: 'mailersend-api-token',
    provider: 'mailersend',
    key: () => [`mlsn.${hex(64)}`],
    method: 'GET',
    path: fixed('/v1/domains'),
    credential: bearer,
    expected: secret,
  },
  {
    ruleId: 'sendgrid-api-key',
    provider: 'sendgrid',
    key: () => [`SG.${randomFrom(URLSAFE, 22)}.${randomFrom(URLSAFE, 43)}`],
    method: 'GET',
    path: fixed('/v3/scopes'),
    credential: bearer,
    expected: secret,
  },
  {
    ruleId: 'mailchimp-api-key',
    provider: 'mailchimp',
    key: () => [`${hex(32)}-us14`],
    method: 'GET',
    path: fixed('/3.0/ping'),
    credential: (req) => basicAuth(req.headers),
    expected: ([s]) => `mailguard:${s}`,
  },
  {
    ruleId: 'mandrill-api-key',
    provider: 'mandrill',
    key: () => [`md-${randomFrom('ABCDEFGH', 4)}${randomFrom('abcdefgh', 4)}${randomFrom(URLSAFE, 14)}`],
    method: 'POST',
    path: fixed('/api/1.0/users/ping2.json'),
    credential: jsonField('key'),
    expected: secret,
    revoked: { status: 500, body: { status: 'error', code: -1, name: 'Invalid_Key', message: 'Invalid API key' } },
    headers: { 'content-type': 'application/json' },
  },
  {
    ruleId: 'mandrill-api-key-legacy',
    provider: 'mandrill',
    key: () => [randomFrom(URLSAFE, 22)],
    method: 'POST',
    path: fixed('/api/1.0/users/ping2.json'),
    credential: jsonField('key'),
    expected: secret,
    revoked: { status: 500, body: { status: 'error', code: -1, name: 'Invalid_Key', message: 'Invalid API key' } },
  },
  {
    ruleId: 'postmark-server-token',
    provider: 'postmark',
    key: () => [uuid()],
    method: 'GET',
    path: fixed('/server'),
    credential: header('x-postmark-server-token'),
    expected: secret,
    headers: { accept: 'application/json' },
  },
  {
    ruleId: 'postmark-account-token',
    provider: 'postmark',
    key: () => [uuid()],
    method: 'GET',
    path: fixed('/domains?count=1&offset=0'),
    credential: header('x-postmark-account-token'),
    expected: secret,
  },
  {
    ruleId: 'sparkpost-api-key',
    provider: 'sparkpost',
    key: () => [hex(40)],
    method: 'GET',
    path: fixed('/api/v1/account'),
    credential: header('authorization'),
    expected: secret,
  },
  {
    ruleId: 'brevo-api-key',
    provider: 'brevo',
    key: () => [`xkeysib-${hex(64)}-${randomFrom(B62, 16)}`],
    method: 'GET',
    path: fixed('/v3/account'),
    credential: header('api-key'),
    expected: secret,
  },
  {
    ruleId: 'resend-api-key',
    provider: 'resend',
    key: () => [`re_${randomFrom(B62, 8)}_${randomFrom(B62, 24)}`],
    method: 'GET',
    path: fixed('/domains'),
    credential: bearer,
    expected: secret,
    revoked: { status: 403, body: { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' } },
  },
  {
    ruleId: 'elastic-email-api-key',
    provider: 'elastic-email',
    key: () => [randomFrom('0123456789ABCDEF', 96)],
    method: 'GET',
    path: fixed('/v4/statistics?from=2024-01-01T00:00:00'),
    credential: header('x-elasticemail-apikey'),
    expected: secret,
  },
  {
    ruleId: 'elastic-email-api-key-uuid',
    provider: 'elastic-email',
    key: () => [uuid().toUpperCase()],
    method: 'GET',
    path: fixed('/v4/statistics?from=2024-01-01T00:00:00'),
    credential: header('x-elasticemail-apikey'),
    expected: secret,
  },
  {
    ruleId: 'sendpulse-api-pair',
    provider: 'sendpulse',
    key: () => [hex(32), hex(32)],
    method: 'POST',
    path: fixed('/oauth/access_token'),
    credential: (req) => {
      const b = JSON.parse(req.body) as Record<string, string>;
      return `${b.grant_type} ${b.client_id}:${b.client_secret}`;
    },
    expected: ([s, other]) => `client_credentials ${other}:${s}`,
    revoked: { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } },
  },
  {
    ruleId: 'mailtrap-api-token',
    provider: 'mailtrap',
    key: () => [hex(32)],
    method: 'GET',
    path: fixed('/api/accounts'),
    credential: bearer,
    expected: secret,
  },
  {
    ruleId: 'smtp2go-api-key',
    provider: 'smtp2go',
    key: () => [`api-${randomFrom('0123456789ABCDEF', 32)}`],
    method: 'POST',
    path: fixed('/v3/stats/email_summary'),
    credential: jsonField('api_key'),
    expected: secret,
    headers: { 'content-type': 'application/json' },
  },
  {
    ruleId: 'smtp2go-api-key-context',
    provider: 'smtp2go',
    key: () => [`api-${randomFrom(B62, 32)}`],
    method: 'POST',
    path: fixed('/v3/stats/email_summary'),
    credential: jsonField('api_key'),
    expected: secret,
  },
  {
    ruleId: 'loops-api-key',
    provider: 'loops',
    key: () => [hex(32)],
    method: 'GET',
    path: fixed('/api/v1/api-key'),
    credential: bearer,
    expected: secret,
  },
  {
    ruleId: 'mailerlite-api-token',
    provider: 'mailerlite',
    key: () => [`eyJ${randomFrom(URLSAFE, 30)}.eyJ${randomFrom(URLSAFE, 60)}.${randomFrom(URLSAFE, 80)}`],
    method: 'GET',
    path: fixed('/api/groups?limit=1'),
    credential: bearer,
    expected: secret,
  },
  {
    ruleId: 'mailerlite-api-key-classic',
    provider: 'mailerlite',
    key: () => [randomFrom(LOWER36, 32)],
    method: 'GET',
    path: fixed('/api/v2/me'),
    credential: header('x-mailerlite-apikey'),
    expected: secret,
  },
  {
    ruleId: 'klaviyo-private-key',
    provider: 'klaviyo',
    key: () => [`pk_${hex(34)}`],
    method: 'GET',
    path: fixed('/api/accounts/'),
    credential: header('authorization'),
    expected: ([s]) => `Klaviyo-API-Key ${s}`,
    headers: { revision: '2024-10-15', accept: 'application/vnd.api+json' },
  },
  {
    ruleId: 'convertkit-api-secret',
    provider: 'convertkit',
    key: () => [randomFrom(URLSAFE, 43)],
    method: 'GET',
    path: ([s]) => `/v3/account?api_secret=${s}`,
    credential: query('api_secret'),
    expected: secret,
  },
  {
    ruleId: 'convertkit-api-key',
    provider: 'convertkit',
    key: () => [randomFrom(URLSAFE, 22)],
    method: 'GET',
    path: ([s]) => `/v3/forms?api_key=${s}`,
    credential: query('api_key'),
    expected: secret,
  },
  {
    ruleId: 'convertkit-v4-api-key',
    provider: 'convertkit',
    key: () => [`kit_${hex(32)}`],
    method: 'GET',
    path: fixed('/v4/account'),
    credential: header('x-kit-api-key'),
    expected: secret,
  },
  {
    ruleId: 'customerio-track-credentials',
    provider: 'customerio',
    key: () => [hex(20), hex(20)],
    method: 'GET',
    path: fixed('/api/v1/accounts/region'),
    credential: (req) => basicAuth(req.headers),
    expected: ([s, other]) => `${other}:${s}`,
  },
  {
    ruleId: 'getresponse-api-key',
    provider: 'getresponse',
    key: () => [randomFrom(LOWER36, 32)],
    method: 'GET',
    path: fixed('/v3/accounts'),
    credential: header('x-auth-token'),
    expected: ([s]) => `api-key ${s}`,
  },
];
