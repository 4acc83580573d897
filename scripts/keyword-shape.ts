// Build step: the keyword automaton of the CLI's default scan (all rules, the scan's watch words), as data
// the CLI bundle carries, so that a commit does not build it. A config that changes the rules gets its own.
import { providers } from '../rules/index.js';
import { WATCH_WORDS } from '../src/commands/scan.js';
import { compileRules } from '../src/engine/compile.js';
import { shapeOf } from '../src/engine/keywords.js';
import { Prefilter } from '../src/engine/prefilter.js';

export const shape = shapeOf(new Prefilter(compileRules(providers), WATCH_WORDS).words);
