import { expect, test } from 'vitest';
import { opensslText } from '../../src/probes/lib/openssl-text.js';

// Messages as Node 20's OpenSSL writes them: the error-queue prefix and the build's source paths go.
test.for([
  ['C0D7E8C1A17F0000:error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol:../deps/openssl/openssl/ssl/statem/statem_lib.c:1986:', 'unsupported protocol'],
  ['C0A7E8C1A17F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1593:SSL alert number 70\n', 'tlsv1 alert protocol version: SSL alert number 70'],
  ['the TLS handshake failed: 40C7ABCD12340000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 40', 'the TLS handshake failed: sslv3 alert handshake failure: SSL alert number 40'],
  ['Client network socket disconnected before secure TLS connection was established', 'Client network socket disconnected before secure TLS connection was established'],
] as const)('%s', ([raw, clean]) => {
  expect(opensslText(raw)).toBe(clean);
});
