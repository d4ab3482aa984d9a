import { routes } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { apiPath, apiUrl } from './api-url.ts';

describe('apiUrl', () => {
  it('fills each :name of the route path with its encoded value', () => {
    expect(apiUrl(routes.withdrawSealGrant, { params: { id: 'a/b c', grantId: 'g?1' } })).toBe(
      '/api/seals/a%2Fb%20c/grants/g%3F1',
    );
  });
  it('appends the query in its key order and leaves absent values out', () => {
    expect(apiUrl(routes.listSeals, { query: { unitId: 'u 1&2' } })).toBe('/api/seals?unitId=u+1%262');
    expect(apiUrl(routes.listOrgUnits)).toBe('/api/org/units');
  });
  it('refuses a path parameter it was not given', () => {
    expect(() => apiPath(routes.getSeal, {})).toThrow(':id');
  });
});
