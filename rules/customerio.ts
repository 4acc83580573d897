import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, hex, placeholderLines } from './shapes.js';

const CONTEXT = ['customerio', 'customer_io', 'customer.io', 'customer-io', 'cio_', 'trackclient', 'customerioclient'];

const customerio: ProviderSpec = {
  id: 'customerio',
  name: 'Customer.io',
  docs: ['https://docs.customer.io/api/track/#section/Authentication', 'https://docs.customer.io/accounts-and-workspaces/managing-credentials/'],
  rules: [
    {
      id: 'customerio-track-api-key',
      credential: 'Track API site id or key (20 hex)',
      severity: 'high',
      context: CONTEXT,
      pattern: bare(hex(20)),
      entropy: 3.0,
      identifierKeys: ['site', 'siteid'],
      pair: { with: 'customerio-track-api-key', id: 'customerio-track-credentials', credential: 'Track API site id + key (pair)' },
      envVar: 'CUSTOMERIO_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://track.customer.io',
        path: '/api/v1/accounts/region',
        auth: { kind: 'basic', user: '{other}', password: '{secret}' },
        eitherOrder: true,
        live: [200],
        invalid: [401],
      },
      examples: {
        detect: [
          'CUSTOMERIO_API_KEY=7244dc51e88c238b8eb9',
          'CUSTOMERIO_SITE_ID=3c40a34d1484d84797f8\nCUSTOMERIO_API_KEY=3edefdd18919b44677d9',
          'const cio = new TrackClient("7244dc51e88c238b8eb9", "3c40a34d1484d84797f8", { region: RegionUS });',
          'cio = CustomerIO(site_id="3edefdd18919b44677d9", api_key="7244dc51e88c238b8eb9")',
          'curl -u 3c40a34d1484d84797f8:3edefdd18919b44677d9 https://track.customer.io/api/v1/accounts/region',
        ],
        ignore: [
          'CUSTOMERIO_SITE_ID=7244dc51e88c238b8eb9',
          "t.setAttribute('data-site-id', '3c40a34d1484d84797f8'); // customer.io snippet",
          'cio_delivery_id: 3edefdd18919b44677d9',
          ...placeholderLines('CUSTOMERIO_API_KEY'),
        ],
      },
    },
    {
      id: 'customerio-app-api-key',
      credential: 'App API key (32 hex, bearer)',
      severity: 'high',
      context: ['customerio_app', 'customer_io_app', 'cio_app', 'apiclient', 'api.customer.io', 'customerio'],
      pattern: bare(hex(32)),
      entropy: 3.0,
      envVar: 'CUSTOMERIO_APP_API_KEY',
      examples: {
        detect: [
          'CUSTOMERIO_APP_API_KEY=8b0bb3aa80588728766d89827aa24e5b',
          'const api = new APIClient("fb42497e1645e95aadcd1982d71faa48", { region: RegionEU }); // customerio',
          'curl https://api.customer.io/v1/send/email -H "Authorization: Bearer ad6941badb171c9ea09ff7623f933e6a"',
        ],
        ignore: ['customerio_template_hash: 8b0bb3aa80588728766d89827aa24e5b', ...placeholderLines('CUSTOMERIO_APP_API_KEY')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Settings → Workspace Settings → API Credentials: delete the leaked Track or App API key.',
      url: 'https://fly.customer.io/settings/api_credentials',
    },
    {
      step: 'audit',
      short: 'Check the Activity Logs and message deliveries; look for profiles or events created, and exports, during the exposure window.',
    },
    {
      step: 'rotate',
      short: 'Create a new Track key for this workspace only; App API keys can be limited to sending (restricted scope).',
    },
    { step: 'update', short: 'Deploy the new site id/key pair to every service before deleting the old key.' },
    { step: 'harden', short: 'Use IP allowlisting for App API keys, one key per environment/workspace, keys in a secrets manager.' },
  ],
};

export default customerio;
