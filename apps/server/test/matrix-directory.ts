// Permission-matrix expectations for directory sync: it rewrites the whole org tree, so only the
// system admin at the root configures and runs it.
import type { Expectation } from './permission-expectation.ts';

const sysadmin = ['system_admin'] as const;

const CONFIG = {
  url: 'ldap://127.0.0.1:1',
  startTls: false,
  caCertificate: null,
  bindDn: 'cn=reader,dc=school,dc=test',
  unitBase: 'ou=units,dc=school,dc=test',
  unitFilter: '(objectClass=organizationalUnit)',
  peopleBase: 'ou=people,dc=school,dc=test',
  peopleFilter: '(objectClass=inetOrgPerson)',
  attributes: {
    unitCode: 'ou',
    unitName: 'description',
    unitNameEn: 'l',
    unitParent: 'businessCategory',
    personCampusId: 'employeeNumber',
    personName: 'cn',
    personEmail: 'mail',
    personPhone: 'telephoneNumber',
    personUnit: 'departmentNumber',
  },
  intervalMinutes: null,
  maxDisablePercent: 10,
};

export const DIRECTORY_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/directory/config': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/directory/config' }),
  },
  'PUT /api/directory/config': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({
      method: 'PUT',
      url: '/api/directory/config',
      // Without the first bind password the save is refused (400) after the access check, so no
      // source is stored and the sync below answers ERR_DIRECTORY_NOT_CONFIGURED instead of
      // reaching for a server that is not there (a 502 the matrix would count as a failure).
      payload: { config: CONFIG },
    }),
  },
  'POST /api/directory/sync': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'POST', url: '/api/directory/sync', payload: { dryRun: true } }),
  },
  'POST /api/directory/csv': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({
      method: 'POST',
      url: '/api/directory/csv',
      payload: {
        dryRun: true,
        unitsCsv: 'code,name_zh,name_en,parent_code\n',
        peopleCsv: 'campus_id,name,email,phone,unit_code\n',
      },
    }),
  },
  'GET /api/directory/flagged-requests': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/directory/flagged-requests' }),
  },
  'GET /api/directory/runs': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/directory/runs' }),
  },
};
