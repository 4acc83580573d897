#!/usr/bin/env node
// The `mailguard` command (CommonJS: Node's ES module loader alone costs a clean commit ~7 %). It runs the
// CLI bundle (cli-main.cjs, next to this file) from V8's code cache when
// one is there: compiling the bundle is a good part of a clean commit's start-up, and Node 20 keeps no
// compile cache of its own. The cache lives in node_modules/.cache/mailguard (written after a run that had
// none, atomically), named after the bundle's content hash: V8 itself only checks a cache against the
// source's length and its own version. A cache V8 rejects only costs the compile it would have saved.
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { basename, dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

/** sha-256 of cli-main.cjs, written in by the build. */
const BUNDLE_HASH = '@BUNDLE_HASH@';
const here = __dirname;
const bundle = join(here, 'cli-main.cjs');
const source = readFileSync(bundle, 'utf8');
const cacheFile = cachePath();
let cachedData;
try {
  if (cacheFile) cachedData = readFileSync(cacheFile);
} catch {
  // no cache yet
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) process.once('exit', () => saveCache(cacheFile));
// The bundle finds its own files (hooks/, the vendored simple-git) from its own place, in place of import.meta.url.
globalThis.__mailguardUrl = pathToFileURL(bundle).href;
const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, here);

/** node_modules/.cache/mailguard of the project (or global prefix) mailguard is installed in, or of this repo. */
function cachePath() {
  const pkg = dirname(here);
  const modules = basename(dirname(pkg)) === 'node_modules' ? dirname(pkg) : join(pkg, 'node_modules');
  if (!/^[0-9a-f]{64}$/.test(BUNDLE_HASH)) return null;
  return join(modules, '.cache', 'mailguard', `cli-${process.version}-${process.arch}-${BUNDLE_HASH.slice(0, 24)}.v8`);
}

function saveCache(file) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, file);
  } catch {
    // a read-only install: start-up simply stays as it is
  }
}
