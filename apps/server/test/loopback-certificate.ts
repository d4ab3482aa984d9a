import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A throw-away self-signed certificate for 127.0.0.1 (P-256, one day), written into `dir` by
 * OpenSSL, so a test server's TLS is checked against a real handshake. Returns the two PEM paths.
 */
export function loopbackCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const req = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (req.status !== 0) throw new Error(`openssl req failed: ${req.stderr}`);
  return { cert, key };
}
