// Checks what the user typed for an input against its format; the message says what fits.
import type { InputDef } from '../tree/types.js';

const HOST = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]+\]?$/;

/** Why a value does not fit the input, or undefined when it does. */
export function checkInput(def: InputDef, raw: string): string | undefined {
  const value = def.secret ? raw : raw.trim();
  if (value === '') return def.optional ? undefined : `${def.ask}: a value is needed${def.example ? ` (for example ${def.example})` : ''}`;
  const example = def.example ? `, for example ${def.example}` : '';
  switch (def.format) {
    case 'hostname':
      if (/^https?:\/\//i.test(value)) return `type the host name only, without "https://"${example}`;
      if (value.includes('/')) return `type the host name only, without a path such as /owa${example}`;
      return HOST.test(value) || IPV4.test(value) || (value.includes(':') && IPV6.test(value)) ? undefined : `"${value}" is not a host name${example}`;
    case 'host-port': {
      const m = /^(.*?)(?::(\d+))?$/.exec(value);
      const host = m?.[1] ?? '';
      const port = m?.[2];
      if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `port ${port} is out of range (1-65535)`;
      return HOST.test(host) || IPV4.test(host) || IPV6.test(host) ? undefined : `"${value}" is not HOST or HOST:PORT${example}`;
    }
    case 'email':
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : `"${value}" is not an e-mail address${example}`;
    case 'url':
      try {
        const u = new URL(value);
        return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : `"${value}" is not an http(s) address`;
      } catch {
        return `"${value}" is not a URL${example}`;
      }
    case 'domain':
      return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(value) ? undefined : `"${value}" is not a domain name (NetBIOS like CONTOSO, or DNS like contoso.local)${example}`;
    case 'user':
      return /\s/.test(value) ? `"${value}" holds spaces; type the logon name${example}` : undefined;
    default:
      return undefined;
  }
}
