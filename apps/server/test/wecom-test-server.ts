import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encrypt, getSignature } from '@wecom/crypto';

/** A member of the test corp: their userid and whether WeCom still lists them as active. */
export interface WecomTestMember {
  userid: string;
  name: string;
}

/** One application message as WeCom received it (the JSON body of /cgi-bin/message/send). */
export interface WecomSentMessage {
  touser: string;
  msgtype: string;
  agentid: number;
  textcard?: { title: string; description: string; url: string; btntxt?: string };
}

export interface WecomTestServer {
  /** Configured in OpenSeal as the app's API base URL (it serves every WeCom host's paths). */
  baseUrl: string;
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** The member a phone's WeCom client is signed in as (whom the in-app OAuth answers for). */
  signedIn: string | null;
  messages: WecomSentMessage[];
  /** How many tokens /cgi-bin/gettoken issued. */
  tokensIssued(): number;
  /** Ends every issued token early (WeCom may: a reset secret, another server's gettoken). */
  expireTokens(): void;
  /** Signs and encrypts an event as WeCom's callback does, and POSTs it to `url`. */
  pushEvent(url: string, xml: string, opts?: { badSignature?: boolean }): Promise<Response>;
  /** The URL check WeCom runs when the callback is saved: answers the decrypted echostr. */
  checkUrl(
    url: string,
    opts?: { badSignature?: boolean },
  ): Promise<{ status: number; text: string; echo: string }>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/**
 * A small WeChat Work server following its published API (developer.work.weixin.qq.com/document):
 * gettoken (access_token, expires_in 7200; errcode 40001 for a wrong secret, 40014 for an unknown
 * token, 42001 for an expired one); the in-app OAuth page /connect/oauth2/authorize (snsapi_base:
 * redirects at once with code and state, but only inside the WeCom client — user agent "wxwork" —
 * else the "open in WeCom" page); the web login QR page /wwlogin/sso/login (a scan is a button
 * here); /cgi-bin/auth/getuserinfo (a code once, for five minutes; 40029 otherwise);
 * /cgi-bin/message/send (textcard; an unknown touser is listed in invaliduser); and the callback
 * scheme (加解密方案: SHA-1 msg_signature, AES-256-CBC under the EncodingAESKey, receiver id = corpid).
 * The real servers cannot be reached from here.
 */
export async function startWecomTestServer(
  members: readonly WecomTestMember[],
  opts: { expiresIn?: number; clock?: () => number } = {},
): Promise<WecomTestServer> {
  const now = opts.clock ?? (() => Date.now());
  const corpId = `ww${randomBytes(8).toString('hex')}`;
  const agentId = '1000002';
  const secret = randomBytes(21).toString('base64url');
  const token = randomBytes(8).toString('hex');
  const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43);
  const tokens = new Map<string, number>();
  const codes = new Map<string, { userid: string; until: number }>();
  let issued = 0;

  const tokenError = (t: string | null) => {
    const until = t === null ? undefined : tokens.get(t);
    if (until === undefined) return { errcode: 40014, errmsg: 'invalid access_token' };
    if (until <= now()) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  };
  const codeFor = (userid: string) => {
    const code = randomBytes(16).toString('hex');
    codes.set(code, { userid, until: now() + 300_000 });
    return code;
  };
  const back = (redirectUri: string, code: string, state: string) => {
    const u = new URL(redirectUri);
    u.searchParams.set('code', code);
    u.searchParams.set('state', state);
    return u.toString();
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://wecom.invalid');
    const q = url.searchParams;
    if (url.pathname === '/cgi-bin/gettoken') {
      if (q.get('corpid') !== corpId) return json(res, { errcode: 40013, errmsg: 'invalid corpid' });
      if (q.get('corpsecret') !== secret) return json(res, { errcode: 40001, errmsg: 'invalid credential' });
      const t = randomBytes(32).toString('hex');
      const expiresIn = opts.expiresIn ?? 7200;
      tokens.set(t, now() + expiresIn * 1000);
      issued++;
      return json(res, { errcode: 0, errmsg: 'ok', access_token: t, expires_in: expiresIn });
    }
    if (url.pathname === '/connect/oauth2/authorize') {
      const ua = String(req.headers['user-agent'] ?? '');
      if (!/wxwork/i.test(ua) || q.get('appid') !== corpId || !wecom.signedIn) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><html><body><p id="msg">请在企业微信客户端打开链接</p></body></html>');
      }
      res.writeHead(302, {
        location: back(q.get('redirect_uri') ?? '', codeFor(wecom.signedIn), q.get('state') ?? ''),
      });
      return res.end();
    }
    if (url.pathname === '/wwlogin/sso/login' && req.method === 'GET') {
      const buttons = members
        .map(
          (m) =>
            `<form method="post" action="/wwlogin/sso/scan?${q.toString()}"><input type="hidden" name="userid" value="${m.userid}"/><button type="submit" data-userid="${m.userid}">扫码确认：${m.name}</button></form>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html><body><h1>企业微信扫码登录</h1>${buttons}</body></html>`);
    }
    if (url.pathname === '/wwlogin/sso/scan' && req.method === 'POST') {
      const userid = new URLSearchParams(await readBody(req)).get('userid') ?? '';
      if (q.get('login_type') !== 'CorpApp' || q.get('appid') !== corpId || q.get('agentid') !== agentId) {
        res.writeHead(400);
        return res.end('bad login parameters');
      }
      res.writeHead(302, {
        location: back(q.get('redirect_uri') ?? '', codeFor(userid), q.get('state') ?? ''),
      });
      return res.end();
    }
    if (url.pathname === '/cgi-bin/auth/getuserinfo') {
      const refused = tokenError(q.get('access_token'));
      if (refused) return json(res, refused);
      const code = codes.get(q.get('code') ?? '');
      codes.delete(q.get('code') ?? '');
      if (!code || code.until <= now()) return json(res, { errcode: 40029, errmsg: 'invalid code' });
      return json(res, { errcode: 0, errmsg: 'ok', userid: code.userid });
    }
    if (url.pathname === '/cgi-bin/message/send' && req.method === 'POST') {
      const refused = tokenError(q.get('access_token'));
      if (refused) return json(res, refused);
      const body = JSON.parse(await readBody(req)) as WecomSentMessage;
      if (String(body.agentid) !== agentId) return json(res, { errcode: 40056, errmsg: 'invalid agentid' });
      if (body.msgtype !== 'textcard' || !body.textcard?.url)
        return json(res, { errcode: 40008, errmsg: 'invalid message type' });
      const known = body.touser.split('|').filter((u) => members.some((m) => m.userid === u));
      const unknown = body.touser.split('|').filter((u) => !known.includes(u));
      if (known.length > 0) wecom.messages.push(body);
      return json(res, {
        errcode: 0,
        errmsg: 'ok',
        invaliduser: unknown.join('|'),
        msgid: randomBytes(8).toString('hex'),
      });
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signed = (ciphertext: string, bad: boolean) => {
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const signature = getSignature(bad ? `${token}x` : token, timestamp, nonce, ciphertext);
    return new URLSearchParams({ msg_signature: signature, timestamp, nonce });
  };
  const wecom: WecomTestServer = {
    baseUrl,
    corpId,
    agentId,
    secret,
    token,
    encodingAesKey,
    signedIn: null,
    messages: [],
    tokensIssued: () => issued,
    expireTokens: () => {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    async pushEvent(target, xml, o = {}) {
      const ciphertext = encrypt(encodingAesKey, xml, corpId);
      const body = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><AgentID><![CDATA[${agentId}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
      return fetch(`${target}?${signed(ciphertext, o.badSignature ?? false)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body,
      });
    },
    async checkUrl(target, o = {}) {
      const echo = randomBytes(8).toString('hex');
      const echostr = encrypt(encodingAesKey, echo, corpId);
      const params = signed(echostr, o.badSignature ?? false);
      params.set('echostr', echostr);
      const res = await fetch(`${target}?${params}`);
      return { status: res.status, text: await res.text(), echo };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return wecom;
}
