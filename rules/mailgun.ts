import type { ProviderSpec } from '../src/engine/rule.js';

const mailgun: ProviderSpec = {
  id: 'mailgun',
  name: 'Mailgun',
  docs: ['https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/#primary-account-api-key'],
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
      examples: {
        detect: [
          'MAILGUN_API_KEY=key-abjurk5nmiadsxwqneba5po4cbqi1fg4',
          'export MAILGUN_API_KEY="key-in9pb8d4vgz02sguo6xyhzmtnk954tt3"',
          '{ "mailgun": { "apiKey": "key-odv3n2ynhbohiso51d6wydoe3styelnd" } }',
          'auth=("api", "key-xw1bd6o8xpahpvxwvf19kl91p5u1cgwb")',
          "curl -s --user 'api:key-abjurk5nmiadsxwqneba5po4cbqi1fg4' https://api.mailgun.net/v3/domains",
          'https://api:key-in9pb8d4vgz02sguo6xyhzmtnk954tt3@api.mailgun.net/v3/domains',
        ],
        ignore: [
          'MAILGUN_API_KEY=key-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
          'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'monkey-abjurk5nmiadsxwqneba5po4cbqi1fg4',
          'hotkey-in9pb8d4vgz02sguo6xyhzmtnk954tt3',
          'MAILGUN_API_KEY=key-abjurk5nmiadsxwqneba5po4cbqi1fg',
          'MAILGUN_API_KEY=key-abjurk5nmiadsxwqneba5po4cbqi1fg4x',
          'MAILGUN_API_KEY=${MAILGUN_API_KEY}',
          'const key = process.env.MAILGUN_API_KEY;',
          'MAILGUN_API_KEY=key-0123456789abcdef0123456789abcdef',
          'api_key = "your-api-key"',
        ],
      },
    },
    {
      id: 'mailgun-api-key',
      credential: 'private API key or webhook signing key',
      severity: 'high',
      context: ['mailgun', 'mg_api', 'mg_key', 'mg_signing', 'mg_webhook', 'mg-api'],
      pattern: String.raw`(?<![0-9a-zA-Z])[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}(?![0-9a-zA-Z])`,
      entropy: 3.2,
      envVar: 'MAILGUN_API_KEY',
      examples: {
        detect: [
          'MAILGUN_API_KEY=4641ee7f4865614ffa0a7cd1e6e60d4d-69b577dd-ad474af1',
          'MAILGUN_WEBHOOK_SIGNING_KEY="7d3a21568c013488f8f16de78abdeec0-262dcd76-66db4c1e"',
          "const mg = mailgun.client({ username: 'api', key: '4641ee7f4865614ffa0a7cd1e6e60d4d-69b577dd-ad474af1' });",
          'mailgun:\n  domain: mg.example.com\n  api_key: 7d3a21568c013488f8f16de78abdeec0-262dcd76-66db4c1e',
        ],
        ignore: [
          'TRACE_ID=4641ee7f4865614ffa0a7cd1e6e60d4d-69b577dd-ad474af1',
          'MAILGUN_API_KEY=00000000000000000000000000000000-00000000-00000000',
          'MAILGUN_API_KEY=${MAILGUN_API_KEY}',
        ],
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
        detect: ['MAILGUN_PUBLIC_KEY=pubkey-06c1f70a7063bb926ca470e1b799fc37'],
        ignore: ['MAILGUN_PUBLIC_KEY=pubkey-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'pubkey-06c1f70a7063bb926ca470e1b799fc3'],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Delete the key: Mailgun dashboard → Security (API Keys) → delete the leaked key.',
      url: 'https://app.mailgun.com/settings/api_security',
    },
    {
      step: 'audit',
      short: 'Review the sending logs for the exposure window: spam, phishing, mail you did not send.',
      url: 'https://app.mailgun.com/app/logs',
    },
    {
      step: 'rotate',
      short: 'Create a new key with the least privilege needed (a domain sending key if the app only sends).',
    },
    {
      step: 'update',
      short: 'Deploy the new key everywhere it is used (apps, CI/CD) before deleting the old one.',
    },
    {
      step: 'harden',
      short: 'Enable IP allowlisting and require TLS; keep keys in a secrets manager, one per environment.',
    },
  ],
};

export default mailgun;
