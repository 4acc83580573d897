import type { ProviderSpec, VerifySpec } from '../src/engine/rule.js';
import { B64_END, B64_START, bare, hex, placeholderLines } from './shapes.js';

const CONTEXT = ['mailjet', 'mj_apikey', 'mj_api', 'mj_secret', 'mjapikey', 'mj_key', 'mj_private', 'mj_public', 'mjsecret'];

/** Basic auth with the API key as user and the secret key as password; which 32-hex half is which is a guess. */
const CHECK_APIKEY = {
  method: 'GET',
  baseUrl: 'https://api.mailjet.com',
  path: '/v3/REST/apikey',
  auth: { kind: 'basic', user: '{other}', password: '{secret}' },
  eitherOrder: true,
  live: [200],
  invalid: [401],
} satisfies VerifySpec;

const mailjet: ProviderSpec = {
  id: 'mailjet',
  name: 'Mailjet',
  docs: ['https://dev.mailjet.com/email/guides/#authentication', 'https://documentation.mailjet.com/hc/en-us/articles/360042412734'],
  rules: [
    {
      id: 'mailjet-api-key',
      credential: 'API key or secret key (32 hex)',
      severity: 'high',
      context: CONTEXT,
      pattern: bare(hex(32)),
      entropy: 3.0,
      identifierKeys: ['public'],
      pair: { with: 'mailjet-api-key', id: 'mailjet-api-key-pair', credential: 'API key + secret key (pair)' },
      envVar: 'MJ_APIKEY_PRIVATE',
      verify: CHECK_APIKEY,
      examples: {
        detect: [
          'MJ_APIKEY_PRIVATE=852c02a54e0aa670b0734b21a6da7133',
          'MJ_APIKEY_PUBLIC="32bfa0aa920da7cd6f1db917c8617a08"\nMJ_APIKEY_PRIVATE="2ff7f0241814f284ed3ab630b5f0c00f"',
          "const mailjet = Mailjet.apiConnect('4d7a959c1bd693f83891652d7910cd8d', 'a879f9c36f4c6090928778a8a38acc94');",
          'mailjet:\n  api_key: 852c02a54e0aa670b0734b21a6da7133\n  secret_key: 32bfa0aa920da7cd6f1db917c8617a08',
          { file: 'config/mailjet.yml', text: 'secret: 2ff7f0241814f284ed3ab630b5f0c00f' },
          'mailjet = Client(auth=("4d7a959c1bd693f83891652d7910cd8d", "a879f9c36f4c6090928778a8a38acc94"), version="v3.1")',
          'curl -s -X POST --user "852c02a54e0aa670b0734b21a6da7133:32bfa0aa920da7cd6f1db917c8617a08" https://api.mailjet.com/v3.1/send',
          'var client = new MailjetClient(\n    "2ff7f0241814f284ed3ab630b5f0c00f",\n    "4d7a959c1bd693f83891652d7910cd8d");',
          'MAILER_DSN=mailjet+api://a879f9c36f4c6090928778a8a38acc94:852c02a54e0aa670b0734b21a6da7133@default',
          '$mj = new \\Mailjet\\Client(getenv(\'MJ_APIKEY_PUBLIC\'), \'32bfa0aa920da7cd6f1db917c8617a08\', true, [\'version\' => \'v3.1\']);',
        ],
        ignore: [
          'checksum: 852c02a54e0aa670b0734b21a6da7133',
          'MJ_APIKEY_PRIVATE=00000000000000000000000000000000',
          "mailjet = Mailjet.apiConnect(process.env.MJ_APIKEY_PUBLIC, process.env.MJ_APIKEY_PRIVATE)",
          'MJ_APIKEY_PRIVATE=0123456789abcdef0123456789abcdef',
          '# mailjet\nCACHE_BUSTER=32bfa0aa920da7cd6f1db917c8617a08',
          'mailjet_template_hash: 2ff7f0241814f284ed3ab630b5f0c00f',
          { file: 'yarn.lock', text: 'node-mailjet@^6.0.0:\n  resolved "https://registry.yarnpkg.com/node-mailjet/-/node-mailjet-6.0.5.tgz#c9bc8ec3dc64aafe52d473cef1c4ea7989abe48b"' },
          'MJ_APIKEY_PUBLIC=a879f9c36f4c6090928778a8a38acc94',
          ...placeholderLines('MJ_APIKEY_PRIVATE'),
        ],
      },
    },
    {
      id: 'mailjet-basic-auth',
      credential: 'API key + secret in a Basic auth header (base64)',
      severity: 'high',
      keywords: ['basic', 'mailjet', 'mj_'],
      pattern: String.raw`${B64_START}[A-Za-z0-9+/]{86,88}={0,2}${B64_END}`,
      decodedPattern: String.raw`[0-9a-f]{32}:[0-9a-f]{32}`,
      envVar: 'MJ_APIKEY_PRIVATE',
      verify: { ...CHECK_APIKEY, auth: { kind: 'header', name: 'authorization', value: 'Basic {secret}' }, eitherOrder: false },
      examples: {
        detect: [
          'Authorization: Basic Y2YxMGQyNmE2ZjU3NDIwYmM3NWJkZmYwNWFkYzNkODk6MjdiMmJlZWJlNTZjNjFiN2I3MDk3MWU0ZWQyZWFkYWY=',
          "curl -H 'Authorization: Basic MTQyZTIwOTE3ZDljNDVkYjBiYmE4OWViMzZjMGRhMDM6Y2Q3N2Q1NWNlNzU3YWZlYzIyODViMjRmNTUyMDkzMTM=' https://api.mailjet.com/v3/REST/message",
        ],
        ignore: ['Authorization: Basic flUcyuFF0jOajWE3NT0G/MMoYN6MK+RXb6+cBgvxq3NgRnlC1tjim/IZPcI3JhVjrEF/UqdLfRW7XnjsuUh5O4hq', 'Authorization: Basic ${MJ_BASIC_AUTH}'],
      },
    },
    {
      id: 'mailjet-sms-token',
      credential: 'SMS API v4 bearer token',
      severity: 'medium',
      context: ['mailjet_sms', 'mj_sms', 'mjsms', 'api.mailjet.com/v4'],
      pattern: bare('[A-Za-z0-9]{32}'),
      minClasses: 3,
      entropy: 3.5,
      envVar: 'MAILJET_SMS_TOKEN',
      verify: { method: 'GET', baseUrl: 'https://api.mailjet.com', path: '/v4/sms', auth: { kind: 'bearer' }, live: [200], invalid: [401] },
      examples: {
        detect: ['MAILJET_SMS_TOKEN=eqYr8Lwx8w0SPGgQloilM4vRbZo5PbDV', 'curl -H "Authorization: Bearer 3ub5jYrkpTkVAUhrTLjowgBDVnpuVk0Y" https://api.mailjet.com/v4/sms-send'],
        ignore: ['SMS_PROVIDER_TOKEN=WRDN6ElxqYOueIhPv2QDuCaP7Z566qyi', ...placeholderLines('MAILJET_SMS_TOKEN')],
      },
    },
  ],
  remediation: [
    {
      step: 'rotate',
      short: 'Create a replacement key (sub-account key with only the rights needed): Account Settings → REST API → API Key Management.',
      detail:
        'Mailjet lets several keys live side by side. Create the new one first; a sub-account API key limits the damage to one sender when the app only needs that.',
      url: 'https://app.mailjet.com/account/apikeys',
    },
    {
      step: 'update',
      short: 'Switch every service to the new key and secret and test each before touching the old key.',
      detail: 'Keep a list of the services that send through this key (apps, CRM connectors, CI). Move them one by one and send a test message from each.',
    },
    {
      step: 'revoke',
      short: 'Deactivate the leaked key in API Key Management (or regenerate its secret) once nothing depends on it.',
      detail: 'Deactivation takes effect at once. Regenerating the secret keeps the public key but kills the leaked secret.',
      url: 'https://app.mailjet.com/account/apikeys',
    },
    {
      step: 'audit',
      short: 'Check statistics and message history for sends from unknown IPs, new senders or odd hours.',
      detail: 'Look at Statistics and the message history for the exposure window, and at Account → Senders & Domains for senders you did not add.',
    },
    {
      step: 'harden',
      short: 'One key per environment, stored in a secrets manager; never the master key in app code.',
      detail: 'Use sub-account keys per app and environment so that one leak can be cut without outage elsewhere; keep them out of the repository.',
    },
  ],
};

export default mailjet;
