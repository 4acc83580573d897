/**
 * Inline allow markers, written in a comment by whoever reviewed the false positive:
 *   `mailguard:allow <reason>`            on the line of the finding
 *   `mailguard:allow-next-line <reason>`  on the line just above it
 * The reason is optional; a marker is a whole word (`mailguard:allowed` is not one).
 */

/** The words of an inline allow; `-next-line` extends the first. */
export const INLINE_MARKER = 'mailguard:allow';
const MARKERS = /(?<![\w-])mailguard:allow(-next-line)?(?![\w-])/g;
const COMMENT_END = /\*\/|-->|#\}|%>|\*\)/;
/** Separators people put between a marker and its reason: `: reason`, `-- reason`, `— reason`. */
const LEADING_SEPARATORS = /^[\s:=\-–—]+/;
const MAX_REASON_CHARS = 200;

export type MarkerKind = 'same-line' | 'next-line';

export interface InlineMarker {
  kind: MarkerKind;
  /** The words after the marker, or null when none were given. */
  reason: string | null;
}

/** The first marker of `kind` in a line of text, or null. */
export function findMarker(text: string, kind: MarkerKind): InlineMarker | null {
  if (!text.includes('mailguard:allow')) return null;
  for (const m of text.matchAll(MARKERS)) {
    if ((m[1] ? 'next-line' : 'same-line') !== kind) continue;
    return { kind, reason: reasonAfter(text.slice(m.index + m[0].length)) };
  }
  return null;
}

function reasonAfter(rest: string): string | null {
  const reason = rest.split(COMMENT_END)[0]!.replace(LEADING_SEPARATORS, '').trim();
  if (!reason) return null;
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
}
