import type { ProviderSpec } from '../src/engine/rule.js';
import { B64_END, B64_START, placeholderLines } from './shapes.js';

const amazonSes: ProviderSpec = {
  id: 'amazon-ses',
  name: 'Amazon SES',
  docs: [
    'https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html',
    'https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html',
  ],
  rules: [
    {
      id: 'amazon-ses-smtp-password',
      credential: 'SMTP password (44 characters, derived from an IAM secret)',
      severity: 'high',
      context: [
        'ses_smtp', 'ses-smtp', 'smtp_ses', 'sessmtp', 'email-smtp.', 'amazonses', 'amazon_ses', 'amazon-ses', 'aws_ses',
        'aws-ses', 'awsses', 'ses+smtp', 'ses_password', 'ses_pass', 'ses_user', 'ses_secret',
      ],
      // Version 4 passwords (region-bound) start with B then A–P; legacy version 2 ones with A then g–v.
      pattern: String.raw`${B64_START}(?:B[A-P]|A[g-v])[A-Za-z0-9+/]{42}${B64_END}`,
      entropy: 4.0,
      minClasses: 3,
      pair: { with: 'amazon-ses-smtp-user', id: 'amazon-ses-smtp-credentials', credential: 'SMTP user (AKIA…) + password (pair)' },
      envVar: 'SES_SMTP_PASSWORD',
      examples: {
        detect: [
          'SES_SMTP_PASSWORD=BBcs+FwzAs0Hl2+XtOc/W2ubwe7WoX+k1q7lB8RetOJT',
          'SES_SMTP_USERNAME=AKIASZUUSYV7HJVOL5ZT\nSES_SMTP_PASSWORD=BNtULxZWBz4ic+S6scTFgHRJEXEtcU2wTj5WFxJuqLuQ',
          'smtp:\n  host: email-smtp.eu-west-1.amazonaws.com\n  username: AKIA36SGQYXFTBQWNB7H\n  password: BBcs+FwzAs0Hl2+XtOc/W2ubwe7WoX+k1q7lB8RetOJT',
          "transport = nodemailer.createTransport({ host: 'email-smtp.us-east-1.amazonaws.com', auth: { user: 'AKIASZUUSYV7HJVOL5ZT', pass: 'BNtULxZWBz4ic+S6scTFgHRJEXEtcU2wTj5WFxJuqLuQ' } });",
          'MAILER_DSN=ses+smtp://AKIA36SGQYXFTBQWNB7H:AqPxgWVkmbhMN+Hc7g7DWQX6A9XXS7UvglFq7saP1MD0@default?region=eu-west-1',
          'EMAIL_HOST = "email-smtp.us-west-2.amazonaws.com"\nEMAIL_HOST_PASSWORD = "BBcs+FwzAs0Hl2+XtOc/W2ubwe7WoX+k1q7lB8RetOJT"',
        ],
        ignore: [
          'AWS_SECRET_ACCESS_KEY=yaUSax7h3SNaNG3UNWgSIOkk4S2EOrpQ9gf4MIVe',
          'SES SMTP passwords are 44 base64 characters; see the wiki page ses_smtp_password for ours.',
          'SES_SMTP_PASSWORD=BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          'integrity: sha512-DKEWH7MyRx+Z0CxdTepd21KOoRU3uP5PCGXnGTBIDUf719PgVlyEbu0Y+5R1DCAg1rPEAoM6soMDU1ApyVmwxD==',
          '# ses_smtp\nLOGO_BASE64=BJepvpxaKptPNb+cukkeB9IzmfgGPkjxIAEf43S7UZ43',
          ...placeholderLines('SES_SMTP_PASSWORD'),
        ],
      },
    },
    {
      id: 'amazon-ses-smtp-user',
      credential: 'SMTP user name (access key id AKIA…)',
      severity: 'medium',
      keywords: ['akia'],
      pattern: String.raw`(?<![A-Za-z0-9])AKIA[A-Z2-7]{16}(?![A-Za-z0-9])`,
      prefix: 'AKIA',
      pairOnly: true,
      envVar: 'SES_SMTP_USERNAME',
      examples: {
        detect: ['SES_SMTP_USERNAME=AKIARJYPORTI62DVKKQ2\nSES_SMTP_PASSWORD=BELlYYabTbhtu1ikHhNC+CkoiDO7jc1kQyPKGjaO69v5'],
        ignore: ['SES_SMTP_USERNAME=AKIAHBFQHG457D4A5SF6', 'AWS_ACCESS_KEY_ID=AKIA36SGQYXFTBQWNB7H'],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Deactivate, then delete, the IAM access key behind the SMTP user: IAM → Users → the SMTP user → Security credentials.',
      detail:
        'SES SMTP credentials are an IAM user\'s access key (the AKIA… user name) with the password derived from its secret. Making the access key inactive stops SMTP at once; delete it after the new one works. The SES console\'s SMTP settings page shows which IAM user was created for SMTP.',
      url: 'https://console.aws.amazon.com/iam/home#/users',
    },
    {
      step: 'audit',
      short: 'Check CloudTrail for the access key id, and SES sending statistics / reputation for the exposure window.',
      detail:
        'CloudTrail records API use of the key (SES SMTP sends are not API calls, but any IAM or SES API use is). In the SES console look at sending statistics, bounce and complaint rates, and the reputation dashboard; look for new verified identities.',
      url: 'https://console.aws.amazon.com/cloudtrail/home',
    },
    {
      step: 'rotate',
      short: 'Create new SMTP credentials for an IAM user whose policy allows only ses:SendRawEmail (optionally one identity).',
      detail:
        'Use the SES console "Create SMTP credentials" button or derive the password from a new access key with the documented algorithm; restrict the policy with a condition on ses:FromAddress or the identity ARN.',
      url: 'https://console.aws.amazon.com/ses/home#/smtp',
    },
    { step: 'update', short: 'Deploy the new user name and password to every sender, then deactivate the old access key.' },
    {
      step: 'harden',
      short: 'Add an aws:SourceIp condition to the policy, require TLS (port 587/465), separate credentials per environment.',
      detail: 'Prefer IAM roles and the SES API (no long-lived secret) for workloads on AWS; keep SMTP passwords in Secrets Manager.',
    },
  ],
};

export default amazonSes;
