import type { ProviderSpec, VerifySpec } from '../src/engine/rule.js';
import { B64_END, B64_START, bare, hex, placeholderLines } from './shapes.js';

const CONTEXT = ['mailgun', 'mg_api', 'mg_key', 'mg_private', 'mg_signing', 'mg_webhook', 'mg-api', 'mg_secret'];

// US host first (api.mailgun.net); a key of an EU-region account answers 401 there, so the EU host is tried next.
const CHECK_DOMAINS = {
  method: 'GET',
  baseUrl: 'https://api.mailgun.net',
  regions: [{ id: 'eu', baseUrl: 'https://api.eu.mailgun.net' }],
  path: '/v3/domains',
  auth: { kind: 'basic', user: 'api', password: '{secret}' },
  live: [200],
  invalid: [401],
} satisfies VerifySpec;

const mailgun: ProviderSpec = {
  id: 'mailgun',
  name: 'Mailgun',
  docs: [
    'https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/#primary-account-api-key',
    'https://help.mailgun.com/hc/en-us/articles/203380100-Where-can-I-find-my-API-keys-and-SMTP-credentials',
  ],
  rules: [
    {
      id: 'mailgun-private-key',
      credential: 'private API key (key-…)',
      severity: 'high',
      keywords: ['key-'],
      // `key-` must start a token: `monkey-…`, `hotkey-…` and `api-key-…` are other words.
      pattern: String.raw`(?<![\w-])key-[0-9a-zA-Z]{32}(?![\w-])`,
      prefix: 'key-',
      entropy: 3.5,
      envVar: 'MAILGUN_API_KEY',
      verify: CHECK_DOMAINS,
      examples: {
        detect: [
          'MAILGUN_API_KEY=key-lmprkf0yw668fhgrqceclirslnve88i7',
          'export MAILGUN_API_KEY="key-hb3dl3efss3iykfje3scca5awzygzy3w"',
          '{ "mailgun": { "apiKey": "key-2zcgthtivxus4j84mn1px4j8s3gi6p48" } }',
          'auth=("api", "key-lmprkf0yw668fhgrqceclirslnve88i7")',
          "curl -s --user 'api:key-hb3dl3efss3iykfje3scca5awzygzy3w' https://api.mailgun.net/v3/domains",
          'https://api:key-2zcgthtivxus4j84mn1px4j8s3gi6p48@api.mailgun.net/v3/domains',
          '$mg = Mailgun::create(\'key-lmprkf0yw668fhgrqceclirslnve88i7\');',
          '<add key="MailgunApiKey" value="key-hb3dl3efss3iykfje3scca5awzygzy3w" />',
        ],
        ignore: [
          'MAILGUN_API_KEY=key-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
          'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'monkey-lmprkf0yw668fhgrqceclirslnve88i7',
          'hotkey-hb3dl3efss3iykfje3scca5awzygzy3w',
          'api-key-2zcgthtivxus4j84mn1px4j8s3gi6p48',
          'MAILGUN_API_KEY=key-25gt2wcmjh4wv4mtgt1ukys4vqhwjti',
          'MAILGUN_API_KEY=key-xkg78qvoil5nx9kk1l0da6pxnqgeg6h5e',
          'MAILGUN_API_KEY=key-0123456789abcdef0123456789abcdef',
          'Mailgun keys look like key- followed by 32 characters: /key-[0-9a-z]{32}/',
          ...placeholderLines('MAILGUN_API_KEY'),
        ],
      },
    },
    {
      id: 'mailgun-api-key',
      credential: 'private API key or webhook signing key (hex-hex-hex)',
      severity: 'high',
      context: CONTEXT,
      pattern: bare(String.raw`${hex(32)}-${hex(8)}-${hex(8)}`),
      entropy: 3.2,
      envVar: 'MAILGUN_API_KEY',
      verify: CHECK_DOMAINS,
      examples: {
        detect: [
          'MAILGUN_API_KEY=87ffc5dea6fbc8bb85f61789f4bd7c90-993372d7-d1e7f378',
          'MAILGUN_WEBHOOK_SIGNING_KEY="7b5c4c8681b4b30836a879902e7e8f4f-ea96db9c-7591d618"',
          "const mg = mailgun.client({ username: 'api', key: '87ffc5dea6fbc8bb85f61789f4bd7c90-993372d7-d1e7f378' });",
          'mailgun:\n  domain: mg.example.com\n  api_key: 7b5c4c8681b4b30836a879902e7e8f4f-ea96db9c-7591d618',
          'client = Client(auth=("api", "87ffc5dea6fbc8bb85f61789f4bd7c90-993372d7-d1e7f378"))  # mailgun',
          { file: 'config/mailgun.php', text: "    'secret' => '7b5c4c8681b4b30836a879902e7e8f4f-ea96db9c-7591d618'," },
          "MAILER_DSN=mailgun+api://87ffc5dea6fbc8bb85f61789f4bd7c90-993372d7-d1e7f378:mg.example.com@default",
        ],
        ignore: [
          'TRACE_ID=87ffc5dea6fbc8bb85f61789f4bd7c90-993372d7-d1e7f378',
          'MAILGUN_API_KEY=00000000000000000000000000000000-00000000-00000000',
          '# mailgun\nchecksum: 7b5c4c8681b4b30836a879902e7e8f4f-ea96db9c-7591d618',
          'mailgun_message_id: 87ffc5dea6fbc8bb85f61789f4bd7c90-993372d7-d1e7f378',
          ...placeholderLines('MAILGUN_API_KEY'),
        ],
      },
    },
    {
      id: 'mailgun-basic-auth',
      credential: 'private API key in a Basic auth header (base64 of api:key)',
      severity: 'high',
      keywords: ['yxbpo'],
      pattern: String.raw`${B64_START}YXBpO[A-Za-z0-9+/]{40,90}={0,2}${B64_END}`,
      decodedPattern: String.raw`api:(?:key-[0-9a-zA-Z]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})`,
      envVar: 'MAILGUN_API_KEY',
      verify: { ...CHECK_DOMAINS, auth: { kind: 'header', name: 'authorization', value: 'Basic {secret}' } },
      examples: {
        detect: [
          'Authorization: Basic YXBpOmtleS0wZnMxZWk4ZmFhaHMzOXo3cmd5d2VuenU4a2ppZ2lhMA==',
          "headers = {'Authorization': 'Basic YXBpOmtleS1wcXh3NG10cGZlYjk5ZDRjemR5cDY0YWpobjh0aXM4dw=='}",
        ],
        ignore: ['Authorization: Basic YXBpOnlvdXItYXBpLWtleS1oZXJlLXJlcGxhY2UtbWU=', 'Authorization: Basic dXNlcjpwYXNzd29yZA=='],
      },
    },
    {
      id: 'mailgun-public-key',
      credential: 'public validation key (pubkey-…)',
      severity: 'low',
      keywords: ['pubkey-'],
      pattern: String.raw`(?<![\w-])pubkey-[0-9a-zA-Z]{32}(?![\w-])`,
      prefix: 'pubkey-',
      entropy: 3.0,
      envVar: 'MAILGUN_PUBLIC_KEY',
      examples: {
        detect: ['MAILGUN_PUBLIC_KEY=pubkey-87ffc5dea6fbc8bb85f61789f4bd7c90', "validator = MailgunValidator('pubkey-c0f50e08a974c317102f508337e8dd1d')"],
        ignore: ['MAILGUN_PUBLIC_KEY=pubkey-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'pubkey-c3d29a9c17fbf018d2f20170fe8e769', ...placeholderLines('MAILGUN_PUBLIC_KEY')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Delete the leaked key: Mailgun → Settings → API Security → the key → Delete.',
      detail:
        'Open the API Security page (API keys), find the key by its last characters and delete it. A webhook signing key is reset on the Webhooks page; an SMTP password under Sending → Domain settings → SMTP credentials.',
      url: 'https://app.mailgun.com/settings/api_security',
    },
    {
      step: 'audit',
      short: 'Read the sending logs for the exposure window: mail you did not send, new domains, routes or webhooks.',
      detail:
        'In Reporting → Logs filter by date from the first commit of the key. Look for unknown recipients, bursts of sends, complaints and bounces; check Domains, Routes and Webhooks for anything you did not create (a route can copy your inbound mail elsewhere).',
      url: 'https://app.mailgun.com/app/logs',
    },
    {
      step: 'rotate',
      short: 'Create a new key with the least privilege: a domain sending key if the app only sends.',
      detail:
        'A Domain Sending Key can only send through one domain; use it instead of the account-wide private key wherever the code only calls /messages.',
    },
    {
      step: 'update',
      short: 'Put the new key in every service and CI secret store before you delete the old one.',
      detail: 'List every app, worker, cron job and pipeline that sends mail; deploy the new key to each, check a test send, then revoke.',
    },
    {
      step: 'harden',
      short: 'Turn on IP allowlisting for API keys, require TLS, one key per environment, keys in a secrets manager.',
      detail:
        'API Security → IP Access Management limits where the key works from. Keep production keys out of developer machines; read them from the environment or a secrets manager (Vault, AWS Secrets Manager, Doppler).',
    },
  ],
};

export default mailgun;
