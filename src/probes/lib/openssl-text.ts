// OpenSSL's error strings as a helpdesk should read them: without the error-queue prefix
// ("C0D7E8C1A17F0000:error:0A000102:SSL routines:ssl_choose_client_version:") and without the
// build's source paths ("../deps/openssl/openssl/ssl/statem/statem_lib.c:1986:").

/** The readable part of an OpenSSL error message, on one line. */
export function opensslText(message: string): string {
  return (message.split('\n')[0] ?? '')
    .replace(/(?:^|\b)[0-9A-F]{8,}:error:[0-9A-F]+:[^:]*:(?:[^:]*:)?/gi, '')
    .replace(/:?\s*[^\s:]*\/[^\s:/]+\.[ch]:\d+:?/g, ': ')
    .replace(/\s*:\s*:\s*/g, ': ')
    .replace(/[:\s]+$/, '')
    .trim();
}
