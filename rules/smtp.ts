import type { ProviderSpec } from '../src/engine/rule.js';
import { placeholderLines } from './shapes.js';

/** Where SMTP settings live: arms the rules that read a bare `password: '…'` near them. */
const SMTP_CONTEXT = [
  'smtp', 'nodemailer', 'createtransport', 'action_mailer', 'phpmailer', 'swift_smtptransport', 'mail_host', 'email_host',
  'mail.smtp', 'mailer_dsn', 'smtplib',
];
/** A quoted literal. */
const QUOTED = String.raw`["'\x60](?<secret>[^"'\x60\s]{8,128})["'\x60]`;

const smtp: ProviderSpec = {
  id: 'smtp',
  name: 'SMTP server',
  docs: ['https://datatracker.ietf.org/doc/html/rfc4954', 'https://nodemailer.com/smtp/'],
  rules: [
    {
      id: 'smtp-url-password',
      credential: 'password in an smtp:// URL',
      severity: 'high',
      keywords: ['smtp://', 'smtps://', 'smtp+', '+smtp', 'submission://'],
      pattern: String.raw`(?<![\w.-])(?:[a-z]{2,12}\+)?(?:smtps?|submission)(?:\+(?:tls|ssl|starttls))?://[^\s:@/"'<>]{1,128}:(?<secret>[^\s@/"'<>]{1,128})@[A-Za-z0-9.-]{1,253}`,
      ignoreCase: true,
      validator: 'password',
      fallback: true,
      envVar: 'SMTP_URL',
      examples: {
        detect: [
          'SMTP_URL=smtp://mailer:dglO-ZSa8cbHEq2T@smtp.example.com:587',
          'MAILER_DSN=smtp://noreply%40example.com:Wh%Q06XG%zK9JMNll8qs@mail.example.com:465',
          'EMAIL_URL=smtp+tls://app:NCI4+f~QwAl4YP@smtp.example.org:587',
          "const transport = nodemailer.createTransport('smtps://bot%40example.com:c!Zg#H8%HrK*TnTkQY@smtp.gmail.com');",
          'spring.mail.url: smtp://relay:dglO-ZSa8cbHEq2T@relay.example.net',
        ],
        ignore: [
          'SMTP_URL=smtp://user:password@smtp.example.com:587',
          'SMTP_URL=smtp://user:${SMTP_PASSWORD}@smtp.example.com:587',
          'SMTP_URL=smtp://smtp.example.com:587',
          'MAILER_DSN=smtp://localhost:1025',
          'SMTP_URL=smtp://user:changeme@smtp.example.com',
          'SMTP_URL=smtp://user:****@smtp.example.com',
          'MAILER_DSN=smtp://%env(MAILER_USER)%:%env(MAILER_PASSWORD)%@smtp.example.com',
        ],
      },
    },
    {
      id: 'smtp-password',
      credential: 'SMTP password setting',
      severity: 'high',
      keywords: [
        'smtp_pass', 'smtppass', 'smtp-pass', 'smtp.pass', 'mail_pass', 'mailpass', 'mail.pass', 'mail-pass', 'email_host_pass',
        'emailhostpass', 'email_pass', 'emailpass', 'mailer_pass', 'mailerpass', 'smtp_auth_pass',
      ],
      pattern: String.raw`(?<![A-Za-z0-9])(?:smtp|mail|mailer|email|email_host|emailhost)[_.-]?(?:auth[_.-]?)?pass(?:word|wd)?["']?\s{0,8}(?:=>|:=|=|:)\s{0,8}["'\x60]?(?<secret>[^\s"'\x60]{8,128})`,
      ignoreCase: true,
      validator: 'password',
      fallback: true,
      envVar: 'SMTP_PASSWORD',
      examples: {
        detect: [
          'SMTP_PASSWORD=dglO-ZSa8cbHEq2T',
          'MAIL_PASSWORD="Eu0^G2Ma7s8%ZY"',
          "EMAIL_HOST_PASSWORD = 'QLq=zQOl3FHQ*r7WYa'",
          'spring.mail.password=sU+oC!+#O^H8KbCD',
          '  smtpPassword: "Q2gOc2JY2sXy",',
          'export SMTP_PASS=Wh%Q06XG%zK9JMNll8qs',
          'smtp_password=cJqLGOvLvM37%G0n',
          '  MAIL_PASSWORD: sU+oC!+#O^H8KbCD',
        ],
        ignore: [
          'SMTP_PASSWORD=',
          'SMTP_PASSWORD=password',
          'SMTP_PASSWORD=changeme',
          "MAIL_PASSWORD=env('MAIL_PASSWORD')",
          "'password' => env('MAIL_PASSWORD'),",
          'EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]',
          'smtp_pass = smtpPass;',
          'SMTP_PASSWORD=${SMTP_PASSWORD}',
          'SMTP_PASSWORD: ${{ secrets.SMTP_PASSWORD }}',
          'MAIL_PASSWORD=null',
          'smtpPassword: config.get("smtp.password"),',
          'MAIL_PASSWORD=<your-smtp-password>',
          ...placeholderLines('SMTP_PASSWORD'),
        ],
      },
    },
    {
      id: 'smtp-config-password',
      credential: 'password in SMTP settings (nodemailer auth, Rails smtp_settings, mail config)',
      severity: 'high',
      context: SMTP_CONTEXT,
      pattern: String.raw`(?<![\w$-])[:@]?["']?(?:pass|password|passwd)["']?\s{0,8}(?:=>|:|=)\s{0,8}${QUOTED}`,
      ignoreCase: true,
      validator: 'password',
      fallback: true,
      envVar: 'SMTP_PASSWORD',
      examples: {
        detect: [
          "const transporter = nodemailer.createTransport({\n  host: 'smtp.example.com',\n  port: 587,\n  auth: {\n    user: 'app@example.com',\n    pass: 'dglO-ZSa8cbHEq2T',\n  },\n});",
          "config.action_mailer.smtp_settings = {\n  address: 'smtp.example.com',\n  user_name: 'app@example.com',\n  password: 'Eu0^G2Ma7s8%ZY',\n  authentication: :plain\n}",
          "'smtp' => [\n    'transport' => 'smtp',\n    'host' => 'smtp.example.com',\n    'username' => 'app@example.com',\n    'password' => 'QLq=zQOl3FHQ*r7WYa',\n],",
          'smtp:\n  host: smtp.example.com\n  username: app@example.com\n  password: "sU+oC!+#O^H8KbCD"',
          '"Smtp": {\n  "Host": "smtp.example.com",\n  "Password": "dglO-ZSa8cbHEq2T"\n}',
        ],
        ignore: [
          "auth: { user: 'app@example.com', pass: process.env.SMTP_PASS } // nodemailer",
          "smtp:\n  password: '<%= ENV[\"SMTP_PASSWORD\"] %>'",
          "database:\n  password: '%X1Nkt-2v!^%PfSD'",
          "smtp:\n  host: smtp.example.com\ndatabase:\n  password: 'cJqLGOvLvM37%G0n'",
          "smtp_settings = { password: 'password123' }",
        ],
      },
    },
    {
      id: 'smtp-phpmailer-password',
      credential: 'PHPMailer / mailer object password',
      severity: 'high',
      context: ['phpmailer', '$mail->', '$mailer->', 'smtp'],
      pattern: String.raw`->(?:Password|password|pass)\s{0,8}=\s{0,8}${QUOTED}`,
      validator: 'password',
      fallback: true,
      envVar: 'SMTP_PASSWORD',
      examples: {
        detect: ["$mail->Password = 'dglO-ZSa8cbHEq2T';", "$mail->isSMTP();\n$mail->Host = 'smtp.example.com';\n$mail->Password   = \"Eu0^G2Ma7s8%ZY\";"],
        ignore: ["$mail->Password = getenv('SMTP_PASSWORD');", "$user->password = 'cJqLGOvLvM37%G0n';", "$mail->Password = 'your_password';"],
      },
    },
    {
      id: 'smtp-login-password',
      credential: 'password passed to an SMTP login call',
      severity: 'high',
      context: ['smtplib', 'smtp', 'smtpclient', 'javax.mail', 'jakarta.mail', 'mail.smtp'],
      pattern: String.raw`(?:\.login|NetworkCredential|PasswordAuthentication)\(\s{0,8}["'][^"'\s]{1,128}["']\s{0,8},\s{0,8}${QUOTED}`,
      validator: 'password',
      fallback: true,
      envVar: 'SMTP_PASSWORD',
      examples: {
        detect: [
          "server = smtplib.SMTP_SSL('smtp.gmail.com', 465)\nserver.login('me@example.com', 'dglO-ZSa8cbHEq2T')",
          'var smtp = new SmtpClient("smtp.example.com") { Credentials = new NetworkCredential("me@example.com", "%X1Nkt-2v!^%PfSD") };',
          'return new PasswordAuthentication("me@example.com", "cJqLGOvLvM37%G0n"); // mail.smtp.auth',
        ],
        ignore: ["server.login('me@example.com', os.environ['SMTP_PASSWORD'])  # smtplib", "page.login('user', 'sU+oC!+#O^H8KbCD')"],
      },
    },
    {
      id: 'smtp-plainauth-password',
      credential: 'password passed to smtp.PlainAuth (Go)',
      severity: 'high',
      keywords: ['plainauth('],
      pattern: String.raw`PlainAuth\(\s{0,8}"[^"]{0,128}"\s{0,8},\s{0,8}"[^"]{1,128}"\s{0,8},\s{0,8}"(?<secret>[^"\s]{8,128})"`,
      validator: 'password',
      fallback: true,
      envVar: 'SMTP_PASSWORD',
      examples: {
        detect: ['auth := smtp.PlainAuth("", "me@example.com", "dglO-ZSa8cbHEq2T", "smtp.example.com")'],
        ignore: ['auth := smtp.PlainAuth("", user, os.Getenv("SMTP_PASSWORD"), host)', 'auth := smtp.PlainAuth("", "me@example.com", "password", host)'],
      },
    },
  ],
  remediation: [
    {
      step: 'revoke',
      short: 'Change the mailbox or SMTP user\'s password (or delete the app password) at the mail provider or server.',
      detail:
        'For Gmail/Google Workspace and Microsoft 365 delete the app password; for a relay (your provider\'s SMTP credentials page) reset the SMTP user; for your own server change the account password.',
    },
    {
      step: 'audit',
      short: 'Check the mail server\'s logs for logins from unknown IPs and sent-mail volume; check the mailbox for forwarding rules.',
      detail: 'Attackers add forwarding or filters to a mailbox they can log into; look at Sent items and at the provider\'s sign-in log.',
    },
    {
      step: 'rotate',
      short: 'Use a dedicated SMTP user per app that can only send (no mailbox login, no IMAP/POP), with an app password.',
    },
    { step: 'update', short: 'Deploy the new password to every service that sends before the old one is changed, or right after.' },
    {
      step: 'harden',
      short: 'Require TLS (465 or 587 with STARTTLS), restrict the SMTP user to your IPs, keep the password in a secrets manager.',
    },
  ],
};

export default smtp;
