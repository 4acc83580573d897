import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, hex, placeholderLines } from './shapes.js';

const sendpulse: ProviderSpec = {
  id: 'sendpulse',
  name: 'SendPulse',
  docs: ['https://sendpulse.com/integrations/api', 'https://sendpulse.com/knowledge-base/email-service/general/api-rest'],
  rules: [
    {
      id: 'sendpulse-api-credentials',
      credential: 'REST API ID or secret (32 hex)',
      severity: 'high',
      context: ['sendpulse', 'send_pulse', 'sp_client', 'sp_api_secret', 'sp_api_user'],
      pattern: bare(hex(32)),
      entropy: 3.0,
      identifierKeys: ['user_id', 'userid', 'client_id', 'clientid', 'api_id', '_id'],
      pair: { with: 'sendpulse-api-credentials', id: 'sendpulse-api-pair', credential: 'REST API ID + secret (pair)' },
      envVar: 'SENDPULSE_API_SECRET',
      verify: {
        method: 'POST',
        baseUrl: 'https://api.sendpulse.com',
        path: '/oauth/access_token',
        auth: { kind: 'json-body', body: { grant_type: 'client_credentials', client_id: '{other}', client_secret: '{secret}' } },
        eitherOrder: true,
        live: [200],
        invalid: [400, 401],
      },
      examples: {
        detect: [
          'SENDPULSE_API_SECRET=cbddf3dfb08bffac30af26a0f0c22ba3',
          'SENDPULSE_API_USER_ID=da125ac59db515dc00d1cb0b22c6e4f4\nSENDPULSE_API_SECRET=e182df122a886ca14d8edfac4025dfb2',
          "$SPApiClient = new ApiClient('cbddf3dfb08bffac30af26a0f0c22ba3', 'da125ac59db515dc00d1cb0b22c6e4f4', new FileStorage()); // sendpulse",
          'sendpulse:\n  client_id: e182df122a886ca14d8edfac4025dfb2\n  client_secret: cbddf3dfb08bffac30af26a0f0c22ba3',
          'curl -X POST https://api.sendpulse.com/oauth/access_token -d \'{"grant_type":"client_credentials","client_id":"da125ac59db515dc00d1cb0b22c6e4f4","client_secret":"e182df122a886ca14d8edfac4025dfb2"}\'',
        ],
        ignore: ['SENDPULSE_API_USER_ID=cbddf3dfb08bffac30af26a0f0c22ba3', 'sendpulse_campaign_hash: da125ac59db515dc00d1cb0b22c6e4f4', ...placeholderLines('SENDPULSE_API_SECRET')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Account settings → API → Regenerate the secret (the ID stays, the leaked secret dies).',
      url: 'https://login.sendpulse.com/settings/#api',
    },
    { step: 'audit', short: 'Check campaign and transactional (SMTP) history, address-book exports and account users for the exposure window.' },
    { step: 'rotate', short: 'Regenerating gives a new secret; issue OAuth tokens only from the server side.' },
    { step: 'update', short: 'Deploy the new secret to every integration right away: the old one stops working when you regenerate.' },
    { step: 'harden', short: 'Two-factor authentication on the account, the secret in a secrets manager, separate accounts for test and production.' },
  ],
};

export default sendpulse;
