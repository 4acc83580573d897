import type { ProviderSpec } from '../src/engine/rule.js';

const mailersend: ProviderSpec = {
  id: 'mailersend',
  name: 'MailerSend',
  docs: ['https://developers.mailersend.com/general.html#api-authentication'],
  rules: [
    {
      id: 'mailersend-api-token',
      credential: 'API token (mlsn.…)',
      severity: 'high',
      keywords: ['mlsn.'],
      pattern: String.raw`(?<![\w.])mlsn\.[0-9a-zA-Z]{40,128}(?![\w])`,
      prefix: 'mlsn.',
      entropy: 3.2,
      envVar: 'MAILERSEND_API_KEY',
      examples: {
        detect: [
          'MAILERSEND_API_KEY=mlsn.46bd89d6334080d2d65a11a6a405f028f39d5a5a7bcefaa7f2360cb6aa5d912e',
          "const mailerSend = new MailerSend({ apiKey: 'mlsn.2c3765644f32d1a663e9ff70fde287562a6faf1c533ab56be458043aa9524806' });",
          'Authorization: Bearer mlsn.1613f994c4e7bebdb9729bb8e109b1dbb78ddd161d7b06098376a28dda43fd5c',
        ],
        ignore: [
          'MAILERSEND_API_KEY=mlsn.short',
          'MAILERSEND_API_KEY=mlsn.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'MAILERSEND_API_KEY=${MAILERSEND_API_KEY}',
          'MAILERSEND_API_KEY=mlsn.your_api_token_here',
        ],
      },
    },
    {
      id: 'mailersend-smtp-password',
      credential: 'SMTP password (mssp.…)',
      severity: 'high',
      keywords: ['mssp.'],
      pattern: String.raw`(?<![\w.])mssp\.[0-9a-zA-Z]{7}\.[0-9a-zA-Z]{16}\.[0-9a-zA-Z]{7}(?![\w.])`,
      prefix: 'mssp.',
      entropy: 3.2,
      envVar: 'MAILERSEND_SMTP_PASSWORD',
      examples: {
        detect: [
          'SMTP_PASSWORD=mssp.RRsY0aK.Cbv5y320xHceRYvu.zGNT63S',
          'MAIL_PASSWORD="mssp.RRsY0aK.Cbv5y320xHceRYvu.zGNT63S"',
        ],
        ignore: ['SMTP_PASSWORD=mssp.XXXXXXX.XXXXXXXXXXXXXXXX.XXXXXXX', 'SMTP_PASSWORD=mssp.abc'],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'API token: Settings → API Tokens → the token\'s menu → Delete (takes effect at once). SMTP: Domains → your domain → SMTP → Reset Password.',
      url: 'https://app.mailersend.com/api-tokens',
    },
    {
      step: 'rotate',
      short: 'New token: Domains → your domain → API Token → Create new token, with only the permissions needed.',
    },
    { step: 'update', short: 'Put the new token or SMTP password in every service that sends mail (apps, CI/CD).' },
    { step: 'audit', short: 'Check the Activity and analytics pages for mail you did not send during the exposure window.' },
    { step: 'history', short: 'Purge the history with git-filter-repo or BFG and force-push, coordinated with the team.' },
  ],
};

export default mailersend;
