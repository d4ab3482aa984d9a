import {
  createContractTemplateRoute,
  generateContractRoute,
  getContractTemplateRoute,
  listContractTemplatesRoute,
  updateContractTemplateRoute,
} from '../contract-templates.ts';
import type { RouteSpec } from './route-spec.ts';

/**
 * Contract templates. Template admins manage those of their units (the update handler checks the
 * template's unit and the new one); anyone who may start contracts lists, reads and uses the active
 * ones, so list and read are decided per template.
 */
export const contractTemplatesApi = {
  listContractTemplates: {
    method: 'GET',
    path: '/api/contract-templates',
    schema: listContractTemplatesRoute,
    access: { session: true },
  },
  getContractTemplate: {
    method: 'GET',
    path: '/api/contract-templates/:id',
    schema: getContractTemplateRoute,
    access: { session: true },
  },
  createContractTemplate: {
    method: 'POST',
    path: '/api/contract-templates',
    schema: createContractTemplateRoute,
    access: { permission: 'templates.manage', scope: 'body.ownerUnitId' },
  },
  updateContractTemplate: {
    method: 'PUT',
    path: '/api/contract-templates/:id',
    schema: updateContractTemplateRoute,
    access: { permission: 'templates.manage' },
  },
  generateContract: {
    method: 'POST',
    path: '/api/contract-templates/:id/contracts',
    schema: generateContractRoute,
    access: { permission: 'documents.create' },
  },
} as const satisfies Record<string, RouteSpec>;
