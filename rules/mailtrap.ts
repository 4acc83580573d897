import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, hex, placeholderLines } from './shapes.js';

const CONTEXT = ['mailtrap'];

const mailtrap: ProviderSpec = {
  id: 'mailtrap',
  name: 'Mailtrap',
  docs: ['https://api-docs.mailtrap.io/docs/mailtrap-api-docs/ZG9jOjI2NDkxMDA-authentication', 'https://help.mailtrap.io/article/103-api-tokens'],
  rules: [
    {
      id: 'mailtrap-api-token',
      credential: 'API token (32 hex) — also the sending SMTP password',
      severity: 'high',
      context: [...CONTEXT, 'api-token:'],
      pattern: bare(hex(32)),
      entropy: 3.0,
      envVar: 'MAILTRAP_API_TOKEN',
      verify: { method: 'GET', baseUrl: 'https://mailtrap.io', path: '/api/accounts', auth: { kind: 'bearer' }, live: [200, 403], invalid: [401] },
      examples: {
        detect: [
          'MAILTRAP_API_TOKEN=342d94b2f797b5d6ed03b801d802a08a',
          'const client = new MailtrapClient({ token: "b18a7e6a0a8142599681881b49fa68f5" });',
          'curl https://mailtrap.io/api/accounts -H "Api-Token: 411d27aae8dc4bb63dfdaefc712e71dc"',
          'smtp://api:342d94b2f797b5d6ed03b801d802a08a@live.smtp.mailtrap.io:587',
          'mailtrap:\n  token: b18a7e6a0a8142599681881b49fa68f5',
        ],
        ignore: ['mailtrap_inbox_hash: 342d94b2f797b5d6ed03b801d802a08a', 'ETAG=b18a7e6a0a8142599681881b49fa68f5', ...placeholderLines('MAILTRAP_API_TOKEN')],
      },
    },
    {
      id: 'mailtrap-sandbox-smtp-password',
      credential: 'sandbox SMTP password (14 hex)',
      severity: 'low',
      context: ['sandbox.smtp.mailtrap.io', 'smtp.mailtrap.io', 'mailtrap'],
      pattern: bare(hex(14)),
      entropy: 2.8,
      identifierKeys: ['user'],
      pair: { with: 'mailtrap-sandbox-smtp-password', id: 'mailtrap-sandbox-smtp-credentials', credential: 'sandbox SMTP user + password (pair)' },
      envVar: 'MAILTRAP_SMTP_PASSWORD',
      examples: {
        detect: [
          'MAIL_HOST=sandbox.smtp.mailtrap.io\nMAIL_USERNAME=8fbbc9d8ca01ee\nMAIL_PASSWORD=6733bfa54f6e1c',
          "auth: { user: '8fbbc9d8ca01ee', pass: '6c1987cd454f2f' } // mailtrap",
        ],
        ignore: ['MAIL_HOST=sandbox.smtp.mailtrap.io\nMAIL_PORT=2525', 'MAIL_HOST=sandbox.smtp.mailtrap.io\nMAIL_USERNAME=e835c9d22f1ef0', 'mailtrap_inbox_id: 8fbbc9d8ca01ee', ...placeholderLines('MAILTRAP_SMTP_PASSWORD')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Settings → API Tokens → the token → Delete; for a sandbox, reset the inbox\'s SMTP credentials.',
      url: 'https://mailtrap.io/api-tokens',
    },
    { step: 'audit', short: 'Check Email Logs (sending) and inbox contents (sandbox) for messages you did not send.' },
    {
      step: 'rotate',
      short: 'Create a token with access to only the domain or inbox it needs, not the whole account.',
      detail: 'Mailtrap tokens carry per-resource permissions (account, project, inbox, sending domain); grant the smallest one.',
    },
    { step: 'update', short: 'Deploy the new token to every sender and test runner before deleting the old one.' },
    { step: 'harden', short: 'Separate tokens for sandbox and production, kept in a secrets manager; 2FA on the account.' },
  ],
};

export default mailtrap;
