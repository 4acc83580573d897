import type { ProviderSpec, VerifySpec } from '../src/engine/rule.js';
import { bare, placeholderLines, UUID } from './shapes.js';

const CONTEXT = ['elasticemail', 'elastic_email', 'elastic-email', 'x-elasticemail-apikey', 'ee_api', 'smtp.elasticemail.com'];

const CHECK_STATISTICS = {
  method: 'GET',
  baseUrl: 'https://api.elasticemail.com',
  path: '/v4/statistics?from=2024-01-01T00:00:00',
  auth: { kind: 'header', name: 'X-ElasticEmail-ApiKey', value: '{secret}' },
  live: [200, 403],
  invalid: [401],
} satisfies VerifySpec;

const elasticEmail: ProviderSpec = {
  id: 'elastic-email',
  name: 'Elastic Email',
  docs: ['https://elasticemail.com/developers/api-documentation/rest-api#section/Authentication', 'https://help.elasticemail.com/en/articles/2388225-how-to-create-api-key'],
  rules: [
    {
      id: 'elastic-email-api-key',
      credential: 'API key (96 hex) — also the SMTP password',
      severity: 'high',
      context: CONTEXT,
      pattern: bare('[0-9A-F]{96}'),
      entropy: 3.2,
      envVar: 'ELASTICEMAIL_API_KEY',
      verify: CHECK_STATISTICS,
      examples: {
        detect: [
          'ELASTICEMAIL_API_KEY=E0B04F7F41D3EBC4C9F7DE4296C233E082E377006D943512C3E6A7048138BDAFADD624A313730F4A8614614657EFA39E',
          'curl -H "X-ElasticEmail-ApiKey: 07EF22E366E6CB408108867A346562FF0132298DD71A7C3742DF583D1681D6408B6F62AE3713AF6F04A15B34D584596C" "https://api.elasticemail.com/v4/statistics?from=2024-01-01"',
          'config = ElasticEmail.Configuration(); config.api_key["apikey"] = "07B7AED57EC04EF435DE7D0E0F01647D8494C0B3FCE44D3C7D81BBA1632CF71A8C933B766C57801EB76E9899EC472672"  # elasticemail',
          'smtp:\n  host: smtp.elasticemail.com\n  password: E0B04F7F41D3EBC4C9F7DE4296C233E082E377006D943512C3E6A7048138BDAFADD624A313730F4A8614614657EFA39E',
        ],
        ignore: ['SHA384_DIGEST=07EF22E366E6CB408108867A346562FF0132298DD71A7C3742DF583D1681D6408B6F62AE3713AF6F04A15B34D584596C', 'elastic_email_template_hash: 07B7AED57EC04EF435DE7D0E0F01647D8494C0B3FCE44D3C7D81BBA1632CF71A8C933B766C57801EB76E9899EC472672', ...placeholderLines('ELASTICEMAIL_API_KEY')],
      },
    },
    {
      id: 'elastic-email-api-key-uuid',
      credential: 'API key (older UUID form)',
      severity: 'high',
      context: CONTEXT,
      pattern: bare(UUID),
      entropy: 3.0,
      envVar: 'ELASTICEMAIL_API_KEY',
      verify: CHECK_STATISTICS,
      examples: {
        detect: ['ELASTIC_EMAIL_API_KEY=67f734be-e671-b90b-796d-b3fdfe327729', 'https://api.elasticemail.com/v2/email/send?apikey=dd6da4cf-a8e6-7aa6-4ae7-2a906d06421c&to=x@example.com'],
        ignore: ['elastic_email_message_id: 67f734be-e671-b90b-796d-b3fdfe327729', ...placeholderLines('ELASTIC_EMAIL_API_KEY')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Settings → Manage API Keys (or SMTP) → the key → Delete.',
      detail: 'SMTP credentials are API keys too; delete the one that leaked from the SMTP tab if it was an SMTP password.',
      url: 'https://app.elasticemail.com/api/settings/manage-api',
    },
    { step: 'audit', short: 'Check Reports → Email logs and Contacts exports for activity you did not start.' },
    {
      step: 'rotate',
      short: 'Create a key with only the access it needs ("Send Email" / "Send HTTP"), not "Full Access".',
      detail: 'Elastic Email keys have per-feature access levels and optional expiry dates; scope the new key to sending only.',
    },
    { step: 'update', short: 'Deploy the new key to every sender before deleting the old one.' },
    { step: 'harden', short: 'Restrict the key to your servers\' IPs (Restrict access option), one key per environment, secrets manager.' },
  ],
};

export default elasticEmail;
