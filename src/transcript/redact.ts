// The one redactor. Passwords are never recorded at all (the session keeps them in memory);
// as a second line of defence, any secret a probe was given is scrubbed from whatever is
// written. `--redact` masks user names, host names, IP addresses and e-mail addresses
// consistently: the same value gets the same mask everywhere in one transcript.
import { replaceMarked } from './marks.js';
import type { Transcript } from './model.js';

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

const ALLOWED_HOSTS = /(^|\.)(microsoft\.com|office365\.com|office\.com|microsoftonline\.com|outlook\.com|windows\.com|windows\.net|live\.com|apple\.com|google\.com|android\.com|digicert\.com|letsencrypt\.org|example\.invalid|example\.com|example\.org|example\.net)$/i;
const FILE_EXTENSIONS = new Set(
  'txt log yaml yml json jsonl md html htm ps1 psm1 psd1 exe dll xml config aspx asmx ashx svc cer crt pem pfx p12 key csr msi js mjs ts zip cab cmd bat sh ini cfg csv evtx etl png jpg gif svg pdf docx xlsx reg'.split(' '),
);
/** Top-level domains that make a two-label name (`contoso.com`) a host; any two-letter one does too. */
const TLDS = new Set('com net org edu gov mil int info biz name pro io app dev cloud online site tech local lan corp internal intranet intra home test example invalid localhost'.split(' '));
/** Built-in account domains that name no one (`NT AUTHORITY\SYSTEM`, `IIS APPPOOL\...`), by their last word. */
const BUILTIN_DOMAINS = new Set(['authority', 'apppool', 'builtin', 'service', 'manager', 'host', 'nt']);
/** Evidence and input fields that hold a user name. */
const USER_KEYS = /^(user|username|user_name|upn|account|login|logon|operator|samaccountname)$/i;

const EMAIL = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;
const DOMAIN_USER = String.raw`(?<![\w\\])[A-Za-z][A-Za-z0-9-]{0,14}\\[A-Za-z0-9._$-]{1,64}(?![\w\\])`;
const IPV4 = String.raw`(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)`;
const H = '[0-9A-Fa-f]{1,4}';
const IPV6 = String.raw`(?<![\w:\].])(?:(?:${H}:){7}${H}|(?:${H}:){1,6}:(?:${H}(?::${H})*)?|::(?:${H}(?::${H})*))(?![\w:])`;
const HOST = String.raw`(?<![\w.$@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9](?![\w-]|\.[A-Za-z0-9])`;

/**
 * A redactor that masks user names, host names, IP addresses and e-mail addresses. Values
 * given through `known` (inputs with their formats) are masked wherever they appear, in any
 * letter case; others are found by pattern. Every mask is numbered per kind in order of
 * first appearance, so the same value gets the same mask across the whole transcript.
 */
export function maskingRedactor(opts: { keep?: Iterable<string> } = {}): Redactor & { learn(value: string, kind: MaskKind): void } {
  /** Dotted words that are never names (probe ids). */
  const keep = new Set(opts.keep ?? []);
  const masks = new Map<string, string>();
  const counters: Record<MaskKind, number> = { user: 0, host: 0, ip: 0, email: 0, domain: 0 };
  const known = new Map<string, MaskKind>();
  let knownRe: RegExp | undefined;

  const maskOf = (value: string, kind: MaskKind): string => {
    const key = `${kind}:${value.toLowerCase()}`;
    let m = masks.get(key);
    if (!m) {
      const n = ++counters[kind];
      m = kind === 'email' ? `email-${n}@example.invalid` : `${kind}-${n}`;
      masks.set(key, m);
    }
    return m;
  };

  const value = (v: string, kind: MaskKind): string => {
    if (v === '') return v;
    switch (kind) {
      case 'host': {
        const hp = /^(\[[^\]]+\]|[^:]+)(:\d+)?$/.exec(v);
        const host = hp?.[1] ?? v;
        const port = hp?.[2] ?? '';
        if (ALLOWED_HOSTS.test(host)) return v;
        const ipv4 = new RegExp(`^${IPV4}$`).test(host);
        return maskOf(host, ipv4 || host.startsWith('[') ? 'ip' : 'host') + port;
      }
      case 'user': {
        if (v.includes('@')) return maskOf(v, 'email');
        const slash = v.indexOf('\\');
        if (slash > 0) return `${maskOf(v.slice(0, slash), 'domain')}\\${maskOf(v.slice(slash + 1), 'user')}`;
        return maskOf(v, 'user');
      }
      default:
        return maskOf(v, kind);
    }
  };

  const learn = (v: string, kind: MaskKind) => {
    const t = v.trim();
    if (t === '') return;
    if (kind === 'user' && t.includes('\\')) {
      // DOMAIN\user: the whole (masked by parts) and each part on its own.
      known.set(t.toLowerCase(), 'user');
      const [d = '', u = ''] = t.split('\\');
      learn(d, 'domain');
      learn(u, 'user');
      return;
    }
    if (kind === 'user' && t.includes('@')) kind = 'email';
    // Very short names would mask ordinary words; they are still masked where they stand as values.
    if ((kind === 'user' || kind === 'domain') && t.length < 3) return;
    known.set(t.toLowerCase(), kind);
    knownRe = undefined;
  };

  const pattern = () => {
    if (knownRe) return knownRe;
    const words = [...known.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
    const k = words.length ? `(?<known>(?<![\\w.@-])(?:${words.join('|')})(?![\\w@-]|\\.[A-Za-z0-9]))|` : '';
    // DOMAIN\\user first: a learned domain must not take the domain half and leave the user.
    knownRe = new RegExp(`(?<du>${DOMAIN_USER})|${k}(?<email>${EMAIL})|(?<ip6>${IPV6})|(?<ip4>${IPV4})|(?<host>${HOST})`, 'gi');
    return knownRe;
  };

  const one = (m: string, g: Record<string, string | undefined>): string => {
    if (g.known) {
      const kind = known.get(m.toLowerCase())!;
      return kind === 'host' || kind === 'user' ? value(m, kind) : maskOf(m, kind);
    }
    if (g.email) return ALLOWED_HOSTS.test(m.slice(m.indexOf('@') + 1)) ? m : maskOf(m, 'email');
    if (g.du) {
      const [d = '', u = ''] = m.split('\\');
      return BUILTIN_DOMAINS.has(d.toLowerCase()) ? m : `${maskOf(d, 'domain')}\\${maskOf(u, 'user')}`;
    }
    if (g.ip6) return maskOf(m, 'ip');
    if (g.ip4) return m.split('.').every((o) => Number(o) <= 255) ? maskOf(m, 'ip') : m;
    if (g.host) {
      const labels = m.split('.');
      const tld = labels[labels.length - 1]!.toLowerCase();
      if (FILE_EXTENSIONS.has(tld) || ALLOWED_HOSTS.test(m) || m !== m.toLowerCase() || keep.has(m)) return m;
      // `a.b` is as often a probe id or a property as a host: only a known top-level domain makes it one.
      if (labels.length === 2 && !(tld.length === 2 || TLDS.has(tld))) return m;
      return maskOf(m, 'host');
    }
    return m;
  };
  // Marked text (a value typed into author text, see marks.ts) is matched as if it had no marks.
  const text = (s: string): string =>
    s.includes('\ufdd0') ? replaceMarked(s, pattern(), (m) => one(m[0], m.groups ?? {})) : s.replace(pattern(), (m: string, ...args: unknown[]) => one(m, args[args.length - 1] as Record<string, string | undefined>));

  return { text, value, learn };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How an input's format maps to a mask kind; undefined for formats that hold no name. */
export function maskKindOf(format: string): MaskKind | undefined {
  switch (format) {
    case 'hostname':
    case 'host-port':
      return 'host';
    case 'email':
      return 'email';
    case 'user':
      return 'user';
    case 'domain':
      return 'domain';
    default:
      return undefined;
  }
}

/** Does a JSON key name a user field? */
export const isUserKey = (key: string | undefined) => key !== undefined && USER_KEYS.test(key);

/** Fields that hold ids, keys and enums, never a name: left as they are. */
const STRUCTURAL = new Set(['format', 'version', 'hash', 'node', 'tree', 'kind', 'status', 'at', 'startedAt', 'endedAt', 'lastActivityAt', 'shell', 'probe', 'classification', 'verdict', 'answer', 'name', 'result', 'ticket', 'id']);

/**
 * Masks a transcript for handing out: learns the inputs' values by format first, so a host
 * typed once is `host-1` in the questions, the commands, the evidence and the diagram alike.
 */
export function redactTranscript(t: Transcript, r = maskingRedactor({ keep: t.evidence.map((e) => e.probe) })): Transcript {
  for (const i of t.inputs) {
    if (i.value === undefined) continue;
    if (i.format === 'url') {
      try {
        r.learn(new URL(i.value).hostname, 'host');
      } catch {
        // not a URL after all; patterns still apply
      }
      continue;
    }
    const kind = maskKindOf(i.format);
    if (kind === 'host') r.learn(i.value.replace(/:\d+$/, ''), 'host');
    else if (kind) r.learn(i.value, kind);
  }
  if (t.session.operator) r.learn(t.session.operator, 'user');
  // Inputs first, so masks are numbered in the order the values were typed.
  const inputs = t.inputs.map((i) => {
    const kind = maskKindOf(i.format);
    return i.value !== undefined && kind ? { ...i, value: r.value(i.value, kind) } : i.value !== undefined && i.format === 'url' ? { ...i, value: r.text(i.value) } : i;
  });
  const operator = t.session.operator !== undefined ? r.value(t.session.operator, 'user') : undefined;
  const structured = (s: string, key: string | undefined) => (key !== undefined && STRUCTURAL.has(key) ? s : free(s, key));
  const free = (s: string, key: string | undefined) => (isUserKey(key) ? r.value(s, 'user') : r.text(s));
  const out: Transcript = mapStrings({ ...t, inputs: [], evidence: [] } as Transcript, structured);
  out.inputs = inputs;
  // Probe evidence is free-form: every field is redacted, whatever its name.
  out.evidence = t.evidence.map(({ params, evidence, ...rest }) => ({ ...mapStrings(rest, structured), params: mapStrings(params, free), evidence: mapStrings(evidence, free) }));
  if (operator !== undefined) out.session.operator = operator;
  out.session.redacted = true;
  return out;
}
