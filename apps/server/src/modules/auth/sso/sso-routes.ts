import type { Role } from '@openseal/contract';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../../../errors.ts';
import { auditActor } from '../../../plugins/authorize.ts';
import { serveRoutes } from '../../../plugins/serve-routes.ts';
import {
  type Actor,
  clearedSessionCookie,
  type LoadGrants,
  SESSION_TTL_MS,
  sessionCookie,
} from '../../../plugins/session.ts';
import { getMe, logout } from '../auth-service.ts';
import type { SecretBox } from '../secret-box.ts';
import {
  type OidcConfigurations,
  oidcAuthorizationUrl,
  oidcEndSessionUrl,
  oidcRedeem,
} from './oidc-relying-party.ts';
import type { GrantMember } from './sso-accounts.ts';
import {
  callbackUrlOf,
  clearedSsoStateCookie,
  originOf,
  readSsoState,
  ssoStateCookie,
} from './sso-cookie.ts';
import { enabledSsoProvider, listEnabledSsoProviders } from './sso-providers.ts';
import { listSsoSettings, saveSsoSettings } from './sso-settings.ts';
import {
  completeSsoSignIn,
  finishSsoSecondFactor,
  forgetSsoSession,
  pendingSsoStart,
  recordSsoStart,
  SSO_LOGIN_TTL_MS,
  type SsoContext,
  type SsoOutcome,
  ssoSessionOf,
} from './sso-sign-in.ts';

export interface SsoRoutesOptions {
  clock: () => Date;
  secrets: SecretBox;
  totpRequiredRoles: readonly Role[];
  loadGrants: LoadGrants;
  /** The users module's member grant for a person created at first sign-in. */
  grantMember: GrantMember;
}

export const ssoRoutes: FastifyPluginAsync<SsoRoutesOptions> = async (app, opts) => {
  const ctx: SsoContext = {
    db: app.db,
    secrets: opts.secrets,
    grantMember: opts.grantMember,
    clock: opts.clock,
  };
  const configurations: OidcConfigurations = new Map();
  const https = (req: { protocol: string }) => req.protocol === 'https';

  /** The callback's answer: into the console, to the second-factor step, or back to sign-in with the reason. */
  const land = (reply: FastifyReply, secure: boolean, outcome: SsoOutcome | AppError): FastifyReply => {
    if (outcome instanceof AppError)
      return reply
        .header('set-cookie', clearedSsoStateCookie(secure))
        .redirect(`/login?ssoError=${outcome.code}`);
    if (outcome.kind === 'locked')
      return reply
        .header('set-cookie', clearedSsoStateCookie(secure))
        .redirect('/login?ssoError=ERR_ACCOUNT_LOCKED');
    if (outcome.kind === 'secondFactor') return reply.redirect('/login?sso=totp');
    return reply
      .header('set-cookie', [
        clearedSsoStateCookie(secure),
        sessionCookie(outcome.token, SESSION_TTL_MS, secure),
      ])
      .redirect('/');
  };

  serveRoutes(app, {
    ssoProviders: () => listEnabledSsoProviders(app.db),
    ssoStart: async (req, reply) => {
      const provider = await enabledSsoProvider(app.db, opts.secrets, req.params.id);
      if (provider.kind !== 'oidc') throw new AppError('ERR_SSO_PROVIDER_UNKNOWN');
      const { url, checks } = await oidcAuthorizationUrl(
        configurations,
        provider,
        callbackUrlOf(req, provider.id),
      );
      await recordSsoStart(ctx, provider.id, checks);
      return reply
        .header('set-cookie', ssoStateCookie(checks.state, SSO_LOGIN_TTL_MS, https(req)))
        .redirect(url.toString());
    },
    ssoCallback: async (req, reply) => {
      try {
        const provider = await enabledSsoProvider(app.db, opts.secrets, req.params.id);
        if (provider.kind !== 'oidc') throw new AppError('ERR_SSO_PROVIDER_UNKNOWN');
        const pending = await pendingSsoStart(ctx, provider.id, readSsoState(req));
        if (pending.nonce === null || pending.codeVerifier === null)
          throw new AppError('ERR_SSO_STATE_INVALID');
        const identity = await oidcRedeem(
          configurations,
          provider,
          new URL(req.url, originOf(req)),
          { state: pending.state, nonce: pending.nonce, codeVerifier: pending.codeVerifier },
          (err) => req.log.warn({ err, provider: provider.id }, 'OIDC sign-in refused'),
        );
        const outcome = await completeSsoSignIn(
          ctx,
          provider,
          pending.state,
          { claims: identity.claims, providerSession: identity.idToken },
          req.id,
        );
        return land(reply, https(req), outcome);
      } catch (err) {
        if (err instanceof AppError) return land(reply, https(req), err);
        throw err;
      }
    },
    ssoSecondFactor: async (req, reply) => {
      const { userId, token, csrfToken } = await finishSsoSecondFactor(
        ctx,
        readSsoState(req),
        req.body.totpCode,
        req.id,
      );
      reply.header('set-cookie', [
        clearedSsoStateCookie(https(req)),
        sessionCookie(token, SESSION_TTL_MS, https(req)),
      ]);
      return { user: await getMe(app.db, userId, opts), csrfToken };
    },
    listSsoSettings: () => listSsoSettings(app.db),
    saveSsoSettings: (req) =>
      saveSsoSettings(app.db, opts.secrets, req.params.id, req.body, auditActor(req), opts.clock()),
    ssoLogout: async (req, reply) => {
      const actor = req.actor as Actor;
      const sso = await ssoSessionOf(app.db, actor.sessionId);
      await logout(app.db, actor, req.id);
      reply.header('set-cookie', clearedSessionCookie(https(req)));
      if (!sso) return { redirectUrl: null };
      await forgetSsoSession(app.db, actor.sessionId);
      const provider = await enabledSsoProvider(app.db, opts.secrets, sso.providerId).catch(() => null);
      if (provider?.kind !== 'oidc') return { redirectUrl: null };
      return {
        redirectUrl: await oidcEndSessionUrl(
          configurations,
          provider,
          sso.providerSession,
          `${originOf(req)}/login`,
        ),
      };
    },
  });
};
