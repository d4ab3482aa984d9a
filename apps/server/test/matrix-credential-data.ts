// Permission-matrix expectations for the credential routes: templates, data sources, record push and import.
import type { Expectation, Target } from './permission-expectation.ts';

/** A template body that passes the schema; past the hook it fails on the (physical) seal, never a denial. */
function templateBody(t: Target) {
  return {
    code: `mx-template-${t.n}`,
    name: { zh: '矩阵', en: 'Matrix' },
    audience: 'student',
    language: 'zh',
    ownerUnitId: t.unitId,
    template: {
      basePdf: { width: 210, height: 297, padding: [20, 20, 20, 20] },
      schemas: [
        [
          {
            name: 'seal',
            type: 'sealSlot',
            sealRole: 'issuer',
            position: { x: 20, y: 20 },
            width: 40,
            height: 40,
          },
        ],
      ],
    },
    dataSchema: { type: 'object', properties: {} },
    seals: [{ role: 'issuer', sealId: t.sealId }],
    requiresApproval: false,
    retentionYears: 5,
    active: true,
  };
}

// Template, data-source and record routes act on a template's owner unit, looked up from the template
// (or type code) in the scope resolver; the matrix has no templates, so the roles holding the
// permission get past the permission check to ERR_NOT_FOUND ('none'). Scope is tested in
// credential-data.test.ts with real templates.
export const CREDENTIAL_DATA_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/credential-templates': {
    kind: 'none',
    allow: ['template_admin'],
    request: () => ({ method: 'GET', url: '/api/credential-templates' }),
  },
  'GET /api/credential-templates/seals': {
    // School-wide: the seals a template may name, whatever unit owns them.
    kind: 'none',
    allow: ['template_admin'],
    request: () => ({ method: 'GET', url: '/api/credential-templates/seals' }),
  },
  'GET /api/credential-templates/:id': {
    kind: 'none',
    allow: ['template_admin'],
    request: () => ({ method: 'GET', url: '/api/credential-templates/no-such-template' }),
  },
  'POST /api/credential-templates': {
    // Scoped to body.ownerUnitId; past the hook: ERR_TEMPLATE_SEAL (the target seal is physical).
    kind: 'unit',
    allow: ['template_admin'],
    request: (t) => ({ method: 'POST', url: '/api/credential-templates', payload: templateBody(t) }),
  },
  'PUT /api/credential-templates/:id': {
    kind: 'none',
    allow: ['template_admin'],
    request: (t) => ({
      method: 'PUT',
      url: '/api/credential-templates/no-such-template',
      payload: templateBody(t),
    }),
  },
  'POST /api/credential-templates/:id/preview': {
    kind: 'none',
    allow: ['template_admin'],
    request: () => ({
      method: 'POST',
      url: '/api/credential-templates/no-such-template/preview',
      payload: {},
    }),
  },
  'GET /api/data-sources': {
    kind: 'none',
    allow: ['template_admin'],
    request: () => ({ method: 'GET', url: '/api/data-sources' }),
  },
  'POST /api/data-sources': {
    kind: 'none',
    allow: ['template_admin'],
    request: (t) => ({ method: 'POST', url: '/api/data-sources', payload: { name: `矩阵数据源${t.n}` } }),
  },
  'POST /api/data-sources/:id/revoke': {
    kind: 'none',
    allow: ['template_admin'],
    request: () => ({ method: 'POST', url: '/api/data-sources/no-such-source/revoke' }),
  },
  // The push API authenticates with a data source's API key, not a session (credential-data.test.ts).
  'PUT /api/integration/records/:typeCode/:recordId': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/integration/records/:typeCode': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/credential-records/import': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({
      method: 'POST',
      url: '/api/credential-records/import?typeCode=no-such-type',
      headers: { 'content-type': 'text/csv' },
      payload: 'subject,subjectName\n',
    }),
  },
  'GET /api/credential-records': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({ method: 'GET', url: '/api/credential-records?typeCode=no-such-type' }),
  },
  'GET /api/credential-types': {
    // Lists the active types owned in the caller's subtree; the scope is in the query, not the hook.
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({ method: 'GET', url: '/api/credential-types' }),
  },
  'GET /api/credential-records/import-template': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({
      method: 'GET',
      url: '/api/credential-records/import-template?typeCode=no-such-type',
    }),
  },
  'GET /api/credential-records/cohorts': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({ method: 'GET', url: '/api/credential-records/cohorts?typeCode=no-such-type' }),
  },
};
