import { describe, expect, it } from 'vitest';
import { BatchFrames, type BatchObjectSink } from '../../src/git/batch-frames.js';

/** Records what the frames hand on, with each object's content joined back together. */
function record(): BatchObjectSink & { objects: Array<{ header: string; content: string }> } {
  const objects: Array<{ header: string; content: string }> = [];
  return {
    objects,
    begin(fields) {
      objects.push({ header: fields.join(' '), content: '' });
      return fields.length === 3 ? Number(fields[2]) : -1;
    },
    content(buf, start, end) {
      objects.at(-1)!.content += buf.toString('latin1', start, end);
    },
    finish() {
      objects.at(-1)!.content += '|';
    },
  };
}

describe('BatchFrames', () => {
  const oid = 'a'.repeat(40);
  const stream = Buffer.from(`${oid} blob 6\nab\ncd\n\n${'b'.repeat(40)} missing\n${oid} blob 0\n\n${oid} blob 3\nx\ny\n`, 'latin1');
  const expected = [
    { header: `${oid} blob 6`, content: 'ab\ncd\n|' },
    { header: `${'b'.repeat(40)} missing`, content: '' },
    { header: `${oid} blob 0`, content: '|' },
    { header: `${oid} blob 3`, content: 'x\ny|' },
  ];

  it('cuts objects the same way whatever the chunking, newlines in the content included', () => {
    for (const size of [1, 2, 3, 5, 8, 13, stream.length]) {
      const sink = record();
      const frames = new BatchFrames(sink);
      for (let at = 0; at < stream.length; at += size) frames.push(stream.subarray(at, at + size));
      expect(sink.objects).toEqual(expected);
      expect(frames.midObject).toBe(false);
    }
  });

  it('knows when the output stopped inside an object', () => {
    const frames = new BatchFrames(record());
    frames.push(stream.subarray(0, 50));
    expect(frames.midObject).toBe(true);
  });
});
