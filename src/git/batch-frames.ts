/** What a reader of `git cat-file --batch` output does with each object, as its bytes arrive. */
export interface BatchObjectSink {
  /**
   * The header's fields: `<oid> <type> <size>`, or `<spec> missing` (also `ambiguous`). Returns the size of
   * the content that follows it, or -1 when none does.
   */
  begin(fields: string[]): number;
  /** A piece of the current object's content (never its trailing newline). */
  content(buf: Buffer, start: number, end: number): void;
  /** The current object's content is over. */
  finish(): void;
}

/** Cuts `git cat-file --batch` output (`<header>\n<content>\n` per object) into objects, in any chunking. */
export class BatchFrames {
  private header: Buffer[] = [];
  /** Bytes of the current object still to come, with the newline after it; -1 between objects. */
  private left = -1;

  constructor(private readonly sink: BatchObjectSink) {}

  /** True while an object's content is only partly read. */
  get midObject(): boolean {
    return this.left >= 0 || this.header.length > 0;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.left < 0) {
        const eol = chunk.indexOf(0x0a, pos);
        this.header.push(chunk.subarray(pos, eol === -1 ? chunk.length : eol));
        if (eol === -1) return;
        pos = eol + 1;
        const fields = Buffer.concat(this.header).toString('utf8').split(' ');
        this.header = [];
        const size = this.sink.begin(fields);
        this.left = size < 0 ? -1 : size + 1;
        continue;
      }
      const end = Math.min(chunk.length, pos + this.left);
      const contentEnd = Math.min(end, pos + this.left - 1);
      if (contentEnd > pos) this.sink.content(chunk, pos, contentEnd);
      this.left -= end - pos;
      pos = end;
      if (this.left === 0) {
        this.left = -1;
        this.sink.finish();
      }
    }
  }
}
