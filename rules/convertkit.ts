import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const CONTEXT = ['convertkit', 'convert_kit', 'convert-kit', 'kit_api', 'ck_api', 'api.kit.com', 'kit_v4', 'kit_secret'];

const convertkit: ProviderSpec = {
  id: 'convertkit',
  name: 'Kit (ConvertKit)',
  docs: ['https://developers.kit.com/v4#authentication', 'https://developers.kit.com/api-reference/v3/overview'],
  rules: [
    {
      id: 'convertkit-api-secret',
      credential: 'v3 API secret (43 characters)',
      severity: 'high',
      context: CONTEXT,
      pattern: bare('[A-Za-z0-9_-]{43}'),
      entropy: 3.8,
      minClasses: 2,
      envVar: 'CONVERTKIT_API_SECRET',
      verify: { method: 'GET', baseUrl: 'https://api.convertkit.com', path: '/v3/account?api_secret={secret}', auth: { kind: 'query' }, live: [200], invalid: [401] },
      examples: {
        detect: [
          'CONVERTKIT_API_SECRET=oUHrtcCMA5jtsDT4opjOO_XP09voI4h3eTgxIjY2ShH',
          'curl "https://api.convertkit.com/v3/account?api_secret=lsZ9d1zPo4a4drvi6Imd3TxtLCSflTlv6tMOKi6jiKl"',
          'convertkit:\n  api_secret: ftGFpp0IQUJ6GLjFo9YDukFJBud22BXdSwvr64Mv0IH',
        ],
        ignore: ['convertkit_form_signature: oUHrtcCMA5jtsDT4opjOO_XP09voI4h3eTgxIjY2ShH', ...placeholderLines('CONVERTKIT_API_SECRET')],
      },
    },
    {
      id: 'convertkit-api-key',
      credential: 'v3 API key (22 characters)',
      severity: 'medium',
      context: CONTEXT,
      pattern: bare('[A-Za-z0-9_-]{22}'),
      entropy: 3.5,
      minClasses: 2,
      envVar: 'CONVERTKIT_API_KEY',
      verify: { method: 'GET', baseUrl: 'https://api.convertkit.com', path: '/v3/forms?api_key={secret}', auth: { kind: 'query' }, live: [200], invalid: [401] },
      examples: {
        detect: ['CONVERTKIT_API_KEY=NGgd5ix4TLiwXpxkgbYjz0', 'fetch(`https://api.convertkit.com/v3/forms?api_key=N3HRaL2d0RqUa4S5qLhAqL`) // convertkit'],
        ignore: ['CONVERTKIT_FORM_UID=INNqUIfQR2K0RGLEDc1Oy9', ...placeholderLines('CONVERTKIT_API_KEY')],
      },
    },
    {
      id: 'convertkit-v4-api-key',
      credential: 'v4 API key (kit_…)',
      severity: 'high',
      context: [...CONTEXT, 'x-kit-api-key', 'kit_'],
      pattern: bare('kit_[A-Za-z0-9]{20,64}'),
      prefix: 'kit_',
      entropy: 3.0,
      minClasses: 2,
      envVar: 'KIT_API_KEY',
      verify: { method: 'GET', baseUrl: 'https://api.kit.com', path: '/v4/account', auth: { kind: 'header', name: 'X-Kit-Api-Key', value: '{secret}' }, live: [200], invalid: [401] },
      examples: {
        detect: ['KIT_API_KEY=kit_67f1a77608dbabf57972ca578a91faa3', 'curl https://api.kit.com/v4/account -H "X-Kit-Api-Key: kit_349639872ee478766f37345f2a6e3ea2"'],
        ignore: ['kit_version = "kit_release_candidate_build"', 'KIT_API_KEY=kit_your_api_key_here', ...placeholderLines('KIT_API_KEY')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Settings → Developer: delete the leaked v4 key, or reset the v3 API secret.',
      url: 'https://app.kit.com/account_settings/developer_settings',
    },
    { step: 'audit', short: 'Check subscriber exports, broadcasts and sequences sent, tags and webhooks for the exposure window.' },
    { step: 'rotate', short: 'Create one v4 key per integration and name it after that integration.' },
    { step: 'update', short: 'Deploy the new key to every integration before deleting the old one.' },
    { step: 'harden', short: 'Call the API from servers only, keys in a secrets manager, two-factor authentication on the account.' },
  ],
};

export default convertkit;
