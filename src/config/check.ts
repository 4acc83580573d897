/**
 * Small composable validators for JSON config. Each returns the first problem as "<path>: <what is wrong>"
 * (path like `customRules[0].pattern`), or null. Objects reject keys their table does not list.
 */

export type Check = (value: unknown, path: string) => string | null;

export interface Field {
  check: Check;
  required?: boolean;
}

/** A table of the keys an object may have: a bare Check is an optional field. */
export type Fields = Record<string, Check | Field>;

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function problem(path: string, text: string): string {
  return path ? `${path}: ${text}` : text;
}

export const string: Check = (v, path) => (typeof v === 'string' ? null : problem(path, 'must be a string'));

export const nonEmptyString: Check = (v, path) =>
  typeof v === 'string' && v.trim() !== '' ? null : problem(path, 'must be a non-empty string');

export const boolean: Check = (v, path) => (typeof v === 'boolean' ? null : problem(path, 'must be true or false'));

export function matching(regex: RegExp, what: string): Check {
  return (v, path) => (typeof v === 'string' && regex.test(v) ? null : problem(path, `must be ${what}`));
}

export function number(min: number, max: number): Check {
  return (v, path) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? null : problem(path, `must be a number from ${min} to ${max}`);
}

export function oneOf(values: readonly string[]): Check {
  return (v, path) =>
    typeof v === 'string' && values.includes(v) ? null : problem(path, `must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
}

export function arrayOf(item: Check): Check {
  return (v, path) => {
    if (!Array.isArray(v)) return problem(path, 'must be an array');
    for (const [i, x] of v.entries()) {
      const p = item(x, `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  };
}

/** A field that exists in the schema but is refused here, with the reason. */
export function refused(why: string): Check {
  return (_v, path) => problem(path, why);
}

/** Either of two shapes; the message of the second is shown when neither fits. */
export function either(a: Check, b: Check): Check {
  return (v, path) => (a(v, path) === null ? null : b(v, path));
}

export function object(fields: Fields, what = 'an object'): Check {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return problem(path, `must be ${what}`);
    const obj = v as Record<string, unknown>;
    for (const [key, value] of Object.entries(obj)) {
      const field = fields[key];
      if (!field) return problem(at(path, key), `is not a known setting (known: ${Object.keys(fields).join(', ')})`);
      const p = (typeof field === 'function' ? field : field.check)(value, at(path, key));
      if (p) return p;
    }
    for (const [key, field] of Object.entries(fields)) {
      if (typeof field !== 'function' && field.required && !(key in obj)) return problem(at(path, key), 'is missing');
    }
    return null;
  };
}

/** A JavaScript regular expression source that compiles and cannot match the empty string. */
export const regexSource: Check = (v, path) => {
  if (typeof v !== 'string' || v === '') return problem(path, 'must be a regular expression (a non-empty string)');
  let regex: RegExp;
  try {
    regex = new RegExp(v, 'g');
  } catch (err) {
    const why = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return problem(path, `invalid regex (${why})`);
  }
  if (regex.test('')) return problem(path, 'the regex matches an empty string');
  const nested = nestedRepeat(v);
  if (nested !== null) {
    return problem(path, `a repeated group holds a repeat (${nested}): that can take exponential time on a hostile line; bound one of them, e.g. {1,64}`);
  }
  return null;
};

/**
 * The first group that repeats without bound (`*`, `+`, `{n,}`) while holding an unbounded repeat itself,
 * as in `(a+)+` or `(?:\w*,)*`, or null. A rule's regex runs on every line with its keywords, in the hook, and
 * such a pattern can backtrack exponentially: refused, rather than trusted to be benign.
 */
export function nestedRepeat(source: string): string | null {
  const open: Array<{ start: number; repeats: boolean }> = [];
  let top = { repeats: false };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') open.push({ start: i, repeats: false });
    else if (c === ')' && open.length > 0) {
      const group = open.pop()!;
      const unbounded = unboundedAt(source, i + 1);
      if (unbounded && group.repeats) return source.slice(group.start, i + 1 + unbounded);
      const parent = open.at(-1) ?? top;
      parent.repeats ||= group.repeats || unbounded > 0;
    } else if (unboundedAt(source, i) > 0) (open.at(-1) ?? top).repeats = true;
  }
  return null;
}

/** Length of an unbounded quantifier (`*`, `+`, `{n,}`, lazy or not) at `i`, or 0. */
function unboundedAt(source: string, i: number): number {
  const m = /^(?:[*+]|\{\d+,\})\??/.exec(source.slice(i, i + 24));
  return m ? m[0].length : 0;
}

/** Index of the `]` closing the character class opened at `i`. */
function classEnd(source: string, i: number): number {
  for (let j = i + 1; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === ']' && j > i + 1) return j;
  }
  return source.length;
}
