/** Reading and writing `.env`-style text: `KEY=value` lines, `export` allowed, `#` comments. */

const ENTRY = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s?(.*)$/;

export interface DotenvEntry {
  key: string;
  value: string;
}

export function parseDotenv(text: string): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    const m = ENTRY.exec(line);
    if (m && line.includes('=')) entries.push({ key: m[1]!, value: unquote(m[2]!.trim()) });
  }
  return entries;
}

/** The key a `KEY=value` (or `KEY: value`) line assigns, if it is one. */
export function keyOfLine(line: string): string | undefined {
  const m = ENTRY.exec(line.replace(/^…/, ''));
  return m?.[1];
}

function unquote(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2) {
    const close = value.indexOf(q, 1);
    if (close > 0) return value.slice(1, close);
  }
  return value.replace(/\s+#.*$/, '');
}

/** A placeholder no scanner mistakes for a key: `MAILGUN_API_KEY` → `your-mailgun-api-key`. */
export function placeholderFor(key: string): string {
  return `your-${key.toLowerCase().replace(/[_.]+/g, '-')}`;
}

/** One `KEY=value` line; quoted only when the value needs it (single quotes keep it literal in dotenv parsers). */
export function dotenvLine(key: string, value: string): string {
  if (/^[\w./:@+=,-]*$/.test(value)) return `${key}=${value}`;
  if (!value.includes("'")) return `${key}='${value}'`;
  return `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
