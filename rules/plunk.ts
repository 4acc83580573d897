import type { ProviderSpec } from '../src/engine/rule.js';
import { bare, placeholderLines } from './shapes.js';

const plunk: ProviderSpec = {
  id: 'plunk',
  name: 'Plunk',
  docs: ['https://docs.useplunk.com/api-reference/authentication', 'https://docs.useplunk.com/getting-started/smtp'],
  rules: [
    {
      id: 'plunk-secret-key',
      credential: 'secret API key (sk_…) — also the SMTP password',
      severity: 'high',
      context: ['plunk', 'useplunk'],
      // Stripe's sk_live_/sk_test_ keys are not hex after sk_, so they do not match.
      pattern: bare('sk_[0-9a-f]{32,64}'),
      prefix: 'sk_',
      entropy: 3.2,
      envVar: 'PLUNK_SECRET_KEY',
      examples: {
        detect: [
          'PLUNK_SECRET_KEY=sk_e7ad694fcd516e22636f66763d71854c476dcd3b8f81d5aba9b1df6276f7eaf5',
          'const plunk = new Plunk("sk_e811c65f5bc45427e3d45cdfda0be579775ed423aae72da533b1a8d836403acf");',
          'curl -X POST https://api.useplunk.com/v1/send -H "Authorization: Bearer sk_0e6214310df24d9341d798cbdc7be389a980ec83a625087e3062d5c72708048d"',
        ],
        ignore: ['STRIPE_SECRET_KEY=sk_live_B6IF2CkGeVSSFtGjvbEoSD8M', 'PLUNK_SECRET_KEY=sk_your_secret_key', 'PLUNK_PUBLIC_KEY=pk_e811c65f5bc45427e3d45cdfda0be579775ed423aae72da533b1a8d836403acf', ...placeholderLines('PLUNK_SECRET_KEY')],
      },
    },
  ],
  remediation: [
    { step: 'revoke', short: 'Project settings → API Keys → regenerate the secret key.', url: 'https://app.useplunk.com/settings/api' },
    { step: 'audit', short: 'Check sent e-mails, events and contact changes in the project for the exposure window.' },
    { step: 'rotate', short: 'Use the public key (pk_…) wherever only event tracking is needed; the secret key only on servers.' },
    { step: 'update', short: 'Deploy the new secret key to every service (API and SMTP) right after regenerating.' },
    { step: 'harden', short: 'Separate projects per environment, the key in a secrets manager; for self-hosted Plunk also rotate AWS credentials it holds.' },
  ],
};

export default plunk;
