// `cs-username` and `User=` forms: DOMAIN\user, domain.local\user, user@domain, user.
import type { UsernameForm } from './types.js';

/** How a logged user name is written. `-` (anonymous) and empty are `none`. */
export function usernameForm(raw: string): UsernameForm {
  const name = decodeLogValue(raw);
  if (name === '' || name === '-') return 'none';
  const slash = name.lastIndexOf('\\');
  if (slash >= 0) return name.slice(0, slash).replace(/\\+$/, '').includes('.') ? 'fqdn' : 'netbios';
  if (name.includes('@')) return 'upn';
  return 'bare';
}

/**
 * The name a story is filed under: lower case, without a `DOMAIN\` prefix (so `DOMAIN\user`
 * and `domain.local\user` are one user). UPNs stay whole: their prefix may differ from the
 * account name.
 */
export function canonicalUser(raw: string): string {
  const name = decodeLogValue(raw).trim().toLowerCase();
  if (name === '-') return '';
  const slash = name.lastIndexOf('\\');
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/** Whether a `--user` filter names this canonical user: whole name, or a UPN's local part. */
export function userMatches(canonical: string, wanted: string): boolean {
  const want = canonicalUser(wanted);
  if (want === '' || canonical === '') return false;
  if (canonical === want) return true;
  const at = canonical.indexOf('@');
  const wantAt = want.indexOf('@');
  return (at > 0 && wantAt < 0 && canonical.slice(0, at) === want) || (wantAt > 0 && at < 0 && want.slice(0, wantAt) === canonical);
}

/**
 * Decodes a logged value: `%xx` escapes (as UTF-8) and `+` for space. The reader decodes bytes
 * as latin1 for speed, so the value is first turned back into bytes.
 */
export function decodeLogValue(raw: string): string {
  // The usual value has nothing to decode: one test, not three (this runs for every user and device).
  if (!/[\u0080-\u00ff%+]/.test(raw)) return raw;
  let text = raw;
  if (/[\u0080-\u00ff]/.test(text)) text = Buffer.from(text, 'latin1').toString('utf8');
  if (!text.includes('%') && !text.includes('+')) return text;
  text = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}
