import { providers } from '../../rules/index.js';
import { compileRules } from '../engine/compile.js';
import { secretOf } from '../engine/finding.js';
import { scanText } from '../engine/scan-text.js';

/**
 * Redacts every token the rules recognise in a free text (an error message quoting a path or an argument),
 * so that not even a failure can print a secret.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const finding of scanText(compileRules(providers), text)) {
    const secret = secretOf(finding);
    if (secret) out = out.split(secret).join(finding.redacted);
  }
  return out;
}
