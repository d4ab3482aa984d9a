import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import { type VerificationContext, verifyUpload } from './verification-service.ts';

export interface VerificationRoutesOptions extends VerificationContext {
  /** Verifications per client IP per window; default 30 per minute. */
  verifyLimit?: { maxAttempts: number; windowMs: number };
}

/**
 * POST /api/public/verify (验真): anyone uploads a PDF as application/pdf and gets the verdict. Public,
 * so it is rate-limited per client address before the body is read.
 */
export const verificationRoutes: FastifyPluginAsync<VerificationRoutesOptions> = async (app, opts) => {
  const limit = opts.verifyLimit ?? { maxAttempts: 30, windowMs: 60_000 };
  const limiter = new LoginLimiter(limit.maxAttempts, limit.windowMs);
  const ctx: VerificationContext = {
    db: opts.db,
    clock: opts.clock,
    ...(opts.pki ? { pki: opts.pki } : {}),
    ...(opts.sm2Pki ? { sm2Pki: opts.sm2Pki } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  };

  serveRoutes(app, {
    verifyDocument: {
      onRequest: async (req, reply) => {
        if (!limiter.take(`verify\u0000${req.ip}`, opts.clock().getTime())) {
          // The window is fixed and its start is not kept: its length is when a retry surely succeeds.
          reply.header('retry-after', String(Math.ceil(limit.windowMs / 1000)));
          throw new AppError('ERR_RATE_LIMITED');
        }
      },
      handler: async (req) => {
        if (req.body.length === 0)
          throw new AppError('ERR_VERIFY_DOCUMENT_INVALID', 'empty body', ['the request body is empty']);
        return verifyUpload(ctx, new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length));
      },
    },
  });
};
