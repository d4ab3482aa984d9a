// The API's one route table: every route's method, path, schemas and access. The server registers
// from it, the OpenAPI document and the permission matrix are read from it, the console calls it.
import { approvalsApi } from './approvals.ts';
import { auditApi } from './audit.ts';
import { authApi } from './auth.ts';
import { contractHandoffApi } from './contract-handoff.ts';
import { contractInvitationsApi } from './contract-invitations.ts';
import { contractTemplatesApi } from './contract-templates.ts';
import { contractsApi } from './contracts.ts';
import { credentialDataApi, credentialIssueApi, credentialJobsApi } from './credentials.ts';
import { directoryApi } from './directory.ts';
import { healthApi } from './health.ts';
import { imAppsApi } from './im-apps.ts';
import { integrationsApi } from './integrations.ts';
import { messagesApi } from './messages.ts';
import { orgApi } from './org.ts';
import { reportsApi } from './reports.ts';
import { riskApi } from './risk.ts';
import type { RouteSpec } from './route-spec.ts';
import { schoolApi } from './school.ts';
import { sealsApi } from './seals.ts';
import { serviceAccountsApi, serviceApi } from './service-api.ts';
import { ssoApi } from './sso.ts';
import { uploadsApi } from './uploads.ts';
import { usersApi } from './users.ts';
import { verificationApi } from './verification.ts';

export type { Static, TSchema } from '@sinclair/typebox';
export * from './route-spec.ts';

export const routes = {
  ...healthApi,
  ...authApi,
  ...ssoApi,
  ...orgApi,
  ...usersApi,
  ...schoolApi,
  ...directoryApi,
  ...messagesApi,
  ...auditApi,
  ...riskApi,
  ...reportsApi,
  ...sealsApi,
  ...verificationApi,
  ...uploadsApi,
  ...approvalsApi,
  ...contractsApi,
  ...contractTemplatesApi,
  ...contractHandoffApi,
  ...contractInvitationsApi,
  ...credentialDataApi,
  ...credentialIssueApi,
  ...credentialJobsApi,
  ...serviceAccountsApi,
  ...serviceApi,
  ...integrationsApi,
  ...imAppsApi,
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** Every route's name, in table order. */
export const ROUTE_NAMES = Object.keys(routes) as RouteName[];
