import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const SMTP_PAIR = { with: 'mailersend-smtp-user', id: 'mailersend-smtp-credentials', credential: 'SMTP user + password (pair)' };

const mailersend: ProviderSpec = {
  id: 'mailersend',
  name: 'MailerSend',
  docs: ['https://developers.mailersend.com/general.html#api-authentication', 'https://www.mailersend.com/help/smtp-relay'],
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
      verify: { method: 'GET', baseUrl: 'https://api.mailersend.com', path: '/v1/domains', auth: { kind: 'bearer' }, live: [200, 403], invalid: [401] },
      examples: {
        detect: [
          'MAILERSEND_API_KEY=mlsn.c36c5d2d3d7fec1101d8e0ea6ed0a0251e60af0d47bc3df40197740a6ed9066c',
          "const mailerSend = new MailerSend({ apiKey: 'mlsn.9f80f5a85f0417290a3d579d7b06771d11ec102749d6db75deb3a2cc649235ae' });",
          'Authorization: Bearer mlsn.c030a6714c8efc399ad9584420b0dcbf72d220d9ba5e6101d8ebc8e4fe8ec621',
          '$mailersend = new MailerSend([\'api_key\' => \'mlsn.c36c5d2d3d7fec1101d8e0ea6ed0a0251e60af0d47bc3df40197740a6ed9066c\']);',
          'ms = MailerSendClient(api_key="mlsn.9f80f5a85f0417290a3d579d7b06771d11ec102749d6db75deb3a2cc649235ae")',
        ],
        ignore: [
          'MAILERSEND_API_KEY=mlsn.short',
          'MAILERSEND_API_KEY=mlsn.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'MAILERSEND_API_KEY=mlsn.your_api_token_here',
          'Tokens start with mlsn. and are followed by 64 hexadecimal characters.',
          ...placeholderLines('MAILERSEND_API_KEY'),
        ],
      },
    },
    {
      id: 'mailersend-smtp-password',
      credential: 'SMTP password (mssp.…)',
      severity: 'high',
      keywords: ['mssp.'],
      pattern: String.raw`(?<![\w.])mssp\.[0-9a-zA-Z]{5,12}\.[0-9a-zA-Z]{12,40}\.[0-9a-zA-Z]{5,12}(?![\w.])`,
      prefix: 'mssp.',
      entropy: 3.2,
      pair: SMTP_PAIR,
      envVar: 'MAILERSEND_SMTP_PASSWORD',
      examples: {
        detect: [
          'SMTP_PASSWORD=mssp.jTdWPS4.uLjyUNBAmDmxLDHP.otzU9rT',
          'MAIL_PASSWORD="mssp.XmraLFn.eFXeyOwECDQCFN2o.ofI0n9q"',
          'MAIL_USERNAME=MS_THAjyy@mg.acme-shop.io\nMAIL_PASSWORD=mssp.jTdWPS4.uLjyUNBAmDmxLDHP.otzU9rT',
          'smtp://MS_THAjyy%40trial-b9ucrp6wqj9x.mlsender.net:mssp.XmraLFn.eFXeyOwECDQCFN2o.ofI0n9q@smtp.mailersend.net:587',
        ],
        ignore: ['SMTP_PASSWORD=mssp.XXXXXXX.XXXXXXXXXXXXXXXX.XXXXXXX', 'SMTP_PASSWORD=mssp.abc', ...placeholderLines('MAILERSEND_SMTP_PASSWORD')],
      },
    },
    {
      id: 'mailersend-smtp-password-legacy',
      credential: 'SMTP password (older 16-character form)',
      severity: 'high',
      context: ['mailersend', 'mlsender', 'smtp.mailersend'],
      pattern: bare('[A-Za-z0-9]{16}'),
      minClasses: 2,
      entropy: 3.3,
      pair: SMTP_PAIR,
      envVar: 'MAILERSEND_SMTP_PASSWORD',
      examples: {
        detect: [
          'MAILERSEND_SMTP_PASSWORD=9QkYct41nYorlIYS',
          'MAIL_HOST=smtp.mailersend.net\nMAIL_USERNAME=MS_3VecoS@mg.acme-shop.io\nMAIL_PASSWORD=xjVK2pYjTj3nLkDv',
        ],
        ignore: ['MAILERSEND_SMTP_PASSWORD=aaaaBBBBccccDDDD', 'MAIL_HOST=smtp.mailersend.net\nMAIL_PORT=587\nREDIS_PASSWORD=PnPKSKiQ6IjBoDhT'],
      },
    },
    {
      id: 'mailersend-smtp-user',
      credential: 'SMTP user name (MS_…@domain)',
      severity: 'medium',
      keywords: ['ms_'],
      pattern: String.raw`(?<![\w.-])MS_[A-Za-z0-9]{6}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}`,
      pairOnly: true,
      envVar: 'MAILERSEND_SMTP_USERNAME',
      examples: {
        detect: [{ text: 'MAIL_USERNAME=MS_Gm9Y29@mg.acme-shop.io\nMAIL_PASSWORD=uLjyUNBAmDmxLDHP', file: '.env' }],
        ignore: ['MAIL_USERNAME=MS_ZhXGLw@mg.acme-shop.io', 'ITEMS_abc123@example.com'],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: "API token: Settings → API tokens → the token's menu → Delete. SMTP: Domains → your domain → SMTP → Reset password.",
      detail: 'Deleting a token takes effect at once. Resetting the SMTP password keeps the MS_… user name, so only the password changes in your config.',
      url: 'https://app.mailersend.com/api-tokens',
    },
    {
      step: 'audit',
      short: 'Check Activity and Analytics for mail you did not send, and the domain list for domains you did not add.',
      detail: 'Filter Activity by the exposure window; look for unknown recipients, templates or webhooks created by the token.',
      url: 'https://app.mailersend.com/activity',
    },
    {
      step: 'rotate',
      short: 'New token: Domains → your domain → API token → Create, with custom access limited to what the app uses.',
      detail: 'A token can be scoped to one domain and to "Email: full access" only; avoid full-account tokens in application code.',
    },
    {
      step: 'update',
      short: 'Deploy the new token or SMTP password to every service and CI secret before deleting the old one.',
    },
    {
      step: 'harden',
      short: 'Restrict tokens to the IPs that send (token settings), one token per environment, kept in a secrets manager.',
      detail: 'MailerSend tokens accept an IP allowlist; use it for servers with fixed addresses. Purge the key from git history (git-filter-repo) if it was pushed.',
    },
  ],
};

export default mailersend;
