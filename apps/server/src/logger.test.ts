import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger.ts';

describe('logger redaction', () => {
  it('censors credentials in request headers and secret-named fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.info({ req: { headers: { authorization: 'Bearer abc123', cookie: 'sid=s3cr3t' } } }, 'request');
    log.info(
      { user: { name: 'alice', password: 'hunter2' }, passphrase: 'pp-xyz', seal: { key: 'k-123' } },
      'x',
    );
    const out = lines.join('');
    for (const secret of ['abc123', 's3cr3t', 'hunter2', 'pp-xyz', 'k-123'])
      expect(out).not.toContain(secret);
    expect(out).toContain('alice');
    expect(out).toContain('[redacted]');
  });
});
