import type { ProviderSpec } from '../src/engine/rule.js';
import { placeholderLines } from './shapes.js';

const sendgrid: ProviderSpec = {
  id: 'sendgrid',
  name: 'SendGrid (Twilio)',
  docs: ['https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys'],
  rules: [
    {
      id: 'sendgrid-api-key',
      credential: 'API key (SG.…)',
      severity: 'high',
      keywords: ['sg.'],
      // 22 + 43 characters of base64url; real keys contain `-` and `_`. A small range tolerates older keys.
      pattern: String.raw`(?<![\w.-])SG\.[\w-]{16,32}\.[\w-]{40,50}(?![\w-])`,
      prefix: 'SG.',
      entropy: 3.5,
      envVar: 'SENDGRID_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://api.sendgrid.com',
        regions: [{ id: 'eu', baseUrl: 'https://api.eu.sendgrid.com' }],
        path: '/v3/scopes',
        auth: { kind: 'bearer' },
        live: [200, 403],
        invalid: [401],
      },
      examples: {
        detect: [
          'SENDGRID_API_KEY=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',
          "sgMail.setApiKey('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');",
          'sg = sendgrid.SendGridAPIClient(api_key="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")',
          'curl -H "Authorization: Bearer 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" https://api.sendgrid.com/v3/scopes',
          'smtp://apikey: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@smtp.sendgrid.net:587',
          'var client = new SendGridClient("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");',
          'sendgrid:\n  api_key: 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',
          'MAILER_DSN=sendgrid+api://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@default',
        ],
        ignore: [
          'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'SENDGRID_API_KEY=SG.XXXXXXXXXXXXXXXXXXXXXX.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
          'SENDGRID_API_KEY=SG.your-api-key',
          'const pattern = /SG\\.[\\w-]{22}\\.[\\w-]{43}/;',
          'MSG.YJFtWmui06yjHSO8beib82.nCrlU5O6Va4K8yRrZvCgpEY7RM_ABMJxSbY8RRkh-yI',
          'SENDGRID_API_KEY=SG.f7OeH4SMnehxELLIvIQRNh.DenNduN9Sn1Ij-MwkpPlQEGm6pQo2b',
          ...placeholderLines('SENDGRID_API_KEY'),
        ],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: "Delete the key: Settings → API Keys → the key's menu → Delete.",
      detail: 'Deleting is immediate and cannot be undone; SendGrid shows only the key name, so match it by name and creation date.',
      url: 'https://app.sendgrid.com/settings/api_keys',
    },
    {
      step: 'audit',
      short: 'Review the Activity Feed and Stats for sends you did not make; check Teammates, Sender Authentication and API keys lists.',
      detail: 'Attackers use leaked SendGrid keys to phish from your authenticated domain: look for unfamiliar subjects and recipients, and for new API keys or teammates created with the leaked key.',
      url: 'https://app.sendgrid.com/email_activity',
    },
    {
      step: 'rotate',
      short: 'Create a Restricted Access key with only the Mail Send permission if the app only sends.',
      detail: 'Full Access keys can create more keys and read contacts; a Mail Send key cannot. Subusers give each product its own reputation and keys.',
    },
    { step: 'update', short: 'Deploy the new key to every service and CI secret store, then verify a send before the old key goes.' },
    {
      step: 'harden',
      short: 'Turn on IP Access Management and two-factor authentication; one key per environment in a secrets manager.',
      url: 'https://app.sendgrid.com/settings/access',
    },
  ],
};

export default sendgrid;
