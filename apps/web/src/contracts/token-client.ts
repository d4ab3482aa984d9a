// The page's side of `openseal token-helper`: the signer's UKey, reached over HTTP on this computer,
// makes the certificate request and the signatures WebCrypto would otherwise make in the browser.
// Only fetch: no server code here.
import { fromBase64, toBase64 } from './base64.ts';

export const TOKEN_HELPER_URL = 'http://127.0.0.1:7480';

/** A key of the UKey, as the helper lists it. */
export interface TokenHelperKey {
  /** CKA_ID in hex: what csr() and sign() take. */
  id: string;
  label: string;
  keyType: 'ec' | 'rsa';
  /** SHA-256 of the key's SubjectPublicKeyInfo, hex; null when the UKey holds no public key for it. */
  spkiSha256: string | null;
}

export interface TokenHelperInfo {
  version: string;
  token: { label: string; manufacturer: string; model: string; serial: string };
  keys: TokenHelperKey[];
}

/**
 * Why the helper could not do it. `code` is the helper's (ERR_TOKEN_ABSENT, ERR_TOKEN_PIN_INCORRECT,
 * ERR_TOKEN_KEY_UNKNOWN…), or ERR_TOKEN_HELPER_UNREACHABLE when no helper answered, or
 * ERR_TOKEN_HELPER_RESPONSE when something else did. Callers branch on `code`, never on the text.
 */
export class TokenHelperError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 0 when no answer came. */
    readonly status = 0,
    readonly messageZh?: string,
  ) {
    super(message);
    this.name = 'TokenHelperError';
  }
}

export interface TokenHelper {
  info(): Promise<TokenHelperInfo>;
  /** A new ECDSA P-256 key pair made inside the UKey; its private key cannot leave it. */
  createKey(label: string): Promise<TokenHelperKey>;
  /** A DER PKCS#10 request with an empty subject, signed by the key: what certificationRequest() makes for a browser key. */
  csr(keyId: string): Promise<Uint8Array<ArrayBuffer>>;
  /** SHA-256 then the key's signature over `data`: r‖s for EC (as SubtleCrypto.sign answers), PKCS#1 v1.5 for RSA. */
  sign(keyId: string, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The client of the helper at `baseUrl`. `fetchFn` is the browser's fetch; tests pass one that adds
 * the Origin header a browser would.
 */
export function tokenHelper(
  baseUrl = TOKEN_HELPER_URL,
  fetchFn: typeof fetch = fetch.bind(globalThis),
): TokenHelper {
  const base = baseUrl.replace(/\/+$/, '');

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetchFn(`${base}${path}`, {
        method,
        cache: 'no-store',
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch {
      // A browser tells a refused connection and a refused CORS check apart to nobody, this code included.
      throw new TokenHelperError(
        'ERR_TOKEN_HELPER_UNREACHABLE',
        'The UKey helper is not running on this computer (or does not accept this site). Start it with ' +
          '`openseal token-helper --module <PKCS#11 module> --origin <this site>` and try again.',
      );
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      if (isRecord(parsed) && typeof parsed['code'] === 'string' && typeof parsed['message'] === 'string') {
        const zh = typeof parsed['messageZh'] === 'string' ? parsed['messageZh'] : undefined;
        throw new TokenHelperError(parsed['code'], parsed['message'], response.status, zh);
      }
      throw new TokenHelperError(
        'ERR_TOKEN_HELPER_RESPONSE',
        `Something other than the UKey helper answered at ${base} (HTTP ${response.status}).`,
        response.status,
      );
    }
    if (!isRecord(parsed)) {
      throw new TokenHelperError(
        'ERR_TOKEN_HELPER_RESPONSE',
        `The UKey helper at ${base} answered something that is not JSON.`,
        response.status,
      );
    }
    return parsed;
  }

  const bytesField = (answer: Record<string, unknown>, name: string): Uint8Array<ArrayBuffer> => {
    const value = answer[name];
    if (typeof value !== 'string') {
      throw new TokenHelperError(
        'ERR_TOKEN_HELPER_RESPONSE',
        `The UKey helper's answer has no ${name}.`,
        200,
      );
    }
    return fromBase64(value);
  };

  return {
    info: async () => (await call('GET', '/v1/info')) as unknown as TokenHelperInfo,
    createKey: async (label) => (await call('POST', '/v1/keys', { label })) as unknown as TokenHelperKey,
    csr: async (keyId) => bytesField(await call('POST', '/v1/csr', { keyId }), 'csr'),
    sign: async (keyId, data) =>
      bytesField(
        await call('POST', '/v1/sign', { keyId, data: toBase64(data), hash: 'SHA-256' }),
        'signature',
      ),
  };
}
