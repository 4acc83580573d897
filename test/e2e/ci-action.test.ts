import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fake, ROOT, run, tempDir } from '../helpers.js';
import { actionsCheckout, pullRequestEnv, Upstream } from './ci-env.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};

function step(id: string): Step {
  const found = action.runs.steps.find((s) => s.id === id);
  if (!found) throw new Error(`action.yml has no step ${id}`);
  return found;
}

/**
 * Runs one `run:` step of the action the way the runner does (`bash --noprofile --norc -eo pipefail`), with
 * the step's env as the runner would expand it (inputs at their defaults unless given) and GITHUB_OUTPUT.
 */
function runStep(id: string, cwd: string, env: NodeJS.ProcessEnv, inputs: Record<string, string>, actionPath = ROOT) {
  const s = step(id);
  const dir = tempDir('mailguard-step-');
  const script = join(dir, 'step.sh');
  const output = join(dir, 'output');
  writeFileSync(script, s.run!);
  writeFileSync(output, '');
  const stepEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(s.env ?? {})) {
    stepEnv[key] = value.replace(/\$\{\{\s*(inputs\.([\w-]+)|github\.action_path)\s*\}\}/g, (_, _expr: string, input?: string) =>
      input === undefined ? actionPath : (inputs[input] ?? action.inputs[input]?.default ?? ''),
    );
  }
  const r = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env: { ...env, ...stepEnv, GITHUB_OUTPUT: output } });
  return { ...r, outputs: readFileSync(output, 'utf8') };
}

describe('action.yml (composite action)', () => {
  it('checks for node, scans with SARIF to a file, uploads it even when the scan fails, and keeps ${{ }} out of scripts', () => {
    expect(action.runs.using).toBe('composite');
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.if).toBe("steps.node.outputs.ready != 'true'");
    expect(step('scan').run).toContain('ci --format sarif --output "$MAILGUARD_SARIF"');
    const upload = action.runs.steps.at(-1)!;
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.if).toContain('always()');
    expect(upload.with?.sarif_file).toBe('${{ inputs.sarif-file }}');
    for (const s of action.runs.steps) expect(s.run ?? '').not.toContain('${{');
  });

  it('the node check finds this node', () => {
    const r = runStep('node', tempDir(), process.env, {});
    expect(r.code).toBe(0);
    expect(r.outputs).toBe('ready=true\n');
  });

  it('the scan step on a pull request with a key: SARIF written, exit code 1 as output and as the step result', () => {
    const up = new Upstream();
    up.git('checkout', '-q', '-b', 'feature');
    const key = fake.mailgunKey();
    up.add('.env', `MAILGUN_API_KEY=${key}\n`).commit('key');
    up.git('checkout', '-q', 'main');
    const merge = up.pullMergeRef(5, 'main', 'feature');
    const clone = actionsCheckout(up, 'refs/pull/5/merge', 0);
    const env = pullRequestEnv(clone, { number: 5, base: up.sha('main'), head: up.sha('feature'), commits: 1, merge });
    const r = runStep('scan', clone.dir, env, {});
    expect(r.code).toBe(1);
    expect(r.outputs).toBe('exit-code=1\nsarif=written\n');
    expect(r.stdout).toContain('mailguard: 1 email-provider credential in 1 commit of pull request #5');
    const sarif = readFileSync(join(clone.dir, 'mailguard.sarif'), 'utf8');
    expect(JSON.parse(sarif).runs[0].results).toHaveLength(1);
    expect(sarif + r.stdout + r.stderr).not.toContain(key);
  });

  it('without a built checkout it runs the npm release of its own version, passing base, config and strict on', () => {
    const actionPath = tempDir('mailguard-action-');
    copyFileSync(join(ROOT, 'package.json'), join(actionPath, 'package.json'));
    const bin = join(tempDir('mailguard-bin-'), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npx'), '#!/bin/sh\necho "npx $*"\ntouch "$MAILGUARD_SARIF"\n');
    chmodSync(join(bin, 'npx'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const r = runStep('scan', tempDir(), env, { base: 'origin/main', config: 'ci/mailguard.json', strict: 'true' }, actionPath);
    expect(r.stdout).toBe(`npx --yes mailguard@${version} ci --format sarif --output mailguard.sarif --base origin/main --config ci/mailguard.json --no-inline-allow\n`);
    expect(r.outputs).toBe('exit-code=0\nsarif=written\n');
    const pinned = runStep('scan', tempDir(), env, { version: 'latest' }, actionPath);
    expect(pinned.stdout).toBe('npx --yes mailguard@latest ci --format sarif --output mailguard.sarif\n');
  });
});
