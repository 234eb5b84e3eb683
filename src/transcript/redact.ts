// The one redactor. Passwords are never recorded at all (the session keeps them in memory);
// as a second line of defence, any secret a probe was given is scrubbed from whatever is
// written. `--redact` masks user names, host names, IP addresses and e-mail addresses
// consistently: the same value gets the same mask everywhere in one transcript.

/** Turns text into text safe to hand out; stateful so masks stay consistent. */
export interface Redactor {
  /** Redacts free text. */
  text(value: string): string;
  /** Redacts a value known to be of a kind (an input's format, an evidence field). */
  value(value: string, kind: MaskKind): string;
}

/** What a masked value was. */
export type MaskKind = 'user' | 'host' | 'ip' | 'email' | 'domain';

/** Marks where a secret stood. */
export const SECRET_MASK = '[secret]';

/** Replaces every occurrence of the secrets in every string of a JSON value. */
export function scrubSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  if (secrets.size === 0) return value;
  const list = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return mapStrings(value, (s) => {
    let out = s;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
    return out;
  });
}

/** Applies `f` to every string (values, not keys) in a JSON value; returns a copy. */
export function mapStrings<T>(value: T, f: (s: string, key: string | undefined) => string, key?: string): T {
  if (typeof value === 'string') return f(value, key) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f, k);
    return out as T;
  }
  return value;
}
