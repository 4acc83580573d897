/**
 * Building blocks shared by the provider files: token boundaries, common shapes, and the placeholder lines
 * every rule must ignore. Not a provider (rules/index.ts does not list it).
 */

/**
 * A token starts here: not glued to a longer word, version or path (`-`, `_`, `.`, `#`, `@`, or a `/` that is
 * not the `//` of a URL scheme, so `mailjet+api://KEY:SECRET@default` still counts).
 */
export const START = String.raw`(?<![\w#@.-])(?<!(?<!:\/)\/)`;
/** A token ends here: no word character or `-` follows. */
export const END = String.raw`(?![\w-])`;
/** Same boundaries for base64 tokens, whose alphabet includes `+` and `/`. */
export const B64_START = String.raw`(?<![A-Za-z0-9+/_-])`;
export const B64_END = String.raw`(?![A-Za-z0-9+/=_-])`;

export const hex = (n: number | string): string => `[0-9a-f]{${n}}`;
export const UUID = String.raw`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`;

/** A bare token between boundaries. */
export const bare = (body: string): string => `${START}${body}${END}`;

/** Lines that name the credential but hold no secret: every rule must ignore them. */
export function placeholderLines(envVar: string): string[] {
  return [
    `${envVar}=`,
    `${envVar}=\${${envVar}}`,
    `${envVar}=your-api-key`,
    `${envVar}=<${envVar}>`,
    `${envVar}=changeme`,
    `${envVar}: "****************"`,
    `const key = process.env.${envVar};`,
    `key = os.environ["${envVar}"]`,
    `api_key = ENV.fetch("${envVar}")`,
    `  ${envVar}: \${{ secrets.${envVar} }}`,
  ];
}
