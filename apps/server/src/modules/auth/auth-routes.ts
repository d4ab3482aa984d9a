import {
  type LoginBody,
  loginRoute,
  logoutRoute,
  meRoute,
  type TotpConfirmBody,
  totpConfirmRoute,
  totpSetupRoute,
} from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors.ts';
import { type Actor, clearedSessionCookie, SESSION_TTL_MS, sessionCookie } from '../../plugins/session.ts';
import { confirmTotp, getMe, login, logout, setupTotp } from './auth-service.ts';
import { LoginLimiter } from './login-limiter.ts';
import { DUMMY_HASH_INPUT, hashPassword } from './password.ts';

export interface AuthRoutesOptions {
  clock: () => Date;
  /** Attempts per client IP and username per window; default 10 per 15 minutes. */
  loginLimit?: { maxAttempts: number; windowMs: number };
}

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, opts) => {
  const limit = opts.loginLimit ?? { maxAttempts: 10, windowMs: 15 * 60_000 };
  const limiter = new LoginLimiter(limit.maxAttempts, limit.windowMs);
  const dummyHash = await hashPassword(DUMMY_HASH_INPUT);

  app.post<{ Body: LoginBody }>(
    '/api/auth/login',
    { schema: loginRoute, config: { access: { public: true } } },
    async (req, reply) => {
      const now = opts.clock();
      if (!limiter.take(`${req.ip}\u0000${req.body.username}`, now.getTime()))
        throw new AppError('ERR_RATE_LIMITED');
      const { token, csrfToken, user } = await login(
        app.db,
        {
          username: req.body.username,
          password: req.body.password,
          totpCode: req.body.totpCode,
          requestId: req.id,
          dummyHash,
        },
        now,
      );
      reply.header('set-cookie', sessionCookie(token, SESSION_TTL_MS));
      return { user, csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: logoutRoute, config: { access: { session: true } } },
    async (req, reply) => {
      await logout(app.db, req.actor as Actor, req.id);
      reply.header('set-cookie', clearedSessionCookie());
      return reply.status(204).send();
    },
  );

  app.get('/api/auth/me', { schema: meRoute, config: { access: { session: true } } }, async (req) => {
    const actor = req.actor as Actor;
    // The token is the session's own; only a same-origin page can read this response.
    return { user: await getMe(app.db, actor.userId), csrfToken: actor.csrfToken };
  });

  app.post('/api/auth/totp', { schema: totpSetupRoute, config: { access: { session: true } } }, (req) =>
    setupTotp(app.db, req.actor as Actor, req.id),
  );

  app.post<{ Body: TotpConfirmBody }>(
    '/api/auth/totp/confirm',
    { schema: totpConfirmRoute, config: { access: { session: true } } },
    async (req, reply) => {
      await confirmTotp(app.db, req.actor as Actor, req.body.code, req.id, opts.clock());
      return reply.status(204).send();
    },
  );
};
