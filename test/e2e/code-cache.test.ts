import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run, tempDir } from '../helpers.js';

describe('the CLI starts from V8 code cache', () => {
  it('writes its cache once, and runs the same with a cache that is garbage, which it then replaces', () => {
    const pkg = tempDir();
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    const cli = join(pkg, 'dist', 'mailguard.cjs');
    const cacheDir = join(pkg, 'node_modules', '.cache', 'mailguard');

    const first = run(process.execPath, [cli, '--version']);
    expect([first.code, first.stderr]).toEqual([0, '']);
    const [cache] = readdirSync(cacheDir);
    expect(cache).toMatch(/^cli-v\d+\.\d+\.\d+-\w+-[0-9a-f]{24}\.v8$/);
    const written = readFileSync(join(cacheDir, cache!));
    expect(written.length).toBeGreaterThan(1000);

    writeFileSync(join(cacheDir, cache!), 'not a code cache');
    const second = run(process.execPath, [cli, '--version']);
    expect([second.code, second.stdout, second.stderr]).toEqual([0, first.stdout, '']);
    expect(readFileSync(join(cacheDir, cache!)).length).toBeGreaterThan(1000);
    expect(readdirSync(cacheDir)).toEqual([cache]);
    // dist/cli.js, the way in through the ES module loader, runs the same CLI.
    expect(run(process.execPath, [join(pkg, 'dist', 'cli.js'), '--version']).stdout).toBe(first.stdout);
  });

  it('runs without a cache where it cannot write one', () => {
    const pkg = tempDir();
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
    mkdirSync(join(pkg, 'node_modules'));
    writeFileSync(join(pkg, 'node_modules', '.cache'), 'a file where the folder would go');
    const r = run(process.execPath, [join(pkg, 'dist', 'mailguard.cjs'), '--version']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
