// The school's name and logo on the sign-in page: set by the system admin, read by anyone.
import type { SchoolProfile } from '@openseal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture, type Session } from './identity-fixture.ts';

/** The smallest PNG header a browser would start on: signature, then an IHDR chunk. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]),
]);

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`school name and logo on ${kind.name}`, () => {
    let f: IdentityFixture;
    let sys: Session;
    let sec: Session;
    beforeAll(async () => {
      f = await identityFixture(kind);
      sys = await f.login('sysadmin');
      sec = await f.login('secadmin');
    });
    afterAll(() => f?.close());

    const profile = async () =>
      (await f.app.inject({ method: 'GET', url: '/api/public/school' })).json() as SchoolProfile;
    const upload = (session: Session, type: string, body: string | Buffer) =>
      f.app.inject({
        method: 'POST',
        url: '/api/school/logo',
        ...as(session),
        headers: { ...as(session).headers, 'content-type': type },
        payload: body,
      });

    it('shows the org root as the name, without a logo, to anyone', async () => {
      expect(await profile()).toEqual({ nameZh: '示范大学', nameEn: 'Demo University', logoUrl: null });
      expect((await f.app.inject({ method: 'GET', url: '/api/public/school/logo' })).statusCode).toBe(404);
    });

    it('lets the system admin rename the school and upload a PNG, served back as an image', async () => {
      const renamed = await f.app.inject({
        method: 'PUT',
        url: '/api/school/name',
        ...as(sys),
        payload: { nameZh: '示范理工大学', nameEn: 'Shifan Institute of Technology' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const res = await upload(sys, 'image/png', PNG);
      expect(res.statusCode, res.body).toBe(200);
      const after = await profile();
      expect(after).toMatchObject({ nameZh: '示范理工大学', nameEn: 'Shifan Institute of Technology' });
      expect(after.logoUrl).toMatch(/^\/api\/public\/school\/logo\?v=[0-9a-f]{16}$/);
      const logo = await f.app.inject({ method: 'GET', url: after.logoUrl ?? '' });
      expect(logo.statusCode).toBe(200);
      expect(logo.headers['content-type']).toBe('image/png');
      expect(logo.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(logo.rawPayload, PNG)).toBe(0);
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('action', 'in', ['school.rename', 'school.logo'])
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { action: 'school.rename', actor: 'sysadmin' },
        { action: 'school.logo', actor: 'sysadmin' },
      ]);
    });

    it('takes an SVG without scripts, and refuses scripts, other files and other roles', async () => {
      const svg =
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="5"/></svg>';
      expect((await upload(sys, 'image/svg+xml', svg)).statusCode).toBe(200);
      for (const bad of [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<!DOCTYPE svg [<!ENTITY a "b">]><svg/>',
        '<html><svg/></html>',
      ]) {
        const res = await upload(sys, 'image/svg+xml', bad);
        expect(res.json().code, bad).toBe('ERR_SCHOOL_LOGO_INVALID');
      }
      expect((await upload(sys, 'image/png', Buffer.from('GIF89a'))).json().code).toBe(
        'ERR_SCHOOL_LOGO_INVALID',
      );
      expect((await upload(sys, 'image/gif', Buffer.from('GIF89a'))).statusCode).toBe(415);
      expect((await upload(sec, 'image/svg+xml', svg)).json().code).toBe('ERR_FORBIDDEN');
    });
  });
}
