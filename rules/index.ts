import type { ProviderSpec } from '../src/engine/rule.js';
import mailersend from './mailersend.js';
import mailgun from './mailgun.js';
import mailjet from './mailjet.js';
import sendgrid from './sendgrid.js';

/** Every provider file in this folder; one import line per provider. */
export const providers: ProviderSpec[] = [mailgun, mailjet, mailersend, sendgrid];
