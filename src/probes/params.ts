// Turns `key=value` strings into typed probe parameters, checked against the descriptor's
// ParamSpec. Every problem is collected, then reported together, each with its fix.
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { suggest } from '../util/suggest.js';
import type { ParamSpec, ProbeDescriptor, ProbeParams } from './types.js';

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

/** True for a DNS name or an IP address. */
export function isHostname(s: string): boolean {
  return isIP(s) !== 0 || HOSTNAME.test(s);
}

/** One value checked and coerced; a string is the error's message. */
export function coerceParam(name: string, spec: ParamSpec, raw: string, cwd: string): { value: string | number | boolean } | { error: string } {
  const bad = (what: string) => ({ error: `${name}: "${raw}" is not ${what}` });
  if (spec.values && !spec.values.includes(raw)) {
    const hint = suggest(raw, spec.values);
    return { error: `${name}: "${raw}" is not allowed; must be one of: ${spec.values.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}` };
  }
  switch (spec.type) {
    case 'string':
      return { value: raw };
    case 'hostname':
      return isHostname(raw) ? { value: raw } : bad('a host name or IP address (e.g. mail.contoso.com, without https:// or a path)');
    case 'ip':
      return isIP(raw.replace(/^\[(.*)\]$/, '$1')) ? { value: raw.replace(/^\[(.*)\]$/, '$1') } : bad('an IP address (e.g. 10.0.0.25 or ::1)');
    case 'host-port': {
      const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw) ?? /^([^:]+)(?::(\d+))?$/.exec(raw);
      const host = m?.[1] ?? raw;
      const port = m?.[2];
      if (!(isHostname(host) || isIP(raw) === 6) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) return bad('HOST or HOST:PORT (e.g. 10.0.0.53 or 127.0.0.1:5353 or [::1]:53)');
      return { value: raw };
    }
    case 'port': {
      const n = Number(raw);
      return /^\d+$/.test(raw) && n >= 1 && n <= 65535 ? { value: n } : bad('a port number (1-65535)');
    }
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? { value: n } : bad('a number');
    }
    case 'boolean':
      if (/^(true|yes|1|on)$/i.test(raw)) return { value: true };
      if (/^(false|no|0|off)$/i.test(raw)) return { value: false };
      return bad('true or false');
    case 'path':
      return raw ? { value: isAbsolute(raw) ? raw : resolve(cwd, raw) } : bad('a file path');
    case 'email':
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(raw) ? { value: raw } : bad('an e-mail address (user@contoso.com)');
    case 'duration': {
      const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(raw);
      if (!m) return bad('a duration (500ms, 5s, 2m, or milliseconds)');
      const factor = m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1;
      return { value: Math.round(Number(m[1]) * factor) };
    }
  }
}

/**
 * Checks `raw` against the descriptor: unknown names (with "did you mean"), missing required
 * ones, values of the wrong type. Defaults fill what is not given.
 */
export function coerceParams(d: ProbeDescriptor, raw: Readonly<Record<string, string>>, cwd: string): { params: ProbeParams; errors: string[] } {
  const errors: string[] = [];
  const params: ProbeParams = {};
  const known = Object.keys(d.params);
  for (const [name, value] of Object.entries(raw)) {
    const spec = d.params[name];
    if (!spec) {
      if (d.secrets?.[name]) {
        errors.push(`${name}: secrets are never taken from the command line; ${name === 'password' ? 'you will be asked, or set EAS_DOCTOR_PASSWORD' : 'set EAS_DOCTOR_KEY_PASSPHRASE or answer the prompt'}`);
        continue;
      }
      // suggest() counts a swap of two letters as two edits; "hots" should still find "host".
      const sorted = (s: string) => [...s.toLowerCase()].sort().join('');
      const hint = suggest(name, known) ?? known.find((k) => sorted(k) === sorted(name));
      errors.push(`unknown parameter "${name}" for ${d.id}${hint ? `; did you mean "${hint}"?` : '.'} Valid parameters: ${known.join(', ')}`);
      continue;
    }
    const r = coerceParam(name, spec, value, cwd);
    if ('error' in r) errors.push(r.error);
    else params[name] = r.value;
  }
  for (const [name, spec] of Object.entries(d.params)) {
    if (params[name] !== undefined || raw[name] !== undefined) continue;
    if (spec.default !== undefined) params[name] = spec.default;
    else if (spec.required) errors.push(`missing parameter "${name}" (${spec.doc}): add --param ${name}=...`);
  }
  return { params, errors };
}
