import type { ProviderSpec } from '../src/engine/rule.js';
import { B64_END, B64_START, placeholderLines } from './shapes.js';

const zeptomail: ProviderSpec = {
  id: 'zeptomail',
  name: 'ZeptoMail (Zoho)',
  docs: ['https://www.zoho.com/zeptomail/help/api/email-sending.html', 'https://www.zoho.com/zeptomail/help/smtp-home.html'],
  rules: [
    {
      id: 'zeptomail-send-token',
      credential: 'Send Mail token (Zoho-enczapikey …)',
      severity: 'high',
      keywords: ['zoho-enczapikey'],
      pattern: String.raw`(?<![\w-])Zoho-enczapikey[ +](?<secret>[A-Za-z0-9+/]{60,400}={0,2})${B64_END}`,
      ignoreCase: true,
      entropy: 4.0,
      envVar: 'ZEPTOMAIL_TOKEN',
      examples: {
        detect: [
          'ZEPTOMAIL_TOKEN="Zoho-enczapikey uVJIl1ITry63ZuL5+acs9h21C43Kb9aULblrBe9E0/OF82NUbM/pd9HwUT2UqtLuRQSc3VlmSWXj1Sg8v+WmED938OD55stjJMA+SNt0mRK7tQ9wgxYR5+UO=="',
          'curl "https://api.zeptomail.com/v1.1/email" -H "Authorization: Zoho-enczapikey QDmdSB6lZiRNm9BWFmU9q1NwCDGjSxP+afoXnDRRv2a7d+JUxat+rsv9WClr4zQlciGvcasqipLFnBzPLLZjZd0TpIH4Hvm74Gdu3p+nC33XCtU4x+wpzrQGcD086rhxdWBg1tBdYf3L"',
          "let client = new SendMailClient({ url: 'api.zeptomail.com/', token: 'Zoho-enczapikey OLx8utx2wau9lVY0RAJ5nsGNsauq60PiQXKfB7Q8H3KLZAXQlVxmZyaVEictX7PjV0v7fW3pv0STk05XCMZVWlN5WfzPt8+so22VluIJvTKSPK3WIXmYIZhm' });",
        ],
        ignore: ['Authorization: Zoho-enczapikey ${ZEPTOMAIL_TOKEN}', 'ZEPTOMAIL_TOKEN="Zoho-enczapikey <SEND_MAIL_TOKEN>"', ...placeholderLines('ZEPTOMAIL_TOKEN')],
      },
    },
    {
      id: 'zeptomail-token-bare',
      credential: 'Send Mail token (without its prefix) — also the SMTP password',
      severity: 'high',
      context: ['zeptomail', 'zepto_mail', 'zepto-mail', 'smtp.zeptomail'],
      pattern: String.raw`${B64_START}[A-Za-z0-9+/]{80,400}={0,2}${B64_END}`,
      entropy: 4.5,
      minClasses: 2,
      envVar: 'ZEPTOMAIL_TOKEN',
      examples: {
        detect: ['ZEPTOMAIL_TOKEN=uVJIl1ITry63ZuL5+acs9h21C43Kb9aULblrBe9E0/OF82NUbM/pd9HwUT2UqtLuRQSc3VlmSWXj1Sg8v+WmED938OD55stjJMA+SNt0mRK7tQ9wgxYR5+UO==', 'MAIL_HOST=smtp.zeptomail.com\nMAIL_USERNAME=emailapikey\nMAIL_PASSWORD=QDmdSB6lZiRNm9BWFmU9q1NwCDGjSxP+afoXnDRRv2a7d+JUxat+rsv9WClr4zQlciGvcasqipLFnBzPLLZjZd0TpIH4Hvm74Gdu3p+nC33XCtU4x+wpzrQGcD086rhxdWBg1tBdYf3L'],
        ignore: ['zeptomail_logo_png: OLx8utx2wau9lVY0RAJ5nsGNsauq60PiQXKfB7Q8H3KLZAXQlVxmZyaVEictX7PjV0v7fW3pv0STk05XCMZVWlN5WfzPt8+so22VluIJvTKSPK3WIXmYIZhm==', ...placeholderLines('ZEPTOMAIL_TOKEN')],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Mail Agents → the agent → SMTP/API → the token → Delete (or regenerate).',
      url: 'https://zeptomail.zoho.com/',
    },
    { step: 'audit', short: 'Check the Mail Agent\'s processed e-mails and logs for sends you did not make.' },
    { step: 'rotate', short: 'Generate a new token on the Mail Agent the app uses (a token is scoped to one agent and its domains).' },
    { step: 'update', short: 'Deploy the new token to every sender before deleting the old one.' },
    { step: 'harden', short: 'One Mail Agent per app and environment, tokens in a secrets manager, IP restrictions where available.' },
  ],
};

export default zeptomail;
