import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { OpenSealError } from '@openseal/common';
import { CRYPTO_MODES, type CryptoMode, isCryptoMode } from '@openseal/pki';

export type DatabaseConfig = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * The address readers reach this server at (OPENSEAL_PUBLIC_URL, no trailing slash), printed in
   * every credential's footer and QR code. Absent: http://localhost:PORT, which only demo mode accepts
   * for issuing (a printed localhost address can never be checked by anyone).
   */
  publicUrl?: string;
  /**
   * Demo mode (OPENSEAL_DEMO=1; `npm start` sets it unless told otherwise): a trial on one machine,
   * where credentials may print a loopback address. Off, credentials are refused until
   * OPENSEAL_PUBLIC_URL names an address others reach.
   */
  demo?: boolean;
  /**
   * The school's time zone (OPENSEAL_TIME_ZONE, an IANA name, default Asia/Shanghai): every date a
   * person reads is in it (credentials' date of issue, report days, risk alerts, the console's times).
   */
  timeZone?: string;
  /**
   * Credentials of one type a person may get through the portal per day (OPENSEAL_PORTAL_DAILY_QUOTA,
   * default 20): free self-service with a brake on scripted abuse.
   */
  portalDailyQuota?: number;
  /**
   * Key-encryption key for seal private keys (OPENSEAL_KEK, base64 of 32 bytes). Absent: the server
   * generates DATA_DIR/kek.key (mode 0600) on its first start with a PKI and reuses it.
   */
  kek?: Uint8Array;
  /**
   * Which algorithms protect keys and stored documents at rest (OPENSEAL_CRYPTO_MODE, default standard):
   * `standard` (AES) or `gm` (国密: SM4-CBC + HMAC-SM3). Seal keys, the built-in PKI's keys and stored
   * files found in the other mode's format are rewritten in this one at start, so switching either way
   * loses nothing.
   */
  cryptoMode?: CryptoMode;
  /**
   * When signed audit checkpoints are written outside the database while entries are written:
   * every OPENSEAL_AUDIT_CHECKPOINT_MINUTES (default 5) or OPENSEAL_AUDIT_CHECKPOINT_ENTRIES
   * (default 1,000) entries, whichever comes first; also at every start and clean shutdown.
   */
  auditCheckpoints?: { intervalMs?: number; everyEntries?: number };
  /**
   * The PKCS#11 token seal keys may be generated in: OPENSEAL_PKCS11_MODULE (library path),
   * OPENSEAL_PKCS11_TOKEN (token label), OPENSEAL_PKCS11_PIN (user PIN), all three or none.
   */
  pkcs11?: { library: string; tokenLabel: string; pin: string };
  /**
   * The reverse proxies in front of the server (TRUST_PROXY): their addresses or networks, or how
   * many hops of X-Forwarded-For to believe. Their forwarded headers then give the client address
   * (rate limits, audit entries) and the protocol (Secure cookies). Absent: forwarded headers are ignored.
   */
  trustProxy?: string[] | number;
}

/** What `loadConfig` gives: the settings that have a default are always there. */
export type LoadedConfig = ServerConfig &
  Required<Pick<ServerConfig, 'publicUrl' | 'demo' | 'timeZone' | 'cryptoMode'>>;

/** Thrown at start with every problem found in the environment, one per line. */
export class ConfigError extends OpenSealError<'ERR_CONFIG_INVALID'> {
  constructor(readonly problems: readonly string[]) {
    super('ERR_CONFIG_INVALID', `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The school time zone when OPENSEAL_TIME_ZONE is not set: Beijing time. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Whether Intl knows `name` as a time zone (it throws a RangeError for one it does not). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The server's only reader of the environment (STYLE 7). Collects every problem before failing so
 * an operator fixes them in one go. DATABASE_URL absent: SQLite file DATA_DIR/openseal.db.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): LoadedConfig {
  const problems: string[] = [];

  const portText = env['PORT'] ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    problems.push(`PORT must be an integer from 1 to 65535, got "${portText}"`);
  }

  const host = env['HOST'] ?? '127.0.0.1';
  if (host.trim() === '') problems.push('HOST must not be empty');

  const dataDirText = env['OPENSEAL_DATA_DIR'] ?? './data';
  if (dataDirText.trim() === '') problems.push('OPENSEAL_DATA_DIR must not be empty');
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(dataDirText);

  let database: DatabaseConfig = { dialect: 'sqlite', file: join(dataDir, 'openseal.db') };
  const url = env['DATABASE_URL'];
  if (url !== undefined && url !== '') {
    if (/^postgres(ql)?:\/\//.test(url)) {
      try {
        new URL(url);
        database = { dialect: 'postgres', url };
      } catch {
        problems.push('DATABASE_URL is not a valid URL');
      }
    } else {
      // The value may hold a password: name only its scheme.
      const scheme = url.split(':', 1)[0];
      problems.push(`DATABASE_URL must start with postgres:// or postgresql://, got scheme "${scheme}"`);
    }
  }

  const logLevel = (env['LOG_LEVEL'] ?? 'info') as ServerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const publicUrl = (env['OPENSEAL_PUBLIC_URL'] ?? `http://localhost:${portText}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(publicUrl)) {
    problems.push(`OPENSEAL_PUBLIC_URL must be an http(s) address without query, got "${publicUrl}"`);
  }

  const demoText = env['OPENSEAL_DEMO'] ?? '';
  if (!['', '0', '1'].includes(demoText)) problems.push(`OPENSEAL_DEMO must be 1 or 0, got "${demoText}"`);

  const timeZone = env['OPENSEAL_TIME_ZONE'] || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    problems.push(
      `OPENSEAL_TIME_ZONE must be an IANA time zone such as Asia/Shanghai or Asia/Urumqi, got "${timeZone}"`,
    );
  }

  const quotaText = env['OPENSEAL_PORTAL_DAILY_QUOTA'];
  const portalDailyQuota = quotaText === undefined || quotaText === '' ? undefined : Number(quotaText);
  if (portalDailyQuota !== undefined && !(Number.isInteger(portalDailyQuota) && portalDailyQuota >= 1)) {
    problems.push(`OPENSEAL_PORTAL_DAILY_QUOTA must be a positive integer, got "${quotaText}"`);
  }

  const kekText = env['OPENSEAL_KEK'];
  const kek = kekText ? Buffer.from(kekText, 'base64') : undefined;
  // Never echo the value: it is the key protecting every seal key.
  if (kek && (kek.length !== 32 || kek.toString('base64') !== kekText)) {
    problems.push('OPENSEAL_KEK must be 32 bytes in base64 (openssl rand -base64 32)');
  }

  const cryptoMode = env['OPENSEAL_CRYPTO_MODE'] || 'standard';
  if (!isCryptoMode(cryptoMode)) {
    problems.push(`OPENSEAL_CRYPTO_MODE must be one of ${CRYPTO_MODES.join(', ')}, got "${cryptoMode}"`);
  }

  const auditCheckpoints: { intervalMs?: number; everyEntries?: number } = {};
  const minutesText = env['OPENSEAL_AUDIT_CHECKPOINT_MINUTES'];
  if (minutesText !== undefined && minutesText !== '') {
    const minutes = Number(minutesText);
    if (Number.isFinite(minutes) && minutes > 0) auditCheckpoints.intervalMs = minutes * 60_000;
    else problems.push(`OPENSEAL_AUDIT_CHECKPOINT_MINUTES must be a positive number, got "${minutesText}"`);
  }
  const entriesText = env['OPENSEAL_AUDIT_CHECKPOINT_ENTRIES'];
  if (entriesText !== undefined && entriesText !== '') {
    const entries = Number(entriesText);
    if (Number.isInteger(entries) && entries >= 1) auditCheckpoints.everyEntries = entries;
    else problems.push(`OPENSEAL_AUDIT_CHECKPOINT_ENTRIES must be a positive integer, got "${entriesText}"`);
  }

  const pkcs11 = {
    library: env['OPENSEAL_PKCS11_MODULE'],
    tokenLabel: env['OPENSEAL_PKCS11_TOKEN'],
    pin: env['OPENSEAL_PKCS11_PIN'],
  };
  const pkcs11Set = Object.values(pkcs11).filter((v) => v !== undefined && v !== '').length;
  if (pkcs11Set !== 0 && pkcs11Set !== 3) {
    // Never echo the PIN.
    problems.push(
      'OPENSEAL_PKCS11_MODULE, OPENSEAL_PKCS11_TOKEN and OPENSEAL_PKCS11_PIN must be set together',
    );
  } else if (pkcs11.library && !isAbsolute(pkcs11.library)) {
    problems.push(`OPENSEAL_PKCS11_MODULE must be an absolute path, got "${pkcs11.library}"`);
  }

  const trustProxy = parseTrustProxy(env['TRUST_PROXY'], problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    database,
    logLevel,
    publicUrl,
    demo: demoText === '1',
    timeZone,
    cryptoMode: cryptoMode as CryptoMode,
    ...(portalDailyQuota !== undefined ? { portalDailyQuota } : {}),
    ...(kek ? { kek } : {}),
    ...(Object.keys(auditCheckpoints).length > 0 ? { auditCheckpoints } : {}),
    ...(pkcs11Set === 3 ? { pkcs11: pkcs11 as Required<ServerConfig>['pkcs11'] } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
  };
}

// proxy-addr's names for address ranges, accepted by Fastify's trustProxy.
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** "1" (hops), or "127.0.0.1, 10.0.0.0/8, loopback"; never "true", which would trust every client. */
function parseTrustProxy(text: string | undefined, problems: string[]): string[] | number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+$/.test(text.trim())) {
    const hops = Number(text.trim());
    if (hops >= 1 && hops <= 10) return hops;
  }
  const entries = text.split(',').map((e) => e.trim());
  const valid = (entry: string) => {
    if (PROXY_RANGES.includes(entry)) return true;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  };
  const bad = entries.filter((e) => !valid(e));
  if (bad.length === 0) return entries;
  problems.push(
    'TRUST_PROXY must list the reverse proxies (addresses, networks such as 10.0.0.0/8, or loopback) or ' +
      `give how many proxies there are (1 to 10); "${bad.join(', ')}" is neither (true would trust every client)`,
  );
  return undefined;
}
