/**
 * UTF-16 text (what Windows tools write for .env, .ini or .config files) is full of NUL bytes, so git and the
 * binary checks take it for binary. A key in it would pass unseen: such a line is decoded instead.
 *
 * git splits lines on the byte 0x0a, which is half of a UTF-16 newline, so each line of a UTF-16LE file after
 * the first starts with the other half (a NUL) and a UTF-16BE line ends with it. Which bytes pair up is told
 * by where the NULs of ASCII text fall (the high byte of each unit); with no NUL to go by, by the line's length.
 */

export type Utf16 = 'utf16le' | 'utf16be';

/** The UTF-16 byte order of a line that holds NUL bytes, or null when it does not look like UTF-16 text. */
export function sniffUtf16(bytes: Uint8Array): Utf16 | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  const [even, odd] = zerosByParity(bytes);
  const units = bytes.length / 2;
  // ASCII in UTF-16: one byte of nearly every pair is NUL, the other almost never is.
  const [many, few] = even > odd ? [even, odd] : [odd, even];
  if (many < Math.max(1, units * 0.3) || few > units * 0.1) return null;
  // Without a byte order mark, a line from the middle of either order reads the same: little endian is the
  // common case (Windows), and NULs at odd offsets can only be little endian.
  return 'utf16le';
}

/** The text of a line of a UTF-16 file, without a byte order mark and without the CR of a CRLF. */
export function decodeUtf16(bytes: Uint8Array, order: Utf16): string {
  const start = pairStart(bytes, order);
  const end = start + Math.floor((bytes.length - start) / 2) * 2;
  const units = Buffer.from(bytes.subarray(start, end));
  if (order === 'utf16be') units.swap16();
  let text = units.toString('utf16le');
  if (text.startsWith('\ufeff')) text = text.slice(1);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** 0 or 1: the offset at which the line's bytes pair up into units. */
function pairStart(bytes: Uint8Array, order: Utf16): number {
  const [even, odd] = zerosByParity(bytes);
  // The high byte of a unit: odd offsets for little endian pairs starting at 0, even ones for big endian.
  if (even !== odd) return (order === 'utf16le') === odd > even ? 0 : 1;
  return order === 'utf16le' && bytes.length % 2 === 1 ? 1 : 0;
}

function zerosByParity(bytes: Uint8Array): [number, number] {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  return [even, odd];
}
