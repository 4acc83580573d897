import type { ProviderSpec } from '../src/engine/rule.js';
import amazonSes from './amazon-ses.js';
import brevo from './brevo.js';
import convertkit from './convertkit.js';
import customerio from './customerio.js';
import elasticEmail from './elastic-email.js';
import getresponse from './getresponse.js';
import klaviyo from './klaviyo.js';
import loops from './loops.js';
import mailchimp from './mailchimp.js';
import mailerlite from './mailerlite.js';
import mailersend from './mailersend.js';
import mailgun from './mailgun.js';
import mailjet from './mailjet.js';
import mailmodo from './mailmodo.js';
import mailtrap from './mailtrap.js';
import mandrill from './mandrill.js';
import moosend from './moosend.js';
import omnisend from './omnisend.js';
import pepipost from './pepipost.js';
import plunk from './plunk.js';
import postageapp from './postageapp.js';
import postal from './postal.js';
import postmark from './postmark.js';
import reachmail from './reachmail.js';
import resend from './resend.js';
import sendgrid from './sendgrid.js';
import sendpulse from './sendpulse.js';
import smtp from './smtp.js';
import smtp2go from './smtp2go.js';
import sparkpost from './sparkpost.js';
import zeptomail from './zeptomail.js';

/** Every provider file in this folder, in the order `mailguard rules` lists them; one import line per provider. */
export const providers: ProviderSpec[] = [
  mailgun, mailjet, mailersend, sendgrid, amazonSes, mailchimp, mandrill, postmark, sparkpost, brevo, resend,
  elasticEmail, sendpulse, mailtrap, smtp2go, loops, mailerlite, klaviyo, convertkit, customerio, zeptomail,
  plunk, postal, getresponse, moosend, omnisend, pepipost, postageapp, mailmodo, reachmail, smtp,
];
