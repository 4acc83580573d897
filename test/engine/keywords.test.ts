import { describe, expect, it } from 'vitest';
import { KeywordAutomaton, shapeOf } from '../../src/engine/keywords.js';
import { randomFrom } from '../helpers.js';

function naive(words: string[], text: string): number[] {
  const lower = text.toLowerCase();
  const hits: number[] = [];
  words.forEach((w, i) => {
    for (let at = lower.indexOf(w); at !== -1; at = lower.indexOf(w, at + 1)) hits.push(i);
  });
  return hits.sort((a, b) => a - b);
}

describe('KeywordAutomaton', () => {
  const words = ['key-', 'pubkey-', 'mailgun', 'mg_', 'gun_key', 'sg.', 'smtp', 'smtp2go', 'a', 'aa'];
  const ac = new KeywordAutomaton(words);

  it('finds every occurrence of every keyword, overlapping and nested, case-insensitively', () => {
    for (let round = 0; round < 300; round++) {
      const text = randomFrom('keypubgnmailsotAGKMP_-.2 ', 1 + (round % 80));
      const viaString: number[] = [];
      ac.scanString(text, (w) => viaString.push(w));
      const viaBytes: number[] = [];
      const buf = Buffer.from(text, 'latin1');
      ac.scanBytes(buf, 0, buf.length, (w) => viaBytes.push(w));
      const expected = naive(words, text);
      expect(viaString.sort((a, b) => a - b)).toEqual(expected);
      expect(viaBytes.sort((a, b) => a - b)).toEqual(expected);
      expect(ac.hasAny(buf, 0, buf.length)).toBe(expected.length > 0);
    }
  });

  it('sees a keyword wherever it sits in a long range, across the cuts between the walks of its quarters', () => {
    const long = new KeywordAutomaton(['mailgun', 'sg.', 'mailchimp_transactional']);
    for (const word of ['MailGun', 'sg.', 'mailchimp_transactional']) {
      for (const size of [1024, 1027, 4099]) {
        for (let at = 0; at + word.length <= size; at++) {
          const buf = Buffer.alloc(size + 6, 'x');
          buf.write(word, at + 3, 'latin1');
          for (const hasAny of [long.hasAny, long.hasAnyLong]) {
            expect(hasAny.call(long, buf, 3, size + 3)).toBe(true);
            expect(hasAny.call(long, buf, 3, at + 3 + word.length - 1)).toBe(false);
            expect(hasAny.call(long, buf, at + 4, size + 3)).toBe(false);
          }
        }
      }
    }
    expect(long.hasAnyLong(Buffer.alloc(5000, 'x'), 0, 5000)).toBe(false);
  });

  it('built from a shape made beforehand (as the build does) finds the same; a shape of other words is ignored', () => {
    const shaped = new KeywordAutomaton(words, JSON.parse(JSON.stringify(shapeOf(words))));
    for (let round = 0; round < 200; round++) {
      const text = randomFrom('keypubgnmailsotAGKMP_-.2 ', 1 + (round % 80));
      const got: number[] = [];
      shaped.scanString(text, (w) => got.push(w));
      expect(got.sort((a, b) => a - b)).toEqual(naive(words, text));
    }
    const other = new KeywordAutomaton(['mailgun', 'resend'], shapeOf(['mailgun', 'sendgrid']));
    expect(other.hasAnyString('RESEND_KEY')).toBe(true);
    expect(other.hasAnyString('sendgrid')).toBe(false);
  });

  it('reads only the byte range it is given', () => {
    const only = new KeywordAutomaton(['mailgun']);
    const buf = Buffer.from('xx MAILGUN xx');
    expect(only.hasAny(buf, 0, 9)).toBe(false);
    expect(only.hasAny(buf, 3, 10)).toBe(true);
  });
});
