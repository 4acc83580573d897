import type { ProviderSpec } from '../src/engine/rule.js';
import { hex, placeholderLines } from './shapes.js';

const brevo: ProviderSpec = {
  id: 'brevo',
  name: 'Brevo (Sendinblue)',
  docs: ['https://developers.brevo.com/docs/getting-started', 'https://help.brevo.com/hc/en-us/articles/7959631848850'],
  rules: [
    {
      id: 'brevo-api-key',
      credential: 'API v3 key (xkeysib-…)',
      severity: 'high',
      keywords: ['xkeysib-'],
      pattern: String.raw`(?<![\w-])xkeysib-${hex(64)}-[A-Za-z0-9]{16}(?![\w-])`,
      prefix: 'xkeysib-',
      entropy: 3.2,
      envVar: 'BREVO_API_KEY',
      verify: { method: 'GET', baseUrl: 'https://api.brevo.com', path: '/v3/account', auth: { kind: 'header', name: 'api-key', value: '{secret}' }, live: [200], invalid: [401] },
      examples: {
        detect: [
          'BREVO_API_KEY=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',
          "defaultClient.authentications['api-key'].apiKey = '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';",
          'curl -H "api-key: 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" https://api.brevo.com/v3/account',
          'SENDINBLUE_API_KEY: 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',
        ],
        ignore: [
          'BREVO_API_KEY=xkeysib-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx',
          'BREVO_API_KEY=xkeysib-b291935cea53f7cfb56782bce58e2b0d8b2f147e296f18ae88ec3ea56181a26-p1JbcpWSvZWXUJd4',
          ...placeholderLines('BREVO_API_KEY'),
        ],
      },
    },
    {
      id: 'brevo-smtp-key',
      credential: 'SMTP key (xsmtpsib-…)',
      severity: 'high',
      keywords: ['xsmtpsib-'],
      pattern: String.raw`(?<![\w-])xsmtpsib-${hex(64)}-[A-Za-z0-9]{16}(?![\w-])`,
      prefix: 'xsmtpsib-',
      entropy: 3.2,
      envVar: 'BREVO_SMTP_KEY',
      examples: {
        detect: [
          'SMTP_PASSWORD=xsmtpsib-2316eb2bd3bd0d054452f7607d1f5a2d78780628e1160af72b8c22760dafe181-p1JbcpWSvZWXUJd4',
          "auth: { user: 'me@example.com', pass: 'xsmtpsib-5b8ca90172e56e6d81d0b27947f89d8ebefd2fdbf08fbb929f054b8eaa33184f-TyFwX2cmN2n25yFJ' }",
          'smtp://me%40example.com:xsmtpsib-2316eb2bd3bd0d054452f7607d1f5a2d78780628e1160af72b8c22760dafe181-p1JbcpWSvZWXUJd4@smtp-relay.brevo.com:587',
        ],
        ignore: ['SMTP_PASSWORD=xsmtpsib-XXXXXXXX', ...placeholderLines('BREVO_SMTP_KEY')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Brevo → SMTP & API → API keys (or SMTP) tab → the key → Delete.',
      url: 'https://app.brevo.com/settings/keys/api',
    },
    {
      step: 'audit',
      short: 'Check Transactional → Logs and contact exports for activity you did not start; look for new senders and users.',
      url: 'https://app.brevo.com/transactional/email/logs',
    },
    {
      step: 'rotate',
      short: 'Create one key per application; use an SMTP key (not the API key) for SMTP-only senders.',
    },
    { step: 'update', short: 'Deploy the new key to every sender before deleting the old one.' },
    {
      step: 'harden',
      short: 'Turn on "Authorised IPs" for API keys, use one key per environment, keep keys in a secrets manager.',
      url: 'https://app.brevo.com/security/authorised_ips',
    },
  ],
};

export default brevo;
