import type { ProviderSpec } from '../src/engine/rule.js';
import { placeholderLines } from './shapes.js';

const resend: ProviderSpec = {
  id: 'resend',
  name: 'Resend',
  docs: ['https://resend.com/docs/dashboard/api-keys/introduction'],
  rules: [
    {
      id: 'resend-api-key',
      credential: 'API key (re_…)',
      severity: 'high',
      keywords: ['re_'],
      pattern: String.raw`(?<![\w-])re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}(?![\w-])`,
      prefix: 're_',
      entropy: 3.5,
      envVar: 'RESEND_API_KEY',
      verify: {
        method: 'GET',
        baseUrl: 'https://api.resend.com',
        path: '/domains',
        auth: { kind: 'bearer' },
        live: [200],
        invalid: [401, 403],
        // A send-only key may not list domains: Resend says so with 401 restricted_api_key, which proves it is live.
        body: [{ status: 401, field: 'name', equals: 'restricted_api_key', means: 'live', detail: 'a send-only key' }],
      },
      examples: {
        detect: [
          'RESEND_API_KEY=re_O2YEkfZv_x3sBPCPvV0grV4IXOqmp8lrx',
          "const resend = new Resend('re_zNrzgwdf_gRIFPfoy5RUjcLH4GaevyAXu');",
          'resend.api_key = "re_O2YEkfZv_x3sBPCPvV0grV4IXOqmp8lrx"',
          "curl -X POST 'https://api.resend.com/emails' -H 'Authorization: Bearer re_zNrzgwdf_gRIFPfoy5RUjcLH4GaevyAXu'",
          'smtp://resend:re_O2YEkfZv_x3sBPCPvV0grV4IXOqmp8lrx@smtp.resend.com:465',
        ],
        ignore: [
          'RESEND_API_KEY=re_123456789',
          'RESEND_API_KEY=re_xxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxx',
          'store_O2YEkfZv_x3sBPCPvV0grV4IXOqmp8lrx',
          'are_zNrzgwdf_gRIFPfoy5RUjcLH4GaevyAXu',
          ...placeholderLines('RESEND_API_KEY'),
        ],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Resend → API Keys → the key → Delete (takes effect at once).', url: 'https://resend.com/api-keys' },
    { step: 'audit', short: 'Review Emails and Logs for requests and sends you did not make during the exposure window.', url: 'https://resend.com/logs' },
    {
      step: 'rotate',
      short: 'Create a "Sending access" key limited to the one domain the app sends from.',
      detail: 'Full-access keys can manage domains and other keys; a sending-access key scoped to a domain can only send from it.',
    },
    { step: 'update', short: 'Deploy the new key to every service and CI secret before deleting the old one.' },
    { step: 'harden', short: 'One key per environment and app, stored in a secrets manager; never in front-end bundles.' },
  ],
};

export default resend;
