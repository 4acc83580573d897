import { describe, expect, it } from 'vitest';
import { providers } from '../../rules/index.js';
import { mailguard } from '../helpers.js';

describe('mailguard explain', () => {
  it('prints the full Mailgun checklist: every step, its detail and its link', () => {
    const r = mailguard(['explain', 'mailgun']);
    expect(r.code).toBe(0);
    const mailgun = providers.find((p) => p.id === 'mailgun')!;
    const flat = r.stdout.replace(/\s+/g, ' ');
    for (const step of mailgun.remediation) {
      expect(flat).toContain(step.short.replace(/\s+/g, ' '));
      if (step.detail) expect(flat).toContain(step.detail.split(/\s+/).slice(0, 6).join(' '));
      if (step.url) expect(r.stdout).toContain(step.url);
    }
    expect(r.stdout).toMatch(/^1\. Revoke/m);
    expect(r.stdout).toContain('mailgun-private-key');
  });

  it('accepts a rule id and names the rule and its variable', () => {
    const r = mailguard(['explain', 'sendgrid-api-key']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sendgrid-api-key: API key');
    expect(r.stdout).toContain('SENDGRID_API_KEY');
  });

  it('explains every provider', () => {
    for (const p of providers) expect(mailguard(['explain', p.id]).code).toBe(0);
  });

  it('an unknown name is exit 2 with one line listing the providers', () => {
    const r = mailguard(['explain', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown provider or rule "nope"/);
    expect(r.stderr).toContain('mailgun');
  });
});
