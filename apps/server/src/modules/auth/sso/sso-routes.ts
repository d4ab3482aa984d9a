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
import { casLoginUrl, casLogoutTicket, casLogoutUrl, casValidate } from './cas-client.ts';
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
  endSessionsOfTicket,
  finishSsoSecondFactor,
  forgetSsoSession,
  newSsoState,
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
    if (outcome.kind === 'disabled')
      return reply
        .header('set-cookie', clearedSsoStateCookie(secure))
        .redirect('/login?ssoError=ERR_SSO_ACCOUNT_DISABLED');
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

  // CAS servers send single logout as an HTML form post; only these routes read that type.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  serveRoutes(app, {
    ssoProviders: () => listEnabledSsoProviders(app.db),
    ssoStart: async (req, reply) => {
      const provider = await enabledSsoProvider(app.db, opts.secrets, req.params.id);
      const service = callbackUrlOf(req, provider.id);
      let state: string;
      let location: string;
      if (provider.kind === 'oidc') {
        const { url, checks } = await oidcAuthorizationUrl(configurations, provider, service);
        await recordSsoStart(ctx, provider.id, checks);
        state = checks.state;
        location = url.toString();
      } else {
        state = newSsoState();
        await recordSsoStart(ctx, provider.id, { state });
        location = casLoginUrl(provider, service);
      }
      return reply
        .header('set-cookie', ssoStateCookie(state, SSO_LOGIN_TTL_MS, https(req)))
        .redirect(location);
    },
    ssoCallback: async (req, reply) => {
      try {
        const provider = await enabledSsoProvider(app.db, opts.secrets, req.params.id);
        const pending = await pendingSsoStart(ctx, provider.id, readSsoState(req));
        let identity: { claims: Record<string, unknown>; providerSession: string };
        if (provider.kind === 'oidc') {
          if (pending.nonce === null || pending.codeVerifier === null)
            throw new AppError('ERR_SSO_STATE_INVALID');
          const verified = await oidcRedeem(
            configurations,
            provider,
            new URL(req.url, originOf(req)),
            { state: pending.state, nonce: pending.nonce, codeVerifier: pending.codeVerifier },
            (err) => req.log.warn({ err, provider: provider.id }, 'OIDC sign-in refused'),
          );
          identity = { claims: verified.claims, providerSession: verified.idToken };
        } else {
          const ticket = req.query.ticket;
          if (!ticket) throw new AppError('ERR_SSO_TOKEN_INVALID');
          const claims = await casValidate(provider, callbackUrlOf(req, provider.id), ticket, (err) =>
            req.log.warn({ err, provider: provider.id }, 'CAS sign-in refused'),
          );
          identity = { claims, providerSession: ticket };
        }
        return land(
          reply,
          https(req),
          await completeSsoSignIn(ctx, provider, pending.state, identity, req.id),
        );
      } catch (err) {
        if (err instanceof AppError) return land(reply, https(req), err);
        throw err;
      }
    },
    ssoSingleLogout: async (req, reply) => {
      const provider = await enabledSsoProvider(app.db, opts.secrets, req.params.id);
      if (provider.kind !== 'cas') throw new AppError('ERR_SSO_PROVIDER_UNKNOWN');
      const ticket = casLogoutTicket(req.body.logoutRequest);
      if (ticket === null) throw new AppError('ERR_BAD_REQUEST');
      await endSessionsOfTicket(ctx, provider.id, ticket, req.id);
      return reply.status(204).send();
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
      if (!provider) return { redirectUrl: null };
      if (provider.kind === 'cas') return { redirectUrl: casLogoutUrl(provider, `${originOf(req)}/login`) };
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
