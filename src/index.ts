/** Programmatic API: the same engine the CLI runs. */
export { providers } from '../rules/index.js';
export type { ProviderSpec, RuleSpec, RuleExample, Severity, ChecklistStep } from './engine/rule.js';
export type { Finding } from './engine/finding.js';
export type { AddedLine } from './diff/parse.js';
export { DiffParser } from './diff/parse.js';
export { compileRules } from './engine/compile.js';
export { Scanner } from './engine/match.js';
export { scanText } from './engine/scan-text.js';
