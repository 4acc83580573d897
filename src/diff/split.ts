import type { Readable } from 'node:stream';

/** Receives each line as a byte range; see DiffParser.line for the meaning of the arguments. */
export interface LineReceiver {
  line(buf: Buffer, start: number, end: number, complete?: boolean, overlap?: number): void;
}

/** Lines longer than this are handed on in segments, so memory stays flat on minified or generated files. */
export const SEGMENT_BYTES = 1 << 20;
/** Segments overlap by this much so that a token straddling a cut is still seen whole. */
export const SEGMENT_OVERLAP = 1024;

/** Splits a byte stream on `\n` and feeds the receiver; resolves when the stream ends. */
export async function splitLines(stream: Readable, receiver: LineReceiver): Promise<void> {
  const splitter = new LineSplitter(receiver);
  for await (const chunk of stream) splitter.push(chunk as Buffer);
  splitter.end();
}

export class LineSplitter {
  private carry: Buffer | null = null;
  /** Bytes of the current line already handed on as segments (0 when none). */
  private sent = 0;

  constructor(private readonly receiver: LineReceiver) {}

  push(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let start = 0;
    let nl = buf.indexOf(0x0a, start);
    while (nl !== -1) {
      this.receiver.line(buf, start, nl, true, this.sent > 0 ? SEGMENT_OVERLAP : 0);
      this.sent = 0;
      start = nl + 1;
      nl = buf.indexOf(0x0a, start);
    }
    this.keep(buf, start);
  }

  end(): void {
    if (this.carry && this.carry.length > 0) {
      this.receiver.line(this.carry, 0, this.carry.length, true, this.sent > 0 ? SEGMENT_OVERLAP : 0);
    }
    this.carry = null;
    this.sent = 0;
  }

  /** Holds the unterminated tail; hands it on in segments once it is too long to hold. */
  private keep(buf: Buffer, start: number): void {
    let rest = buf.subarray(start);
    while (rest.length > SEGMENT_BYTES + SEGMENT_OVERLAP) {
      this.receiver.line(rest, 0, SEGMENT_BYTES, false, this.sent > 0 ? SEGMENT_OVERLAP : 0);
      this.sent += SEGMENT_BYTES;
      rest = rest.subarray(SEGMENT_BYTES - SEGMENT_OVERLAP);
    }
    this.carry = rest.length > 0 ? Buffer.from(rest) : null;
  }
}
