import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person the test provider knows: the subject and the claims it releases. */
export interface OidcTestAccount {
  sub: string;
  claims: Record<string, string>;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Flips one character of the next ID token's signature on its way out of the token endpoint. */
  tamperNextIdToken(): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (the `oidc-provider` package, OpenID Certified) on a loopback port: discovery,
 * authorization code with PKCE, signed ID tokens, UserInfo, RP-initiated logout; its development
 * login page accepts any of `accounts` by subject (any password).
 */
export async function startOidcTestProvider(opts: {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts: readonly OidcTestAccount[];
}): Promise<OidcTestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'openseal';
  const clientSecret = 'openseal-test-client-secret-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name'], campus: ['student_id', 'unit'] },
    cookies: { keys: ['openseal oidc test provider cookie key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    async findAccount(_ctx, sub) {
      const account = opts.accounts.find((a) => a.sub === sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account.claims }) };
    },
  });
  const callback = provider.callback();
  let tamper = false;
  server.on('request', (req, res) => {
    if (tamper && req.method === 'POST' && req.url?.startsWith('/token')) {
      tamper = false;
      tamperIdTokenIn(res);
    }
    callback(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    tamperNextIdToken: () => {
      tamper = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Rewrites the token response's id_token with one signature character changed (same length). */
function tamperIdTokenIn(res: ServerResponse): void {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
      const body = JSON.parse(chunk.toString()) as { id_token?: string };
      if (body.id_token) {
        const [h, p, s] = body.id_token.split('.') as [string, string, string];
        const i = Math.floor(s.length / 2);
        body.id_token = `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
      }
      return end(JSON.stringify(body), ...rest);
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}
