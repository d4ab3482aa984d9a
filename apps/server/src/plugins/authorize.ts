import { timingSafeEqual } from 'node:crypto';
import {
  type Role,
  type RouteAccess,
  type RouteName,
  SCOPES,
  type ScopeName,
  type ServiceOperation,
} from '@openseal/contract';
import type { FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AuditEvent } from '../modules/audit/audit-log.ts';
import { authorize, effectiveGrants, type Grant } from './access-policy.ts';
import { type Actor, type FindSession, type LoadGrants, readSessionCookie } from './session.ts';

/** The org unit a request acts on; the grant must sit at it or above it. */
export type ScopeResolver = (req: FastifyRequest) => string | Promise<string>;

/** How each scope named in the route table finds its org unit (apps/server/src/route-scopes.ts). */
export type ScopeResolvers = Readonly<Record<ScopeName, ScopeResolver>>;

export interface AccessRoute {
  /** The route table entry (packages/contract `routes`) it was registered from. */
  name: RouteName;
  method: string;
  url: string;
  /**
   * What the route requires, from its table entry. `permission` without `scope` means the action has
   * no org target: a grant carrying the permission anywhere suffices.
   */
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** From the route's table entry (serveRoutes). */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The grant that allowed a permission route, for the audit entry. */
    grant: Grant | null;
  }
  interface FastifyInstance {
    /** Every route registered after this plugin, with its declared access: the permission matrix. */
    accessRoutes: readonly AccessRoute[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The one place permissions are enforced (STYLE 5). Routes registered after this plugin come from
 * the route table (serveRoutes), which gives each its `config.access`; a route without one, or not in
 * the table, fails registration. A scope names a resolver in `scopes`. For routes needing a session: onRequest resolves
 * the cookie (401) and checks the CSRF header on state-changing methods (403); for permission routes
 * a preHandler, after validation so the scope resolver reads typed input, calls authorize().
 * Holders of TOTP-required roles get no permission until they enrol (session routes stay open).
 */
export interface AuthorizeOptions {
  clock: () => Date;
  /** Roles whose holders must enrol TOTP before using any permission (the security roles at least). */
  totpRequiredRoles: readonly Role[];
  /** One resolver per scope name of the route table; a name without one fails the start. */
  scopes: ScopeResolvers;
  // What the hook reads, from the modules owning it (the app passes their service functions in):
  /** auth: the open session of a cookie token and its account. */
  findSession: FindSession;
  /** users: the role grants the account holds. */
  loadGrants: LoadGrants;
  /** org: the org path of a unit, root first; ERR_NOT_FOUND for an unknown unit. */
  orgPath: (db: Kysely<Database>, unitId: string) => Promise<string[]>;
  /**
   * service-api: identifies the service account a request's key names and checks it may do
   * `operation` from here now (scope, IP allow list, rate), or throws. Absent: service routes refuse.
   */
  authenticateService?: AuthenticateService;
}

export type AuthenticateService = (req: FastifyRequest, operation: ServiceOperation) => Promise<void>;

export const authorizePlugin = fp<AuthorizeOptions>(
  async (app, opts) => {
    const unresolved = SCOPES.filter((name) => typeof opts.scopes[name] !== 'function');
    if (unresolved.length > 0) throw new Error(`scopes without a resolver: ${unresolved.join(', ')}`);
    const routes: AccessRoute[] = [];
    app.decorate('accessRoutes', routes);
    app.decorateRequest('actor', null);
    app.decorateRequest('grant', null);

    const authenticate: onRequestHookHandler = async (req) => {
      const token = readSessionCookie(req.headers.cookie);
      const session = token ? await opts.findSession(req.server.db, token, opts.clock()) : null;
      if (!session) throw new AppError('ERR_UNAUTHENTICATED');
      if (!SAFE_METHODS.has(req.method)) {
        const sent = req.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) throw new AppError('ERR_CSRF');
      }
      req.actor = {
        ...session,
        grants: session.contractScope
          ? []
          : effectiveGrants(await opts.loadGrants(req.server.db, session.userId)),
      };
    };

    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!access) {
        throw new Error(
          `route ${methods.join(',')} ${route.url} declares no config.access (permission or public)`,
        );
      }
      const name = route.config?.route;
      if (!name) throw new Error(`route ${methods.join(',')} ${route.url} is not in the route table`);
      for (const method of methods)
        if (method !== 'HEAD') routes.push({ name, method, url: route.url, access });
      if ('public' in access) return;
      if ('service' in access) {
        // A service key reaches only service routes, and a session cookie never does: these read the
        // key alone, and the session hook below reads the cookie alone.
        const operation = access.service;
        const service: onRequestHookHandler = async (req) => {
          if (!opts.authenticateService) throw new AppError('ERR_SERVICE_KEY_REQUIRED');
          await opts.authenticateService(req, operation);
        };
        route.onRequest = [service, ...[route.onRequest ?? []].flat()];
        return;
      }
      const scope = 'permission' in access && access.scope ? opts.scopes[access.scope] : null;

      const check: preHandlerHookHandler = async (req) => {
        const actor = req.actor as Actor;
        // A session opened with a reset code is good for the account routes (choose a password) only.
        if (actor.mustChangePassword && !route.url.startsWith('/api/auth/'))
          throw new AppError('ERR_PASSWORD_CHANGE_REQUIRED');
        if (actor.contractScope && !withinContractScope(route.url, req.params, actor.contractScope))
          throw new AppError('ERR_SESSION_SCOPED');
        if (!('permission' in access)) return;
        if (!actor.totpEnabled && actor.grants.some((g) => opts.totpRequiredRoles.includes(g.role))) {
          throw new AppError('ERR_TOTP_ENROLMENT_REQUIRED');
        }
        // Without the permission anywhere, refuse before resolving the scope: the scope resolver
        // reads the target, and a caller who may not act on any target learns nothing about it.
        const anywhere = authorize(access.permission, actor.grants, null);
        if (!anywhere.allowed)
          throw new AppError(anywhere.code, `${actor.username} lacks ${access.permission}`);
        const path = scope ? await opts.orgPath(req.server.db, await scope(req)) : null;
        const decision = authorize(access.permission, actor.grants, path);
        if (!decision.allowed) {
          throw new AppError(decision.code, `${actor.username} lacks ${access.permission} here`);
        }
        req.grant = decision.grant;
      };
      route.onRequest = [authenticate, ...[route.onRequest ?? []].flat()];
      route.preHandler = [check, ...[route.preHandler ?? []].flat()];
    });
  },
  { name: 'authorize', dependencies: ['db'] },
);

/** The routes a phone session opened for one contract reaches: that contract's, its own /me and sign-out. */
const SCOPED_SESSION_ROUTES = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/sso/logout']);

function withinContractScope(url: string, params: unknown, contractId: string): boolean {
  if (SCOPED_SESSION_ROUTES.has(url)) return true;
  return (
    (url === '/api/contracts/:id' || url.startsWith('/api/contracts/:id/')) &&
    (params as { id?: string }).id === contractId
  );
}

/** The audit fields naming who acted, under which grant, in which request. */
export function auditActor(req: FastifyRequest): Pick<AuditEvent, 'actor' | 'role' | 'org' | 'requestId'> {
  return {
    actor: req.actor?.username ?? null,
    role: req.grant?.role ?? null,
    org: req.grant?.orgUnitId ?? null,
    requestId: req.id,
  };
}
