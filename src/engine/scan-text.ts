import type { AddedLine } from '../diff/parse.js';
import type { CompiledRule } from './compile.js';
import type { Finding } from './finding.js';
import { Scanner } from './match.js';

/** Scans a piece of text as if all its lines were added to `file`. */
export function scanText(rules: readonly CompiledRule[], text: string, file = 'input.txt'): Finding[] {
  const findings: Finding[] = [];
  const scanner = new Scanner(rules, (f) => findings.push(f));
  text.split(/\r?\n/).forEach((line, i) => {
    const added: AddedLine = { file, line: i + 1, text: line, offset: 0, commit: null };
    scanner.scan(added);
  });
  scanner.end();
  return findings;
}
