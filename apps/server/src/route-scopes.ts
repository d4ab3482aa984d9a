import type { SubmitSealRequestBody } from '@openseal/contract';
import type { FastifyRequest } from 'fastify';
import { requestSealUnit } from './modules/approvals/request-scope.ts';
import { credentialUnit, templateUnitByCode } from './modules/credentials/archive-service.ts';
import { jobUnit } from './modules/credentials/jobs-service.ts';
import { templateRow } from './modules/credentials/templates-service.ts';
import { rootUnitId } from './modules/org/org-service.ts';
import { sealOwnerUnit } from './modules/seals/seals-service.ts';
import { serviceAccountUnit } from './modules/service-api/service-accounts.ts';
import { userUnitId } from './modules/users/users-service.ts';
import type { ScopeResolvers } from './plugins/authorize.ts';

/** A field of a request part the route's schema has validated (the scope runs after validation). */
function field(part: unknown, key: string): string | undefined {
  const value = (part as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}
const id = (req: FastifyRequest) => field(req.params, 'id') ?? '';
const given = (part: unknown, key: string) => field(part, key) ?? '';

/**
 * The one map from the route table's scope names (packages/contract SCOPES) to the org unit each
 * names; the authorize plugin refuses to start when a name is missing here.
 */
export const routeScopes: ScopeResolvers = {
  root: (req) => rootUnitId(req.server.db),
  'query.unitId': (req) => given(req.query, 'unitId'),
  'query.unitIdOrRoot': async (req) => field(req.query, 'unitId') ?? (await rootUnitId(req.server.db)),
  'query.orgUnitId': (req) => given(req.query, 'orgUnitId'),
  'body.unitId': (req) => given(req.body, 'unitId'),
  'body.parentId': (req) => given(req.body, 'parentId'),
  'body.orgUnitId': (req) => given(req.body, 'orgUnitId'),
  'body.ownerUnitId': (req) => given(req.body, 'ownerUnitId'),
  'body:sealRequest': (req) => {
    const body = req.body as SubmitSealRequestBody;
    return body.type === 'seal.make'
      ? body.payload.ownerUnitId
      : sealOwnerUnit(req.server.db, body.payload.sealId);
  },
  'params.id:seal': (req) => sealOwnerUnit(req.server.db, id(req)),
  'params.id:request': (req) => requestSealUnit(req.server.db, id(req)),
  'params.id:user': (req) => userUnitId(req.server.db, id(req)),
  'params.id:template': async (req) => (await templateRow(req.server.db, id(req))).owner_unit_id,
  'params.id:credential': (req) => credentialUnit(req.server.db, id(req)),
  'params.id:job': (req) => jobUnit(req.server.db, id(req)),
  'params.id:serviceAccount': (req) => serviceAccountUnit(req.server.db, id(req)),
  'params.typeCode:credentialType': (req) => templateUnitByCode(req.server.db, given(req.params, 'typeCode')),
  'query.typeCode:credentialType': (req) => templateUnitByCode(req.server.db, given(req.query, 'typeCode')),
  'body.typeCode:credentialType': (req) => templateUnitByCode(req.server.db, given(req.body, 'typeCode')),
};
