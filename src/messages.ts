import pkg from '../package.json' with { type: 'json' };

/** User-facing words that are not part of a report live here, so wording is reviewed in one place. */

export const VERSION = pkg.version;

export const HELP = `mailguard ${pkg.version} — keeps email-provider credentials out of git history

Usage
  mailguard scan --staged [PATH...]     added lines of the index (what pre-commit sees); PATHs limit it
  mailguard scan --range A..B           each commit in the range, its own added lines (CI: a pull request)
  mailguard scan --history [--all]      every commit reachable from HEAD (or all refs), each key reported
                                        once at the commit that added it; progress on stderr when a terminal
  mailguard scan --diff FILE|-          a unified diff from a file or stdin
  mailguard scan PATH...                whole files and folders on disk (no git needed)
    --format text|json|sarif|junit      report format (default text)
    --config FILE                       config file (default mailguard.config.json or package.json#mailguard)
    --no-inline-allow                   strict mode: mailguard:allow comments do not count, only the config
    --verify                            ask each found key's provider whether it is live (read-only request
                                        to the provider's own HTTPS API; never by default: README "Live
                                        verification")
  mailguard verify [scan options]       a scan with --verify; the staged changes when no source is given
  mailguard ci [--base REF]             in CI: each commit of the pull request, merge request or push that
                                        GitHub Actions or GitLab CI runs for, or of REF..HEAD; --format,
                                        --config, --no-inline-allow as for scan; exit 2 when a shallow
                                        clone lacks the commits
    --output FILE                       write the report to FILE, print a short plain summary
  mailguard hook pre-commit             entry point of the installed pre-commit hook
  mailguard hook pre-push REMOTE URL    entry point of the pre-push hook: scans each commit being pushed
  mailguard install                     add the hooks to this repository (husky, core.hooksPath or .git/hooks)
    --husky | --hooks-path | --git-hooks   force where they go (default: detected)
    --no-pre-push                       only the pre-commit hook
  mailguard uninstall                   remove exactly what install added
  mailguard fix [--dry-run]             fix what is staged: untrack dotenv files, .gitignore them, write
                                        .env.example, move keys from JS/TS/Python into .env; re-stages
  mailguard rules [--provider P]        list detectors
  mailguard explain PROVIDER|RULE       the provider's full remediation checklist
  mailguard allow FINGERPRINT --reason "…"   allow a reviewed finding in the config (fingerprint: --format json)
  mailguard config check                check the config and list every bypass it holds
  mailguard help | version

Exit codes
  0 clean · 1 credentials found (blocks the commit) · 2 usage or bad input · 3 git or internal error
`;

/** What a hook says after the one-line reason when it could not check (it fails closed). */
export const HOOK_BLOCKED = {
  'pre-commit':
    'Commit blocked because the staged changes could not be checked. Fix the cause above and commit again; ' +
    'if mailguard itself is broken, check your staged changes by hand before `git commit --no-verify`.',
  'pre-push':
    'Push blocked because the commits being pushed could not be checked. Fix the cause above and push again; ' +
    'if mailguard itself is broken, review them by hand (`git log -p @{push}..`) before `git push --no-verify`.',
} as const;
