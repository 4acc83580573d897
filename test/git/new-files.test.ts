import { describe, expect, it } from 'vitest';
import { DiffParser, type AddedLine } from '../../src/diff/parse.js';
import { splitLines } from '../../src/diff/split.js';
import { stagedDiffArgs, startGit } from '../../src/git/diff-source.js';
import { bigNewFiles, startNewFilesListing, streamNewFiles } from '../../src/git/new-files.js';
import { TempRepo } from '../helpers.js';

/** About 1.5 MB of short lines: a "big" new file. */
const big = (eol: string, tail: string) => Array.from({ length: 60_000 }, (_, i) => `const value${i} = ${i};`).join(eol) + eol + tail;

const files: Record<string, Buffer> = {
  'a/plain.ts': Buffer.from(big('\n', 'last line without a newline')),
  'b/crlf.txt': Buffer.from(big('\r\n', 'MAILGUN_API_KEY=key-0\r\n')),
  'c/utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(big('\n', 'héllo\n'), 'utf16le')]),
  'd/binary.bin': Buffer.concat([Buffer.from(big('\n', '')), Buffer.from([0, 1, 2, 0, 10]), Buffer.from('after\n')]),
  'e/odd name\twith tab.txt': Buffer.from(big('\n', 'end\n')),
};

async function collect(run: (parser: DiffParser) => Promise<void>): Promise<{ lines: AddedLine[]; stats: DiffParser['stats'] }> {
  const lines: AddedLine[] = [];
  const parser = new DiffParser((line) => lines.push(line));
  await run(parser);
  return { lines, stats: parser.stats };
}

describe('big new files read from their blobs', () => {
  it('give exactly the added lines, numbers and stats that git diff gives for them', async () => {
    const repo = new TempRepo();
    for (const [path, bytes] of Object.entries(files)) repo.write(path, bytes);
    repo.git('add', '-A');
    const routed = await bigNewFiles(startNewFilesListing(repo.dir, []), repo.dir);
    expect(routed.map((f) => f.path).sort()).toEqual(Object.keys(files).sort());

    const viaBlobs = await collect((parser) => streamNewFiles(repo.dir, routed, parser));
    const viaDiff = await collect((parser) => startGit(repo.dir, stagedDiffArgs([])).consume((out) => splitLines(out, parser)));
    expect(viaBlobs.stats).toEqual(viaDiff.stats);
    expect(viaBlobs.lines.length).toBe(viaDiff.lines.length);
    expect(viaBlobs.lines).toEqual(viaDiff.lines);
    expect(viaBlobs.stats.binaryFiles).toBe(1);
  });

  it('leaves small files and files of long lines out of the route', async () => {
    const repo = new TempRepo().add('small.txt', 'x\n').add('min.js', `${'y'.repeat(400_000)}\n`.repeat(4));
    expect(await bigNewFiles(startNewFilesListing(repo.dir, []), repo.dir)).toEqual([]);
  });
});
