import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines, UUID } from './shapes.js';

const postmark: ProviderSpec = {
  id: 'postmark',
  name: 'Postmark',
  docs: ['https://postmarkapp.com/developer/api/overview#authentication', 'https://postmarkapp.com/support/article/1008-what-are-the-account-and-server-api-tokens'],
  rules: [
    {
      id: 'postmark-server-token',
      credential: 'Server API token (also the SMTP user and password)',
      severity: 'high',
      context: ['postmark', 'x-postmark-server-token', 'smtp.postmarkapp.com'],
      pattern: bare(UUID),
      entropy: 3.0,
      envVar: 'POSTMARK_SERVER_TOKEN',
      verify: {
        method: 'GET',
        baseUrl: 'https://api.postmarkapp.com',
        path: '/server',
        auth: { kind: 'header', name: 'X-Postmark-Server-Token', value: '{secret}' },
        live: [200],
        invalid: [401],
      },
      examples: {
        detect: [
          'POSTMARK_SERVER_TOKEN=43aad3d7-79d3-fb8e-c594-8587e5ed0559',
          'const client = new postmark.ServerClient("aa2560ec-8a79-5367-b1d9-7505ac10eb1f");',
          'curl "https://api.postmarkapp.com/email" -H "X-Postmark-Server-Token: 62b92ff6-3d58-ffd8-0c53-6d0301c297a5" -d @mail.json',
          'client = PostmarkClient(server_token="43aad3d7-79d3-fb8e-c594-8587e5ed0559")',
          'postmark:\n  api_token: aa2560ec-8a79-5367-b1d9-7505ac10eb1f',
          "config.action_mailer.postmark_settings = { api_token: '62b92ff6-3d58-ffd8-0c53-6d0301c297a5' }",
          'smtp://43aad3d7-79d3-fb8e-c594-8587e5ed0559:43aad3d7-79d3-fb8e-c594-8587e5ed0559@smtp.postmarkapp.com:587',
          'var client = new PostmarkClient("aa2560ec-8a79-5367-b1d9-7505ac10eb1f");',
        ],
        ignore: [
          'POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST',
          'request_id: 43aad3d7-79d3-fb8e-c594-8587e5ed0559',
          '{"MessageID": "aa2560ec-8a79-5367-b1d9-7505ac10eb1f", "To": "someone@example.com", "postmark": true}',
          'POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000',
          'const id = "62b92ff6-3d58-ffd8-0c53-6d0301c297a5";',
          ...placeholderLines('POSTMARK_SERVER_TOKEN'),
        ],
      },
    },
    {
      id: 'postmark-account-token',
      credential: 'Account API token',
      severity: 'critical',
      context: ['x-postmark-account-token', 'postmark_account', 'postmarkaccount', 'accountclient', 'account_token'],
      pattern: bare(UUID),
      entropy: 3.0,
      envVar: 'POSTMARK_ACCOUNT_TOKEN',
      verify: {
        method: 'GET',
        baseUrl: 'https://api.postmarkapp.com',
        path: '/domains?count=1&offset=0',
        auth: { kind: 'header', name: 'X-Postmark-Account-Token', value: '{secret}' },
        live: [200],
        invalid: [401],
      },
      examples: {
        detect: [
          'POSTMARK_ACCOUNT_TOKEN=43aad3d7-79d3-fb8e-c594-8587e5ed0559',
          'const account = new postmark.AccountClient("aa2560ec-8a79-5367-b1d9-7505ac10eb1f");',
          'curl https://api.postmarkapp.com/servers -H "X-Postmark-Account-Token: 62b92ff6-3d58-ffd8-0c53-6d0301c297a5"',
        ],
        ignore: ['ACCOUNT_ID=43aad3d7-79d3-fb8e-c594-8587e5ed0559', ...placeholderLines('POSTMARK_ACCOUNT_TOKEN')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Server token: Servers → the server → API Tokens → Regenerate. Account token: Account → API Tokens → Regenerate.',
      detail: 'Regenerating replaces the token at once. The server token is also the SMTP user name and password, so SMTP senders need the new value too.',
      url: 'https://account.postmarkapp.com/servers',
    },
    {
      step: 'audit',
      short: 'Check each server\'s Activity for sends you did not make; with an account token, look for new servers, domains and sender signatures.',
      url: 'https://account.postmarkapp.com/servers',
    },
    {
      step: 'rotate',
      short: 'Give each app its own server (and so its own token); never put the account token in application code.',
      detail: 'A server token only reaches one server\'s streams; the account token manages every server and domain and belongs to admin tooling only.',
    },
    { step: 'update', short: 'Deploy the new token to every service (API and SMTP) right after regenerating: the old one stops working at once.' },
    { step: 'harden', short: 'Separate servers per environment, tokens in a secrets manager, two-factor authentication on the account.' },
  ],
};

export default postmark;
