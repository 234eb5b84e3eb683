// The MobileSync Autodiscover request and a tolerant reader for its response (MS-OXDISCO,
// mobilesync schema 2006). Regular expressions suffice: we read three elements, not XML.

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006';
const RESPONSE_NS = 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
/**
 * XML's five named entities and numeric references (`&#10;`, `&#x1b;`), in one pass so `&amp;lt;`
 * stays `&lt;`. A reference to no valid code point is kept as written. What it decodes to is
 * still untrusted: it reaches the terminal through safeText like any server text.
 */
const unescape = (s: string) =>
  s
    .replace(/&(?:#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|(lt|gt|quot|apos|amp));/g, (whole, dec?: string, hex?: string, name?: string) => {
      if (name) return NAMED[name]!;
      const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? whole : String.fromCodePoint(cp);
    })
    .trim();

/** The request body a device POSTs. */
export function autodiscoverRequest(email: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="${REQUEST_NS}">
  <Request>
    <EMailAddress>${escape(email)}</EMailAddress>
    <AcceptableResponseSchema>${RESPONSE_NS}</AcceptableResponseSchema>
  </Request>
</Autodiscover>
`;
}

/** What a response says: the MobileSync URL, a redirect to another address, or an error. */
export interface AutodiscoverAnswer {
  url?: string;
  name?: string;
  redirectAddr?: string;
  error?: { code?: string; message?: string };
}

const el = (name: string) => new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`, 'i');
const all = (name: string) => new RegExp(el(name).source, 'gi');

/** Reads a response body; undefined when it is not an Autodiscover response at all. */
export function parseAutodiscover(xml: string): AutodiscoverAnswer | undefined {
  if (!/<(?:[\w-]+:)?Autodiscover[\s>]/i.test(xml)) return undefined;
  for (const m of xml.matchAll(all('Server'))) {
    const block = m[1]!;
    const type = el('Type').exec(block)?.[1];
    const url = el('Url').exec(block)?.[1];
    if (type && /MobileSync/i.test(type) && url) return { url: unescape(url), name: el('Name').exec(block)?.[1] && unescape(el('Name').exec(block)![1]!) };
  }
  const action = el('Action').exec(xml)?.[1];
  const redirect = action ? el('Redirect').exec(action)?.[1] : undefined;
  if (redirect) return { redirectAddr: unescape(redirect) };
  const error = el('Error').exec(xml)?.[1];
  if (error !== undefined) {
    const code = el('ErrorCode').exec(error)?.[1] ?? el('Status').exec(error)?.[1];
    const message = el('Message').exec(error)?.[1];
    return { error: { code: code && unescape(code), message: message && unescape(message) } };
  }
  return {};
}
