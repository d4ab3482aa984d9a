import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** A member of the test DingTalk corp. */
export interface DingtalkTestMember {
  userid: string;
  unionId: string;
  name: string;
  /** 工号; null when the corp keeps none. */
  jobNumber: string | null;
}

/** One work notification as DingTalk received it (asyncsend_v2's JSON body). */
export interface DingtalkSentMessage {
  agent_id: number;
  userid_list: string;
  msg: {
    msgtype: string;
    action_card?: { title: string; markdown: string; single_title: string; single_url: string };
  };
}

export interface DingtalkTestServer {
  baseUrl: string;
  corpId: string;
  agentId: string;
  appKey: string;
  appSecret: string;
  token: string;
  encodingAesKey: string;
  /** Whom the OAuth page signs in (the person who scans or consents). */
  signedIn: string | null;
  messages: DingtalkSentMessage[];
  tokensIssued(): number;
  /** Signs and encrypts an event as DingTalk's HTTP push does; answers the decrypted reply too. */
  pushEvent(
    url: string,
    event: Record<string, unknown>,
    opts?: { badSignature?: boolean },
  ): Promise<{ status: number; reply: string | null }>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body || '{}') as Record<string, unknown>;
}

/**
 * A small DingTalk server following its published API (open.dingtalk.com/document): the app token
 * POST /v1.0/oauth2/accessToken (accessToken, expireIn 7200; 400 invalidClientIdOrSecret), the OAuth
 * page /oauth2/auth (prompt=consent: here it consents at once for `signedIn`, returning authCode and
 * code), POST /v1.0/oauth2/userAccessToken, GET /v1.0/contact/users/me (x-acs-dingtalk-access-token),
 * the oapi /topapi/user/getbyunionid, /topapi/v2/user/get and the work notification
 * /topapi/message/corpconversation/asyncsend_v2 (action_card), and the event subscription's HTTP push
 * (signature over the sorted token, timestamp, nonce and encrypt; AES under the EncodingAESKey with the
 * AppKey as receiver id; the reply must be "success" encrypted and signed). The real servers cannot be
 * reached from here.
 */
export async function startDingtalkTestServer(
  members: readonly DingtalkTestMember[],
): Promise<DingtalkTestServer> {
  const corpId = `ding${randomBytes(8).toString('hex')}`;
  const appKey = `ding${randomBytes(8).toString('hex')}`;
  const appSecret = randomBytes(24).toString('base64url');
  const agentId = '3000001';
  const token = randomBytes(8).toString('hex');
  const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43);
  const appTokens = new Set<string>();
  const userTokens = new Map<string, string>();
  const codes = new Map<string, string>();
  let issued = 0;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dingtalk.invalid');
    const q = url.searchParams;
    const oapiToken = () => appTokens.has(q.get('access_token') ?? '');
    if (url.pathname === '/v1.0/oauth2/accessToken' && req.method === 'POST') {
      const body = await readJson(req);
      if (body.appKey !== appKey || body.appSecret !== appSecret)
        return json(res, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' }, 400);
      const t = randomBytes(16).toString('hex');
      appTokens.add(t);
      issued++;
      return json(res, { accessToken: t, expireIn: 7200 });
    }
    if (url.pathname === '/oauth2/auth') {
      if (q.get('client_id') !== appKey || q.get('prompt') !== 'consent' || !dingtalk.signedIn) {
        res.writeHead(400);
        return res.end('bad request');
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, dingtalk.signedIn);
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('authCode', code);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/v1.0/oauth2/userAccessToken' && req.method === 'POST') {
      const body = await readJson(req);
      const userid = codes.get(String(body.code));
      codes.delete(String(body.code));
      if (
        body.clientId !== appKey ||
        body.clientSecret !== appSecret ||
        body.grantType !== 'authorization_code'
      )
        return json(res, { code: 'invalidClientIdOrSecret', message: 'invalid client' }, 400);
      if (!userid) return json(res, { code: 'invalidAuthCode', message: 'invalid authCode' }, 400);
      const t = randomBytes(16).toString('hex');
      userTokens.set(t, userid);
      return json(res, {
        accessToken: t,
        refreshToken: randomBytes(16).toString('hex'),
        expireIn: 7200,
        corpId,
      });
    }
    if (url.pathname === '/v1.0/contact/users/me') {
      const userid = userTokens.get(String(req.headers['x-acs-dingtalk-access-token']));
      const m = members.find((x) => x.userid === userid);
      if (!m) return json(res, { code: 'InvalidAuthentication', message: 'token invalid' }, 401);
      return json(res, { nick: m.name, unionId: m.unionId, openId: `open-${m.userid}`, stateCode: '86' });
    }
    if (url.pathname.startsWith('/topapi/') && !oapiToken())
      return json(res, { errcode: 40014, errmsg: '不合法的access_token' });
    if (url.pathname === '/topapi/user/getbyunionid') {
      const body = await readJson(req);
      const m = members.find((x) => x.unionId === body.unionid);
      if (!m) return json(res, { errcode: 60121, errmsg: '找不到该用户' });
      return json(res, { errcode: 0, errmsg: 'ok', result: { contact_type: 0, userid: m.userid } });
    }
    if (url.pathname === '/topapi/v2/user/get') {
      const body = await readJson(req);
      const m = members.find((x) => x.userid === body.userid);
      if (!m) return json(res, { errcode: 60121, errmsg: '找不到该用户' });
      return json(res, {
        errcode: 0,
        errmsg: 'ok',
        result: { userid: m.userid, name: m.name, job_number: m.jobNumber ?? '' },
      });
    }
    if (url.pathname === '/topapi/message/corpconversation/asyncsend_v2') {
      const body = (await readJson(req)) as unknown as DingtalkSentMessage;
      if (String(body.agent_id) !== agentId) return json(res, { errcode: 400003, errmsg: '无效的agent_id' });
      dingtalk.messages.push(body);
      return json(res, {
        errcode: 0,
        errmsg: 'ok',
        task_id: Date.now(),
        request_id: randomBytes(8).toString('hex'),
      });
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dingtalk: DingtalkTestServer = {
    baseUrl,
    corpId,
    agentId,
    appKey,
    appSecret,
    token,
    encodingAesKey,
    signedIn: null,
    messages: [],
    tokensIssued: () => issued,
    async pushEvent(target, event, o = {}) {
      const ciphertext = encrypt(encodingAesKey, JSON.stringify(event), appKey);
      const timestamp = String(Date.now());
      const nonce = randomBytes(6).toString('hex');
      const signature = getSignature(o.badSignature ? `${token}x` : token, timestamp, nonce, ciphertext);
      const res = await fetch(`${target}?${new URLSearchParams({ signature, timestamp, nonce })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt: ciphertext }),
      });
      if (res.status !== 200) return { status: res.status, reply: null };
      const answer = (await res.json()) as {
        msg_signature: string;
        timeStamp: string;
        nonce: string;
        encrypt: string;
      };
      // DingTalk checks the reply as it signs: a reply it cannot verify counts as a failed push.
      if (getSignature(token, answer.timeStamp, answer.nonce, answer.encrypt) !== answer.msg_signature)
        return { status: res.status, reply: null };
      return { status: res.status, reply: decrypt(encodingAesKey, answer.encrypt).message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return dingtalk;
}
