import type { Role } from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { retryLater } from '../../errors.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import {
  type Actor,
  clearedSessionCookie,
  type LoadGrants,
  SESSION_TTL_MS,
  sessionCookie,
} from '../../plugins/session.ts';
import { unknownAccountSignIns } from '../audit/unknown-account-sign-ins.ts';
import { getMe, login, logout } from './auth-service.ts';
import { LoginLimiter } from './login-limiter.ts';
import { DUMMY_HASH_INPUT, hashPassword } from './password.ts';
import { changeOwnPassword } from './password-change.ts';
import { listResetsToHandOver, revealResetCode } from './password-reset-handover.ts';
import type { SecretBox } from './secret-box.ts';
import { pruneExpiredSessions, SESSION_PRUNE_MS } from './session-prune.ts';
import { confirmTotp, replaceTotp, setupTotp } from './totp-enrolment.ts';

export interface AuthRoutesOptions {
  clock: () => Date;
  /** Failed sign-ins per client IP and username per window; default 5 per 15 minutes. */
  loginLimit?: { maxAttempts: number; windowMs: number };
  /** TOTP secrets, recovery codes and reset codes under the KEK. */
  secrets: SecretBox;
  /** Roles whose holders must enrol a second factor (the console walks them through it). */
  totpRequiredRoles: readonly Role[];
  /** The role grants a user holds (the users module's), for the account view. */
  loadGrants: LoadGrants;
}

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, opts) => {
  const limit = opts.loginLimit ?? { maxAttempts: 5, windowMs: 15 * 60_000 };
  const limiter = new LoginLimiter(limit.maxAttempts, limit.windowMs);
  const dummyHash = await hashPassword(DUMMY_HASH_INPUT);
  const unknownAccounts = unknownAccountSignIns(app, opts.clock);
  app.jobs.every('pruning expired sessions', SESSION_PRUNE_MS, () =>
    pruneExpiredSessions(app.db, opts.clock()),
  );

  const totp = { db: app.db, secrets: opts.secrets };
  serveRoutes(app, {
    login: async (req, reply) => {
      const now = opts.clock();
      // A flood of made-up user names from one address: refused past its limit, audited as a summary.
      const flooding = unknownAccounts.refusedFor(req.ip, now);
      if (flooding > 0) throw retryLater('ERR_RATE_LIMITED', flooding);
      // Counted before the check so parallel guesses cannot overshoot; a success is taken back below.
      const key = `${req.ip}\u0000${req.body.username}`;
      if (!limiter.take(key, now.getTime()))
        throw retryLater('ERR_SIGN_IN_LIMITED', limiter.retryAfterMs(key, now.getTime()));
      const { token, csrfToken, user } = await login(
        app.db,
        {
          username: req.body.username,
          password: req.body.password,
          totpCode: req.body.totpCode,
          recoveryCode: req.body.recoveryCode,
          secrets: opts.secrets,
          requestId: req.id,
          dummyHash,
          onUnknownAccount: () => unknownAccounts.record(req.ip, now),
        },
        now,
        opts,
      );
      limiter.forget(key);
      reply.header('set-cookie', sessionCookie(token, SESSION_TTL_MS, req.protocol === 'https'));
      return { user, csrfToken };
    },
    logout: async (req, reply) => {
      await logout(app.db, req.actor as Actor, req.id);
      reply.header('set-cookie', clearedSessionCookie(req.protocol === 'https'));
      return reply.status(204).send();
    },
    me: async (req) => {
      const actor = req.actor as Actor;
      // The token is the session's own; only a same-origin page can read this response.
      return {
        user: await getMe(app.db, actor.userId, opts, actor.contractScope),
        csrfToken: actor.csrfToken,
      };
    },
    totpSetup: (req) => setupTotp(totp, req.actor as Actor, req.id),
    totpReplace: (req) => replaceTotp(totp, req.actor as Actor, req.body, req.id, opts.clock()),
    totpConfirm: (req) => confirmTotp(totp, req.actor as Actor, req.body.code, req.id, opts.clock()),
    changePassword: async (req, reply) => {
      await changeOwnPassword(app.db, req.actor as Actor, req.body, req.id, opts.clock());
      return reply.status(204).send();
    },
    listPasswordResets: (req) => listResetsToHandOver(app.db, (req.actor as Actor).userId, opts.clock()),
    revealPasswordReset: (req) =>
      revealResetCode(app.db, opts.secrets, req.actor as Actor, req.params.id, req.id, opts.clock()),
  });
};
