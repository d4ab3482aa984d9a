import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkChannel } from '../src/modules/integrations/dingtalk/dingtalk-channel.ts';
import { type ImAppsContext, imAppsContext } from '../src/modules/integrations/im-apps/im-apps-context.ts';
import { TEST_DATABASES } from './databases.ts';
import { type DingtalkTestServer, startDingtalkTestServer } from './dingtalk-test-server.ts';
import { as, type IdentityFixture, identityFixture, userIdOf } from './identity-fixture.ts';
import { APP_ORIGIN, browserGet, setCookie } from './sso-browser.ts';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`DingTalk on ${kind.name}`, () => {
    let f: IdentityFixture;
    let ding: DingtalkTestServer;
    let ctx: ImAppsContext;
    let origin: string;
    beforeAll(async () => {
      f = await identityFixture(kind);
      ding = await startDingtalkTestServer([
        // The teacher's DingTalk userid is not their 工号: the job number links them.
        { userid: 'manager4521', unionId: 'union-teacher', name: '示范教师', jobNumber: 'T2026000101' },
        { userid: 'T2026000202', unionId: 'union-student', name: '示范学生', jobNumber: null },
        { userid: 'visitor', unionId: 'union-visitor', name: '访客', jobNumber: null },
      ]);
      for (const [username, campusId] of [
        ['teacher', 'T2026000101'],
        ['student', 'T2026000202'],
      ] as const)
        await f.app.db
          .updateTable('users')
          .set({ campus_id: campusId })
          .where('username', '=', username)
          .execute();
      const body = {
        enabled: true,
        corpId: ding.corpId,
        agentId: ding.agentId,
        appKey: ding.appKey,
        secret: ding.appSecret,
        callbackToken: ding.token,
        encodingAesKey: ding.encodingAesKey,
        apiBaseUrl: ding.baseUrl,
      };
      const admin = as(await f.login('sysadmin'));
      const { appKey: _, ...withoutKey } = body;
      const missing = await f.app.inject({
        method: 'PUT',
        url: '/api/im-apps/settings/dingtalk',
        ...admin,
        payload: withoutKey,
      });
      expect(missing.json()).toMatchObject({ code: 'ERR_VALIDATION', details: ['appKey'] });
      const saved = await f.app.inject({
        method: 'PUT',
        url: '/api/im-apps/settings/dingtalk',
        ...admin,
        payload: body,
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.body).not.toContain(ding.appSecret);
      ctx = imAppsContext({
        db: f.app.db,
        secrets: f.app.secrets,
        clock: () => new Date(f.clock.ms),
        disableLeaver: async () => {},
      });
      origin = await f.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await f?.close();
      await ding?.close();
    });

    const signInAs = async (userid: string, mode: 'app' | 'qr' = 'app') => {
      ding.signedIn = userid;
      const start = await browserGet(f.app, `/api/auth/im/dingtalk/start?mode=${mode}&next=%2Fapprovals`, []);
      expect(start.statusCode, start.body).toBe(302);
      const location = new URL(String(start.headers.location));
      const atDing = await fetch(location, { redirect: 'manual' });
      const res = await browserGet(f.app, atDing.headers.get('location') as string, [
        setCookie(start, 'openseal_im'),
      ]);
      return { location, res, session: setCookie(res, 'openseal_session') };
    };

    it('lists DingTalk for the sign-in page once enabled', async () => {
      const res = await browserGet(f.app, '/api/auth/im/apps', []);
      expect(res.json()).toEqual(['dingtalk']);
    });

    it('signs a teacher in through OAuth (prompt=consent), user token, users/me and the job number', async () => {
      const { location, res, session } = await signInAs('manager4521', 'qr');
      expect(location.pathname).toBe('/oauth2/auth');
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        client_id: ding.appKey,
        redirect_uri: `${APP_ORIGIN}/api/auth/im/dingtalk/callback`,
        response_type: 'code',
        scope: 'openid',
        prompt: 'consent',
      });
      expect(res.headers.location).toBe('/approvals');
      const me = await browserGet(f.app, '/api/auth/me', [session]);
      expect(me.json().user.username).toBe('teacher');
      const links = await f.app.db.selectFrom('im_app_links').select(['vendor_user_id', 'user_id']).execute();
      expect(links).toEqual([
        { vendor_user_id: 'manager4521', user_id: await userIdOf(f.app.db, 'teacher') },
      ]);
    });

    it('links by userid when the corp keeps no job number, and refuses a member with no account', async () => {
      const student = await signInAs('T2026000202');
      expect(student.res.headers.location).toBe('/approvals');
      const visitor = await signInAs('visitor');
      expect(visitor.res.headers.location).toBe('/login?ssoError=ERR_IM_ACCOUNT_UNLINKED');
    });

    it('sends an action card work notification to the linked userid, with one app token for both calls', async () => {
      const before = ding.tokensIssued();
      const channel = dingtalkChannel(ctx);
      const to = {
        userId: await userIdOf(f.app.db, 'teacher'),
        displayName: '示范教师',
        campusId: 'T2026000101',
        email: null,
        locale: 'en' as const,
      };
      const message = {
        kind: 'credential.ready' as const,
        title: 'Your credential is ready',
        body: 'Transcript [2026] is ready to download.',
        link: `${APP_ORIGIN}/portal`,
      };
      expect(await channel.send(to, message)).toEqual({ ok: true });
      expect(await channel.send(to, message)).toEqual({ ok: true });
      expect(ding.tokensIssued() - before).toBe(1);
      expect(ding.messages.at(-1)).toEqual({
        agent_id: Number(ding.agentId),
        userid_list: 'manager4521',
        msg: {
          msgtype: 'action_card',
          action_card: {
            title: 'Your credential is ready',
            markdown: '### Your credential is ready\n\nTranscript \\[2026\\] is ready to download.',
            single_title: 'Open',
            single_url: `${APP_ORIGIN}/api/auth/im/dingtalk/start?mode=app&next=%2Fportal`,
          },
        },
      });
    });

    it('answers a signed event with an encrypted "success", and 401 to a bad signature', async () => {
      const url = `${origin}/api/im-apps/dingtalk/callback`;
      const ok = await ding.pushEvent(url, { EventType: 'check_url' });
      expect(ok).toEqual({ status: 200, reply: 'success' });
      const bad = await ding.pushEvent(url, { EventType: 'check_url' }, { badSignature: true });
      expect(bad.status).toBe(401);
    });

    it('disables a directory-managed person who left the org (user_leave_org)', async () => {
      const studentId = await userIdOf(f.app.db, 'student');
      await f.app.db.updateTable('users').set({ directory_managed: 1 }).where('id', '=', studentId).execute();
      const url = `${origin}/api/im-apps/dingtalk/callback`;
      const event = { EventType: 'user_leave_org', UserId: ['T2026000202'], CorpId: ding.corpId };
      expect((await ding.pushEvent(url, event, { badSignature: true })).status).toBe(401);
      const state = () =>
        f.app.db
          .selectFrom('users')
          .select('disabled_at')
          .where('id', '=', studentId)
          .executeTakeFirstOrThrow();
      expect((await state()).disabled_at).toBeNull();
      expect(await ding.pushEvent(url, event)).toEqual({ status: 200, reply: 'success' });
      expect((await state()).disabled_at).not.toBeNull();
    });
  });
}
