// c-ares error codes as the DNS probes' classifications.

/** How a failed DNS query reads: the name is absent, the type is, or the server failed us. */
export function classifyDnsError(code: string | undefined): 'nxdomain' | 'no-records' | 'servfail' | 'timeout' | 'error' {
  switch (code) {
    case 'ENOTFOUND':
      return 'nxdomain';
    case 'ENODATA':
      return 'no-records';
    case 'ESERVFAIL':
    case 'EREFUSED':
    case 'EBADRESP':
    case 'EFORMERR':
      return 'servfail';
    case 'ETIMEOUT':
    case 'ECANCELLED':
    case 'ECONNREFUSED':
      return 'timeout';
    default:
      return 'error';
  }
}
