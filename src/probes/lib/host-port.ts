// How a host and port read in messages: `mail.contoso.com:443`, `10.0.0.25:443`, `[::1]:443`.
import { isIP } from 'node:net';

/** `HOST:PORT`, with an IPv6 address in brackets as in a URL. */
export function hostPort(host: string, port: number | string): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
