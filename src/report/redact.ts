import { providers } from '../../rules/index.js';
import { compileRules } from '../engine/compile.js';
import { redactFindingIn } from '../engine/finding.js';
import { scanText } from '../engine/scan-text.js';

/**
 * Redacts every token the rules recognise in a free text (an error message quoting a path or an argument),
 * so that not even a failure can print a secret.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const finding of scanText(compileRules(providers), text)) out = redactFindingIn(out, finding);
  return out;
}
