import type { ProviderSpec } from '../src/engine/rule.js';

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
      examples: {
        detect: [
          'SENDGRID_API_KEY=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',
          "sgMail.setApiKey('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');",
          'sg = sendgrid.SendGridAPIClient(api_key="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")',
          'curl -H "Authorization: Bearer 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" https://api.sendgrid.com/v3/scopes',
        ],
        ignore: [
          'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'SENDGRID_API_KEY=SG.XXXXXXXXXXXXXXXXXXXXXX.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
          'SENDGRID_API_KEY=${SENDGRID_API_KEY}',
          'SENDGRID_API_KEY=SG.your-api-key',
          'const pattern = /SG\\.[\\w-]{22}\\.[\\w-]{43}/;',
        ],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Delete the key: Settings → API Keys → the key\'s menu → Delete.',
      url: 'https://app.sendgrid.com/settings/api_keys',
    },
    { step: 'audit', short: 'Review Activity Feed and email statistics for sends you did not make during the exposure window.' },
    { step: 'rotate', short: 'Create a new key with Restricted Access: only the Mail Send scope if the app only sends.' },
    { step: 'update', short: 'Deploy the new key to every service and CI/CD secret store.' },
    { step: 'harden', short: 'Enable IP Access Management and two-factor authentication; one key per environment.' },
  ],
};

export default sendgrid;
