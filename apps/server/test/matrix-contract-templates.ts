// Permission-matrix expectations for contract templates: template admins create them in their scope
// and save them (the handler checks the template's unit); anyone signed in lists and reads, decided per
// template; generating a contract takes documents.create, like starting one from a file.
import { ROLES } from '@openseal/contract';
import type { Expectation, Target } from './permission-expectation.ts';

/** Valid by the schema; past the hook it is refused as a template (the role has no signature field). */
const templateBody = (t: Target) => ({
  name: `矩阵合同模板${t.n}`,
  ownerUnitId: t.unitId,
  template: { basePdf: { width: 210, height: 297, padding: [0, 0, 0, 0] }, schemas: [[]] },
  roles: [{ key: 'signer', kind: 'person', label: 'Signer' }],
  fields: [],
  active: true,
});

export const CONTRACT_TEMPLATES_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/contract-templates': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/contract-templates' }),
  },
  'GET /api/contract-templates/:id': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/contract-templates/no-such-template' }),
  },
  'POST /api/contract-templates': {
    kind: 'unit',
    allow: ['template_admin'],
    request: (t) => ({ method: 'POST', url: '/api/contract-templates', payload: templateBody(t) }),
  },
  'PUT /api/contract-templates/:id': {
    kind: 'none',
    allow: ['template_admin'],
    request: (t) => ({
      method: 'PUT',
      url: '/api/contract-templates/no-such-template',
      payload: templateBody(t),
    }),
  },
  'POST /api/contract-templates/:id/contracts': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({
      method: 'POST',
      url: '/api/contract-templates/no-such-template/contracts',
      payload: {
        title: 'matrix',
        data: {},
        order: 'sequential',
        parties: [{ role: 'signer', username: 'nobody-here' }],
      },
    }),
  },
};
