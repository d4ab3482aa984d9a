import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpOwner } from '../src/modules/auth/secret-box.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { RENEW_EARLY_MS } from '../src/modules/integrations/im-apps/access-token-cache.ts';
import { type ImAppsContext, imAppsContext } from '../src/modules/integrations/im-apps/im-apps-context.ts';
import { wecomChannel } from '../src/modules/integrations/wecom/wecom-channel.ts';
import type { Recipient } from '../src/modules/messages/channel.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture, userIdOf } from './identity-fixture.ts';
import { APP_ORIGIN, browserGet, setCookie } from './sso-browser.ts';
import { startWecomTestServer, type WecomTestServer } from './wecom-test-server.ts';

const WXWORK_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`WeChat Work on ${kind.name}`, () => {
    let f: IdentityFixture;
    let wecom: WecomTestServer;
    let ctx: ImAppsContext;
    const disabled: string[] = [];
    beforeAll(async () => {
      f = await identityFixture(kind);
      wecom = await startWecomTestServer([
        { userid: 'T2026000101', name: '示范教师' },
        { userid: 'T2026000007', name: '安全管理员' },
        { userid: 'stranger', name: '外单位' },
      ]);
      for (const [username, campusId] of [
        ['teacher', 'T2026000101'],
        ['secadmin', 'T2026000007'],
      ] as const)
        await f.app.db
          .updateTable('users')
          .set({ campus_id: campusId })
          .where('username', '=', username)
          .execute();
      const saved = await f.app.inject({
        method: 'PUT',
        url: '/api/im-apps/settings/wecom',
        ...as(await f.login('sysadmin')),
        payload: {
          enabled: true,
          corpId: wecom.corpId,
          agentId: wecom.agentId,
          secret: wecom.secret,
          callbackToken: wecom.token,
          encodingAesKey: wecom.encodingAesKey,
          apiBaseUrl: wecom.baseUrl,
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      ctx = imAppsContext({
        db: f.app.db,
        secrets: f.app.secrets,
        clock: () => new Date(f.clock.ms),
        disableLeaver: async (userId) => {
          disabled.push(userId);
        },
      });
    });
    afterAll(async () => {
      await f?.close();
      await wecom?.close();
    });

    it('keeps the secret, token and AES key write-only, sealed under the KEK, and audits the change', async () => {
      const list = await f.app.inject({
        method: 'GET',
        url: '/api/im-apps/settings',
        ...as(await f.login('sysadmin')),
      });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(wecom.secret);
      expect(list.body).not.toContain(wecom.encodingAesKey);
      expect(list.json()[0]).toMatchObject({
        app: 'wecom',
        enabled: true,
        corpId: wecom.corpId,
        secretSet: true,
        callbackTokenSet: true,
        encodingAesKeySet: true,
        signInCallbackPath: '/api/auth/im/wecom/callback',
      });
      expect(list.json()[1]).toMatchObject({ app: 'dingtalk', enabled: false, secretSet: false });
      const row = await f.app.db
        .selectFrom('im_apps')
        .selectAll()
        .where('app', '=', 'wecom')
        .executeTakeFirstOrThrow();
      expect(row.secret_box).not.toContain(wecom.secret);
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['object'])
        .where('action', '=', 'imApp.create')
        .executeTakeFirstOrThrow();
      expect(audit.object).toBe('im:wecom enabled:true secret:set token:set aesKey:set');
      const teacher = await f.app.inject({
        method: 'GET',
        url: '/api/im-apps/settings',
        ...as(await f.login('teacher')),
      });
      expect(teacher.statusCode).toBe(403);
    });

    /** The phone's WeCom browser: starts at OpenSeal, passes WeCom's OAuth page, lands on the callback. */
    const signInAs = async (userid: string, opts: { next?: string; state?: string } = {}) => {
      wecom.signedIn = userid;
      const start = await browserGet(
        f.app,
        `/api/auth/im/wecom/start?mode=app${opts.next ? `&next=${encodeURIComponent(opts.next)}` : ''}`,
        [],
      );
      expect(start.statusCode, start.body).toBe(302);
      const cookie = setCookie(start, 'openseal_im');
      const location = new URL(String(start.headers.location));
      const atWecom = await fetch(location, { redirect: 'manual', headers: { 'user-agent': WXWORK_UA } });
      expect(atWecom.status).toBe(302);
      const callback = new URL(atWecom.headers.get('location') as string);
      if (opts.state) callback.searchParams.set('state', opts.state);
      const res = await browserGet(f.app, callback.toString(), [cookie]);
      return { location, res, cookie, session: setCookie(res, 'openseal_session') };
    };

    it('signs a teacher in through the in-app OAuth (snsapi_base) and lands on the page the link named', async () => {
      const { location, res, session } = await signInAs('T2026000101', { next: '/approvals/inbox' });
      expect(location.pathname).toBe('/connect/oauth2/authorize');
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        appid: wecom.corpId,
        redirect_uri: `${APP_ORIGIN}/api/auth/im/wecom/callback`,
        response_type: 'code',
        scope: 'snsapi_base',
        agentid: wecom.agentId,
      });
      expect(location.hash).toBe('#wechat_redirect');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/approvals/inbox');
      const me = await browserGet(f.app, '/api/auth/me', [session]);
      expect(me.json().user.username).toBe('teacher');
      const link = await f.app.db.selectFrom('im_app_links').selectAll().where('app', '=', 'wecom').execute();
      expect(link).toMatchObject([
        { vendor_user_id: 'T2026000101', user_id: await userIdOf(f.app.db, 'teacher') },
      ]);
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['actor', 'outcome'])
        .where('action', '=', 'auth.wecom.login')
        .execute();
      expect(audit).toContainEqual({ actor: 'teacher', outcome: 'success' });
    });

    it('refuses a member with no account, a forged state, and a next address off this site', async () => {
      const stranger = await signInAs('stranger');
      expect(stranger.res.headers.location).toBe('/login?ssoError=ERR_IM_ACCOUNT_UNLINKED');
      expect(stranger.session).toBeNull();
      const forged = await signInAs('T2026000101', { state: 'forged' });
      expect(forged.res.headers.location).toBe('/login?ssoError=ERR_SSO_STATE_INVALID');
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example'])
        expect(
          (await browserGet(f.app, `/api/auth/im/wecom/start?next=${encodeURIComponent(next)}`, []))
            .statusCode,
        ).toBe(400);
    });

    it('asks a security role for its second factor after WeCom vouched; a wrong code ends the attempt', async () => {
      const code = async () => {
        const row = await f.app.db
          .selectFrom('users')
          .select(['id', 'totp_secret'])
          .where('username', '=', 'secadmin')
          .executeTakeFirstOrThrow();
        return totpCode(
          f.app.secrets.open(totpOwner(row.id), row.totp_secret as string),
          new Date(f.clock.ms),
        );
      };
      const secondFactor = (cookie: string | null, totp: string) =>
        f.app.inject({
          method: 'POST',
          url: '/api/auth/im/second-factor',
          headers: { host: new URL(APP_ORIGIN).host, cookie: cookie ?? '' },
          payload: { totpCode: totp },
        });
      const first = await signInAs('T2026000007', { next: '/audit' });
      expect(first.res.headers.location).toBe('/login?im=totp');
      expect(first.session).toBeNull();
      const wrong = await secondFactor(
        first.cookie,
        (Number(await code()) + 1).toString().padStart(6, '0').slice(-6),
      );
      expect(wrong.json().code).toBe('ERR_INVALID_CREDENTIALS');
      // Used up: the right code no longer opens that attempt.
      expect((await secondFactor(first.cookie, await code())).json().code).toBe('ERR_SSO_STATE_INVALID');
      const again = await signInAs('T2026000007', { next: '/audit' });
      const ok = await secondFactor(again.cookie, await code());
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ next: '/audit' });
      const me = await browserGet(f.app, '/api/auth/me', [setCookie(ok, 'openseal_session')]);
      expect(me.json().user.username).toBe('secadmin');
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['outcome'])
        .where('action', '=', 'auth.wecom.login')
        .where('actor', '=', 'secadmin')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.outcome)).toEqual(['failure', 'success']);
    });

    it('sends the kiosk to the web login QR page (CorpApp) and signs in whoever scans', async () => {
      const start = await browserGet(f.app, '/api/auth/im/wecom/start?mode=qr', []);
      const location = new URL(String(start.headers.location));
      expect(location.pathname).toBe('/wwlogin/sso/login');
      expect(location.searchParams.get('login_type')).toBe('CorpApp');
      const scanned = await fetch(new URL(`/wwlogin/sso/scan${location.search}`, wecom.baseUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'userid=T2026000101',
      });
      const res = await browserGet(f.app, scanned.headers.get('location') as string, [
        setCookie(start, 'openseal_im'),
      ]);
      expect(res.headers.location).toBe('/');
      expect(setCookie(res, 'openseal_session')).not.toBeNull();
    });

    const teacher = async (): Promise<Recipient> => ({
      userId: await userIdOf(f.app.db, 'teacher'),
      displayName: '示范教师',
      campusId: 'T2026000101',
      email: null,
      locale: 'zh',
    });
    const message = {
      kind: 'approval.waiting' as const,
      title: '待您审批：用印申请',
      body: '业务经办人 提交了用印申请 <教务处公章>，等待您审批。',
      link: `${APP_ORIGIN}/requests/r1`,
    };

    it('sends a textcard to the linked user id, and caches the access token until shortly before expiry', async () => {
      wecom.messages.length = 0;
      const before = wecom.tokensIssued();
      const channel = wecomChannel(ctx);
      expect(await channel.enabled()).toBe(true);
      expect(await channel.send(await teacher(), message)).toEqual({ ok: true });
      expect(await channel.send(await teacher(), message)).toEqual({ ok: true });
      expect(wecom.tokensIssued() - before).toBe(1);
      expect(wecom.messages[0]).toEqual({
        touser: 'T2026000101',
        msgtype: 'textcard',
        agentid: Number(wecom.agentId),
        textcard: {
          title: message.title,
          description: '业务经办人 提交了用印申请 &lt;教务处公章&gt;，等待您审批。',
          // Opened in WeCom's browser through the in-app sign-in, landing on the request.
          url: `${APP_ORIGIN}/api/auth/im/wecom/start?mode=app&next=%2Frequests%2Fr1`,
          btntxt: '详情',
        },
      });
      // 7200 s less the early renewal: still the cached token; a moment later, a new one.
      f.clock.ms += 7_200_000 - RENEW_EARLY_MS - 1000;
      await channel.send(await teacher(), message);
      expect(wecom.tokensIssued() - before).toBe(1);
      f.clock.ms += 2000;
      await channel.send(await teacher(), message);
      expect(wecom.tokensIssued() - before).toBe(2);
    });

    it('renews a token WeCom expired early (42001) once and retries the send', async () => {
      const before = wecom.tokensIssued();
      wecom.expireTokens();
      wecom.messages.length = 0;
      expect(await wecomChannel(ctx).send(await teacher(), message)).toEqual({ ok: true });
      expect(wecom.tokensIssued() - before).toBe(1);
      expect(wecom.messages).toHaveLength(1);
    });

    it('reports a person WeCom does not know as not retryable', async () => {
      const outcome = await wecomChannel(ctx).send(
        { ...(await teacher()), userId: 'nobody', campusId: 'ghost' },
        message,
      );
      expect(outcome).toMatchObject({ ok: false, retry: false });
    });

    it('answers the callback URL check with the decrypted echostr, and 401 to a bad signature', async () => {
      const ok = await wecom.checkUrl(
        `${APP_ORIGIN}/api/im-apps/wecom/callback`.replace(APP_ORIGIN, await listen()),
      );
      expect(ok.status).toBe(200);
      expect(ok.text).toBe(ok.echo);
      const bad = await wecom.checkUrl(`${await listen()}/api/im-apps/wecom/callback`, {
        badSignature: true,
      });
      expect(bad.status).toBe(401);
      expect(JSON.parse(bad.text).code).toBe('ERR_IM_CALLBACK_SIGNATURE');
    });

    it('disables a directory-managed teacher WeCom reports disabled (change_contact), and nothing on a bad signature', async () => {
      const teacherId = await userIdOf(f.app.db, 'teacher');
      await f.app.db.updateTable('users').set({ directory_managed: 1 }).where('id', '=', teacherId).execute();
      const event = `<xml><ToUserName><![CDATA[${wecom.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>update_user</ChangeType><UserID><![CDATA[T2026000101]]></UserID><Status>2</Status></xml>`;
      const url = `${await listen()}/api/im-apps/wecom/callback`;
      const forged = await wecom.pushEvent(url, event, { badSignature: true });
      expect(forged.status).toBe(401);
      const state = () =>
        f.app.db
          .selectFrom('users')
          .select('disabled_at')
          .where('id', '=', teacherId)
          .executeTakeFirstOrThrow();
      expect((await state()).disabled_at).toBeNull();
      const res = await wecom.pushEvent(url, event);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('success');
      expect((await state()).disabled_at).not.toBeNull();
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['actor', 'object'])
        .where('action', '=', 'directory.person.disable')
        .execute();
      expect(audit).toEqual([
        { actor: 'wecom', object: `user:${teacherId} grants:0 delegations:0 flagged:0` },
      ]);
      // Disabled, the teacher can no longer sign in through WeCom.
      const again = await signInAs('T2026000101');
      expect(again.res.headers.location).toBe('/login?ssoError=ERR_SSO_ACCOUNT_DISABLED');
    });

    let origin: string | undefined;
    /** The vendor pushes over HTTP: the app listens on a loopback port for these tests. */
    const listen = async () => {
      origin ??= await f.app.listen({ port: 0, host: '127.0.0.1' });
      return origin;
    };
  });
}
