// Bundles the CLI into one file (start-up speed is a feature: one file to load, no module resolution at
// run time) and emits type declarations for the programmatic API.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });

const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // simple-git is bundled on its own (below) and loaded on first use, so a clean pre-commit never pays for it.
  external: ['simple-git'],
  define: { 'process.env.MAILGUARD_SIMPLE_GIT': JSON.stringify('./vendor/simple-git.cjs') },
  // Smaller to parse at every start; identifiers kept (error classes are told apart by name).
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS dependencies (simple-git) call require() for Node built-ins.
  banner: { js: "import { createRequire as __mgRequire } from 'node:module'; const require = __mgRequire(import.meta.url);" },
};

// The default rules' keyword automaton, shaped once here and carried by the CLI bundle.
await build({ ...shared, entryPoints: ['scripts/keyword-shape.ts'], outfile: 'dist/keyword-shape.tmp.mjs' });
const { shape } = await import(pathToFileURL(resolve('dist/keyword-shape.tmp.mjs')).href);
rmSync('dist/keyword-shape.tmp.mjs');

// The CLI: a CommonJS bundle run by a small loader (scripts/cli-loader.cjs) through V8's code cache. It finds
// its files relative to the loader, through the global the loader sets in place of import.meta.url.
await build({
  ...shared,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli-main.cjs',
  format: 'cjs',
  banner: {},
  define: { ...shared.define, 'import.meta.url': '__mailguardUrl', MAILGUARD_KEYWORD_SHAPE: JSON.stringify(shape) },
});
const bundleHash = createHash('sha256').update(readFileSync('dist/cli-main.cjs')).digest('hex');
writeFileSync('dist/mailguard.cjs', readFileSync('scripts/cli-loader.cjs', 'utf8').replace('@BUNDLE_HASH@', bundleHash));
// The npm bin: executable, so `npx mailguard` and a hook can run it directly. dist/cli.js stays as another
// way in (`node dist/cli.js`), through the ES module loader.
chmodSync('dist/mailguard.cjs', 0o755);
writeFileSync('dist/cli.js', "#!/usr/bin/env node\nimport './mailguard.cjs';\n");
chmodSync('dist/cli.js', 0o755);
await build({ ...shared, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
await build({
  entryPoints: ['simple-git'],
  outfile: 'dist/vendor/simple-git.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
});

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--emitDeclarationOnly'], { stdio: 'inherit' });
