import { uploadMediaType } from '@openseal/contract';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { as, type Session } from './identity-fixture.ts';

/**
 * Stages `bytes` as `name` through POST /api/uploads for the session's user (typed by the file's
 * extension unless `mediaType` is given) and returns the upload's id, to name in a JSON body.
 */
export async function uploadFor(
  app: FastifyInstance,
  session: Session,
  name: string,
  bytes: Uint8Array,
  mediaType = uploadMediaType(name, ''),
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/uploads?name=${encodeURIComponent(name)}`,
    headers: { ...as(session).headers, 'content-type': mediaType ?? 'application/octet-stream' },
    payload: Buffer.from(bytes),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
