// How a user name is sent with Basic authentication, and how it reads in hints.

/** `DOMAIN\user` when a domain is given for a bare name; a UPN or DOMAIN\user stays as typed. */
export function basicUserName(user: string, domain: string | undefined): string {
  if (!domain || user.includes('\\') || user.includes('@')) return user;
  return `${domain}\\${user}`;
}

/** Which form the name has, for the DOMAIN\user-vs-UPN hint (seed 000: a missing domain). */
export function userFormat(user: string): 'upn' | 'down-level' | 'bare' {
  if (user.includes('\\')) return 'down-level';
  if (user.includes('@')) return 'upn';
  return 'bare';
}

/** The Authorization header value for Basic. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** One sentence on the other name forms to try after a refused logon. */
export function nameHint(user: string): string {
  switch (userFormat(user)) {
    case 'bare':
      return `"${user}" has no domain: try DOMAIN\\${user} or the full UPN (${user}@your-domain), or set a default domain for Basic authentication on the server`;
    case 'down-level':
      return `try the UPN form (user@domain) instead of "${user}"; Office 365 and hybrid need the full UPN`;
    case 'upn':
      return `check the password; if it is right, try DOMAIN\\user instead of "${user}"`;
  }
}
