import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../errors.ts';
import { auditActor } from '../../../plugins/authorize.ts';
import { serveRoutes } from '../../../plugins/serve-routes.ts';
import { SESSION_TTL_MS, sessionCookie } from '../../../plugins/session.ts';
import { originOf } from '../../auth/sso/sso-cookie.ts';
import { handleDingtalkEvent } from '../dingtalk/dingtalk-callback.ts';
import { handleWecomEvent, verifyWecomCallbackUrl } from '../wecom/wecom-callback.ts';
import { enabledImApps, listImAppSettings, requireImApp, saveImAppSettings } from './im-app-settings.ts';
import type { ImAppsContext } from './im-apps-context.ts';
import {
  clearedImStateCookie,
  finishImSecondFactor,
  finishImSignIn,
  type ImSignInResult,
  imStateCookie,
  readImState,
  startImSignIn,
} from './im-sign-in.ts';

const https = (req: FastifyRequest) => req.protocol === 'https';

/** Where a finished sign-in sends the browser: the page it came for, or the sign-in page with the reason. */
function land(reply: FastifyReply, secure: boolean, result: ImSignInResult | AppError): FastifyReply {
  const refused = (code: string) =>
    reply.header('set-cookie', clearedImStateCookie(secure)).redirect(`/login?ssoError=${code}`);
  if (result instanceof AppError) return refused(result.code);
  const { outcome, next } = result;
  if (outcome.kind === 'disabled') return refused('ERR_SSO_ACCOUNT_DISABLED');
  if (outcome.kind === 'locked') return refused('ERR_ACCOUNT_LOCKED');
  // The state cookie stays: it finds this sign-in when the code is sent.
  if (outcome.kind === 'secondFactor') return reply.redirect('/login?im=totp');
  return reply
    .header('set-cookie', [
      clearedImStateCookie(secure),
      sessionCookie(outcome.token, SESSION_TTL_MS, secure),
    ])
    .redirect(next);
}

/**
 * WeChat Work and DingTalk: sign-in inside the apps and by QR, the system admin's settings, and the
 * vendors' signed event callbacks. A refused callback (401) changes nothing.
 */
export const imAppsRoutes: FastifyPluginAsync<{ ctx: ImAppsContext }> = async (app, { ctx }) => {
  // WeCom posts its events as XML; only these routes read that type.
  for (const type of ['text/xml', 'application/xml'])
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  serveRoutes(app, {
    imSignInApps: () => enabledImApps(ctx.db),
    imSignInStart: async (req, reply) => {
      const config = await requireImApp(ctx.db, ctx.secrets, req.params.app);
      const { state, location } = await startImSignIn(
        ctx,
        config,
        req.query.mode ?? 'app',
        `${originOf(req)}/api/auth/im/${config.app}/callback`,
        req.query.next ?? '/',
      );
      return reply.header('set-cookie', imStateCookie(state, https(req))).redirect(location);
    },
    imSignInCallback: async (req, reply) => {
      try {
        const config = await requireImApp(ctx.db, ctx.secrets, req.params.app);
        return land(
          reply,
          https(req),
          await finishImSignIn(ctx, config, readImState(req), req.query, req.id),
        );
      } catch (err) {
        if (err instanceof AppError) {
          req.log.warn(
            { app: req.params.app, code: err.code, detail: err.message },
            'in-app sign-in refused',
          );
          return land(reply, https(req), err);
        }
        throw err;
      }
    },
    imSecondFactor: async (req, reply) => {
      const { next, token } = await finishImSecondFactor(ctx, readImState(req), req.body.totpCode, req.id);
      reply.header('set-cookie', [
        clearedImStateCookie(https(req)),
        sessionCookie(token, SESSION_TTL_MS, https(req)),
      ]);
      return { next };
    },
    listImAppSettings: () => listImAppSettings(ctx.db),
    saveImAppSettings: (req) =>
      saveImAppSettings(ctx.db, ctx.secrets, req.params.app, req.body, auditActor(req), ctx.clock()),
    wecomCallbackVerify: async (req, reply) => {
      const config = await requireImApp(ctx.db, ctx.secrets, 'wecom');
      return reply.type('text/plain').send(verifyWecomCallbackUrl(config, req.query));
    },
    wecomCallback: async (req, reply) => {
      const config = await requireImApp(ctx.db, ctx.secrets, 'wecom');
      const done = await handleWecomEvent(ctx, config, req.query, req.body, req.id);
      req.log.info({ app: 'wecom', done }, 'im callback');
      return reply.type('text/plain').send('success');
    },
    dingtalkCallback: async (req) => {
      const config = await requireImApp(ctx.db, ctx.secrets, 'dingtalk');
      return handleDingtalkEvent(ctx, config, req.query, req.body.encrypt, req.id);
    },
  });
};
