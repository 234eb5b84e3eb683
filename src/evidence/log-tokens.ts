// The `Log=` parameter Exchange appends to cs-uri-query: `_`-separated tokens such as
// `V121`, `Error:DeviceNotProvisioned`, `As:BlockedP`, `Mbx:MB.DOMAIN.LOCAL`, `S143`.

/** Every token of a `Log=` value, for evidence and tests (the reader's hot path uses `readHotTokens`). */
export interface LogTokens {
  /** `V121` -> `121` (EAS protocol version 12.1). */
  version?: string;
  error?: string;
  as?: string;
  /** EAS status from `S<nnn>`. */
  easStatus?: string;
  policyKey?: string;
  mailboxServer?: string;
  domainController?: string;
  proxyFrom?: string;
  hostHeader?: string;
  smtpAddress?: string;
  deviceOs?: string;
  throttle?: string;
  /** Every other `Name:value` or `NameNNN` token, by name. */
  other: Record<string, string>;
}

const NAMED: Readonly<Record<string, keyof Omit<LogTokens, 'other'>>> = {
  Error: 'error',
  As: 'as',
  Mbx: 'mailboxServer',
  Dc: 'domainController',
  PrxFrom: 'proxyFrom',
  HH: 'hostHeader',
  SmtpAdrs: 'smtpAddress',
  DevOS: 'deviceOs',
  Pk: 'policyKey',
  Throttle: 'throttle',
};

/** Splits a `Log=` value into tokens; unknown tokens land in `other`, nothing throws. */
export function parseLogTokens(value: string): LogTokens {
  const tokens: LogTokens = { other: {} };
  for (const token of value.split('_')) {
    if (token === '') continue;
    const colon = token.indexOf(':');
    let name: string;
    let val: string;
    if (colon > 0) {
      name = token.slice(0, colon);
      val = token.slice(colon + 1);
    } else {
      const m = /^([A-Za-z]+)(.*)$/.exec(token);
      name = m?.[1] ?? token;
      val = m?.[2] ?? '';
    }
    const key = NAMED[name];
    if (key) tokens[key] = safeDecode(val);
    else if (name === 'V' && /^\d+$/.test(val)) tokens.version = val;
    else if (name === 'S' && /^\d+$/.test(val)) tokens.easStatus = val;
    else tokens.other[name] = val;
  }
  return tokens;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Where the few tokens the reader needs sit in the text (start/end offsets; equal when absent). */
export interface HotTokens {
  errS: number;
  errE: number;
  asS: number;
  asE: number;
  easS: number;
  easE: number;
  mbxS: number;
  mbxE: number;
  prxS: number;
  prxE: number;
}

/**
 * Finds the hot tokens of the `Log=` value b[start..end) without making strings: one walk
 * over the `_` separators, looking only at each token's first bytes. Returns false when the
 * value has a backslash (`\_` is how web pages escape `_`) or a space (the line has more
 * fields than its header): the line needs repair.
 */
export function readHotTokens(b: Uint8Array, start: number, end: number, out: HotTokens): boolean {
  out.errS = out.errE = out.asS = out.asE = out.easS = out.easE = out.mbxS = out.mbxE = out.prxS = out.prxE = 0;
  let clean = true;
  let p = start;
  while (p < end) {
    let q = p;
    for (let x = b[q]; q < end && x !== 95 /* _ */; x = b[++q]) if (x === 92 || x === 32) clean = false;
    if (q > p) {
      const c = b[p];
      if (c === 69 /* E */ && b[p + 5] === 58 && b[p + 1] === 114 && b[p + 4] === 114 /* Error: */) {
        out.errS = p + 6;
        out.errE = q;
      } else if (c === 65 /* A */ && b[p + 1] === 115 && b[p + 2] === 58 /* As: */) {
        out.asS = p + 3;
        out.asE = q;
      } else if (c === 83 /* S */) {
        const d = b[p + 1]!;
        if (d >= 48 && d <= 57 && isDigits(b, p + 1, q)) {
          out.easS = p + 1;
          out.easE = q;
        }
      } else if (c === 77 /* M */ && b[p + 1] === 98 && b[p + 2] === 120 && b[p + 3] === 58 /* Mbx: */) {
        out.mbxS = p + 4;
        out.mbxE = q;
      } else if (c === 80 /* P */ && b[p + 7] === 58 && b[p + 1] === 114 && b[p + 3] === 70 /* PrxFrom: */) {
        out.prxS = p + 8;
        out.prxE = q;
      }
    }
    p = q + 1;
  }
  return clean;
}

function isDigits(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) return false;
  }
  return true;
}
