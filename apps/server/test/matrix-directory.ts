// Permission-matrix expectations for directory sync: it rewrites the whole org tree, so only the
// system admin at the root configures and runs it.
import type { Expectation } from './permission-expectation.ts';

const sysadmin = ['system_admin'] as const;

const CONFIG = {
  url: 'ldap://127.0.0.1:1',
  startTls: false,
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
      payload: { config: CONFIG, bindPassword: 'matrix-password' },
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
  'GET /api/directory/runs': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/directory/runs' }),
  },
};
