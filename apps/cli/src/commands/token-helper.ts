// `openseal token-helper`: lets the contract-signing page sign with a hardware token (UKey) on this
// computer. The PIN stays in this process; the page gets public keys, requests and signatures only.
import { readFileSync } from 'node:fs';
import { CliError } from '../cli-error.ts';
import { promptHidden } from '../passphrase.ts';
import { parseAllowedOrigin } from '../token-helper/request-guard.ts';
import { openTokenAccess, type TokenAccess } from '../token-helper/token-access.ts';
import { TokenHelperError } from '../token-helper/token-helper-error.ts';
import { createTokenHelperServer } from '../token-helper/token-helper-server.ts';

export interface TokenHelperOptions {
  module: string;
  token?: string;
  origin: string[];
  port: number;
}

const PIN_VARIABLE = 'OPENSEAL_TOKEN_PIN';

async function readPin(env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env[PIN_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliError(`no UKey PIN: set ${PIN_VARIABLE} or run on a terminal to be asked for it`, 2);
  }
  return promptHidden('UKey PIN: ');
}

function allowedOrigins(values: readonly string[]): string[] {
  const parsed = values.map(parseAllowedOrigin);
  const problems = parsed.flatMap((p) => ('problem' in p ? [p.problem] : []));
  if (problems.length > 0) throw new CliError(`--origin: ${problems.join('; ')}`, 2);
  return parsed.flatMap((p) => ('origin' in p ? [p.origin] : []));
}

/**
 * Logs in once before listening, so a wrong PIN stops the helper at once instead of on the page. A
 * UKey not plugged in yet is waited for: each request looks for it again.
 */
function checkToken(access: TokenAccess): string {
  try {
    const token = access.use((_session, token) => token);
    return `UKey ${JSON.stringify(token.label)} (${token.manufacturer} ${token.model}, serial ${token.serial})`;
  } catch (e) {
    if (
      e instanceof TokenHelperError &&
      (e.code === 'ERR_TOKEN_ABSENT' || e.code === 'ERR_TOKEN_AMBIGUOUS')
    ) {
      process.stderr.write(`openseal: ${e.message}; waiting for it\n`);
      return 'no UKey yet';
    }
    throw e;
  }
}

export async function tokenHelper(opts: TokenHelperOptions): Promise<void> {
  const origins = allowedOrigins(opts.origin);
  if (origins.length === 0) {
    throw new CliError(
      'name the site whose pages may use the UKey: --origin https://console.example.edu.cn',
      2,
    );
  }
  const pin = await readPin(process.env);
  const access = openTokenAccess({ library: opts.module, tokenLabel: opts.token, pin });
  let status: string;
  try {
    status = checkToken(access);
  } catch (e) {
    access.close();
    throw e;
  }
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const server = createTokenHelperServer({
    access,
    origins,
    version,
    log: (line) => process.stdout.write(`${line}\n`),
    reportError: (error) => process.stderr.write(`openseal token-helper: ${String(error)}\n`),
    now: () => new Date(),
  });
  // Loopback only: the API is for pages open on this computer, never for the network.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, '127.0.0.1', resolve);
    });
  } catch (e) {
    access.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(
        `port ${opts.port} is in use (is a helper already running?): choose another with --port`,
      );
    }
    throw e;
  }
  const { port } = server.address() as { port: number };
  process.stdout.write(
    `OpenSeal token helper on http://127.0.0.1:${port} for ${origins.join(', ')}; ${status}\n`,
  );
  const stop = () =>
    server.close(() => {
      access.close();
      process.exit(0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
