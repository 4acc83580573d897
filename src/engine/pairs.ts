import type { AddedLine } from '../diff/parse.js';
import { pairOf, type CompiledRule } from './compile.js';
import type { PairSpec } from './rule.js';

/** How far apart (in lines of one file) the two halves of a two-part credential may be. */
export const PAIR_WINDOW_LINES = 8;

/** A match of a rule that takes part in a pair, waiting to learn whether its other half is nearby. */
export interface Half {
  rule: CompiledRule;
  secret: string;
  line: AddedLine;
  column: number;
  snippet: string;
  /** The non-secret half (a user name, a site id, a public key): never reported alone. */
  identifier: boolean;
}

export interface PairSink {
  alone(half: Half): void;
  pair(lead: Half, other: Half, pair: PairSpec): void;
}

/**
 * Holds the halves of two-part credentials until no partner can appear any more (PAIR_WINDOW_LINES later, or
 * at the end of the file), then reports each pair as one finding and each unpaired secret half alone.
 */
export class PairBuffer {
  private pending: Half[] = [];

  constructor(private readonly sink: PairSink) {}

  add(half: Half): void {
    this.pending.push(half);
  }

  /** Settles the halves found before line `lineNo - PAIR_WINDOW_LINES`. */
  settleBefore(lineNo: number): void {
    while (this.pending.length > 0 && this.pending[0]!.line.line < lineNo - PAIR_WINDOW_LINES) this.settle(this.pending.shift()!);
  }

  settleAll(): void {
    while (this.pending.length > 0) this.settle(this.pending.shift()!);
  }

  private settle(half: Half): void {
    const at = this.partnerIndex(half);
    if (at >= 0) {
      const other = this.pending.splice(at, 1)[0]!;
      const pair = pairOf(half.rule, other.rule)!;
      const [lead, rest] = leadOf(half, other);
      this.sink.pair(lead, rest, pair);
    } else if (!half.identifier && !half.rule.spec.pairOnly) {
      this.sink.alone(half);
    }
  }

  /** The nearest pending half that completes `half`. */
  private partnerIndex(half: Half): number {
    let best = -1;
    let bestDistance = Infinity;
    this.pending.forEach((p, i) => {
      if (p.secret === half.secret || p.line.file !== half.line.file || p.line.commit !== half.line.commit) return;
      if (!half.rule.partners.includes(p.rule.index)) return;
      if (half.identifier && p.identifier) return;
      const distance = Math.abs(p.line.line - half.line.line);
      if (distance <= PAIR_WINDOW_LINES && distance < bestDistance) {
        best = i;
        bestDistance = distance;
      }
    });
    return best;
  }
}

/** The half a pair finding points at: the secret one; between two secret halves, the later one. */
function leadOf(a: Half, b: Half): [Half, Half] {
  const aMinor = a.identifier || a.rule.spec.pairOnly === true;
  const bMinor = b.identifier || b.rule.spec.pairOnly === true;
  if (aMinor !== bMinor) return aMinor ? [b, a] : [a, b];
  const aFirst = a.line.line < b.line.line || (a.line.line === b.line.line && a.column < b.column);
  return aFirst ? [b, a] : [a, b];
}
