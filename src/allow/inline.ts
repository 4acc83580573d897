import type { AddedLine } from '../diff/parse.js';

const MARKER = 'mailguard:allow';
const COMMENT_END = /\*\/|-->|#\}|%>|\*\)/;

/**
 * A reviewed false positive carries `mailguard:allow` (optionally followed by a reason) in a comment on
 * the same line. Returns the suppression reason, or null when the line has no marker.
 */
export function inlineAllowReason(line: AddedLine): string | null {
  const at = line.text.indexOf(MARKER);
  if (at === -1) return null;
  const after = line.text.slice(at + MARKER.length);
  if (after.startsWith('-')) return null; // `mailguard:allow-next-line` speaks of another line
  const reason = after.split(COMMENT_END)[0]!.trim();
  return reason ? `inline: ${reason}` : 'inline (no reason given)';
}
