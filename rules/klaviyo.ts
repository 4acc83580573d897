import type { ProviderSpec } from '../src/engine/rule.js';
import { placeholderLines } from './shapes.js';

const klaviyo: ProviderSpec = {
  id: 'klaviyo',
  name: 'Klaviyo',
  docs: ['https://developers.klaviyo.com/en/docs/authenticate_', 'https://help.klaviyo.com/hc/en-us/articles/7423954176283'],
  rules: [
    {
      id: 'klaviyo-private-key',
      credential: 'private API key (pk_…)',
      severity: 'high',
      keywords: ['pk_'],
      // Legacy: pk_ + 34 hex. Current: pk_ + 6 characters + _ + 34 hex. Stripe's pk_live_/pk_test_ keys differ.
      pattern: String.raw`(?<![\w-])pk_(?:[A-Za-z0-9]{6}_)?[0-9a-f]{34}(?![\w-])`,
      prefix: 'pk_',
      entropy: 3.2,
      envVar: 'KLAVIYO_PRIVATE_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://a.klaviyo.com',
        path: '/api/accounts/',
        auth: { kind: 'header', name: 'Authorization', value: 'Klaviyo-API-Key {secret}' },
        headers: { revision: '2024-10-15', accept: 'application/vnd.api+json' },
        // 403: a key without the accounts:read scope, which still exists.
        live: [200, 403],
        invalid: [401],
      },
      examples: {
        detect: [
          'KLAVIYO_PRIVATE_API_KEY=pk_85d40d098c1d5f2e481e86a5bc7dcc054c',
          'KLAVIYO_API_KEY=pk_wsjA05_72925ea9d16cde50a66cf7ca5ad279fda1',
          'curl https://a.klaviyo.com/api/accounts/ -H "Authorization: Klaviyo-API-Key pk_85d40d098c1d5f2e481e86a5bc7dcc054c" -H "revision: 2024-10-15"',
          'klaviyo = KlaviyoAPI("pk_wsjA05_72925ea9d16cde50a66cf7ca5ad279fda1", max_delay=60)',
        ],
        ignore: [
          'STRIPE_PUBLISHABLE_KEY=pk_live_TWv4IRBj0OGE3N6Yuh56ZxcF',
          'KLAVIYO_PRIVATE_API_KEY=pk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'KLAVIYO_PUBLIC_KEY=wsjA05',
          'KLAVIYO_PRIVATE_API_KEY=pk_d28b88e765fa7c7ce0b282c4ed2929702',
          ...placeholderLines('KLAVIYO_PRIVATE_API_KEY'),
        ],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Settings → API keys → the private key → Revoke.', url: 'https://www.klaviyo.com/settings/account/api-keys' },
    { step: 'audit', short: 'Check profile and list exports, flows and campaigns sent, and new API keys for the exposure window.' },
    {
      step: 'rotate',
      short: 'Create a key with custom scopes: only the read/write access the integration uses.',
      detail: 'Klaviyo private keys can be scoped per resource (Profiles, Lists, Events, …); a "Full Access" key can read every profile.',
    },
    { step: 'update', short: 'Deploy the new key to every integration before revoking the old one.' },
    { step: 'harden', short: 'One key per integration and environment, in a secrets manager; only the public site key in front-end code.' },
  ],
};

export default klaviyo;
