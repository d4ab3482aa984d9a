// `openseal`: a thin shell over the packages. Each command lives in commands/<name>.ts.
import { isOpenSealError } from '@openseal/common';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from './cli-error.ts';
import { auditVerify } from './commands/audit-verify.ts';
import { pkiInit } from './commands/pki-init.ts';
import { pkiPassphrase } from './commands/pki-passphrase.ts';
import { pkiServe } from './commands/pki-serve.ts';
import { serve } from './commands/serve.ts';
import { signCommand } from './commands/sign.ts';
import { tokenHelper } from './commands/token-helper.ts';
import { verifyCommand } from './commands/verify.ts';

const number = (label: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${label} must be a number`);
  return n;
};

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('port must be 0-65535');
  return n;
};

const repeated = (value: string, previous: string[]) => [...previous, value];

const program = new Command('openseal')
  .description('OpenSeal: electronic seals and trusted documents / 电子印章与可信电子文件')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the platform: creates the built-in PKI on first start and serves it')
  .option('--data <dir>', 'data directory (default: the server setting OPENSEAL_DATA_DIR)')
  .option('--port <port>', 'HTTP port (default: the server setting PORT)', number('port'))
  .option('--host <host>', 'listen address (default: the server setting HOST)')
  .action((opts) => serve(opts));

const pki = program.command('pki').description('the built-in certificate authority, TSA and OCSP');
pki
  .command('init')
  .description('create a root CA, issuing CA, TSA, OCSP responder and a demo seal certificate')
  .requiredOption('--dir <dir>', 'where to write certificates and encrypted keys')
  .option('--key-type <type>', 'rsa-2048 | rsa-3072 | ecdsa-p256 | sm2', 'rsa-2048')
  .option(
    '--crypto-mode <mode>',
    'standard | gm: the envelope keys are kept in (default: OPENSEAL_CRYPTO_MODE)',
  )
  .option('--base-url <url>', 'public URL of the PKI services written into certificates')
  .option('--force', 'overwrite an existing PKI directory')
  .action((opts) => pkiInit(opts));
pki
  .command('serve')
  .description('serve the TSA, OCSP responder, CRLs and CA certificates over HTTP')
  .requiredOption('--dir <dir>', 'PKI directory')
  .option('--port <port>', 'HTTP port (default: the server setting PORT)', number('port'))
  .option('--host <host>', 'listen address (default: the server setting HOST)')
  .action((opts) => pkiServe(opts));
pki
  .command('passphrase')
  .description(
    're-encrypt the keys under a new passphrase (current: OPENSEAL_PASSPHRASE, new: OPENSEAL_NEW_PASSPHRASE)',
  )
  .requiredOption('--dir <dir>', 'PKI directory')
  .action((opts) => pkiPassphrase(opts));

const audit = program.command('audit').description('the tamper-evident audit log');
audit
  .command('verify')
  .description(
    'check every entry against its keyed link (KEK: OPENSEAL_KEK or DATA/kek.key) and the signed ' +
      'checkpoints in DATA/audit-checkpoints; exit 0 intact, 1 on any finding',
  )
  .option(
    '--data <dir>',
    'data directory: SQLite database, kek.key, audit-checkpoints, PKI (default: OPENSEAL_DATA_DIR)',
  )
  .option(
    '--database-url <url>',
    'PostgreSQL URL instead of the SQLite file in the data directory (default: DATABASE_URL)',
  )
  .option('--tsa-cert <pem...>', 'trusted TSA certificate(s); default DATA/pki/tsa.pem')
  .option('--json', 'print the result as JSON')
  .action((opts) => auditVerify(opts));

program
  .command('sign')
  .description('seal a PDF (PAdES) with the demo seal of a PKI directory')
  .argument('<in>', 'PDF to seal')
  .requiredOption('-o, --out <file>', 'where to write the sealed PDF')
  .requiredOption('--pki <dir>', 'PKI directory (openseal pki init)')
  .option('--level <level>', 'B-B | B-T | B-LT | B-LTA', 'B-T')
  .option('--page <n>', 'page number (1-based) for the seal', number('page'))
  .option('--x <x>', 'seal centre x in points from the left', number('x'))
  .option('--y <y>', 'seal centre y in points from the bottom', number('y'))
  .option('--keyword <text>', 'centre the seal on this text (e.g. 盖章处)')
  .option('--last', 'with --keyword: use the last occurrence instead of the first')
  .option('--cross-page', 'cross-page seal (骑缝章) across the right edge of every page')
  .option('--certify [p]', 'certification signature with DocMDP permission 1, 2 or 3', number('certify'))
  .option('--invisible', 'no visible seal')
  .option('--seal-name <text>', 'text under the star, e.g. 成绩专用章')
  .option('--seal-image <file>', 'draw this PNG or SVG instead of the generated round seal')
  .option('--seal-size <mm>', 'seal width in millimetres', number('seal-size'))
  .option('--reason <text>', 'reason recorded in the signature')
  .option('--tsa-url <url>', 'external RFC 3161 timestamp authority instead of the built-in one')
  .option('--field <name>', 'signature field name; an existing empty signature field is signed into')
  .option(
    '--reserve-field <spec...>',
    'reserve empty signature fields for later signatures: NAME (invisible) or NAME@PAGE,X,Y (this seal there)',
  )
  .action((input, opts) => signCommand(input, opts));

program
  .command('verify')
  .description('verify the signatures of a PDF; exit 0 only if authentic and unmodified')
  .argument('<file>', 'PDF to verify')
  .option('--trust <pem...>', 'trusted root certificate(s), PEM')
  .option('--json', 'print the full report as JSON')
  .option('--fetch-revocation', 'fetch OCSP/CRL from the URLs in the certificates')
  .action((file, opts) => verifyCommand(file, opts));

program
  .command('token-helper')
  .description(
    'let the contract-signing page sign with a UKey through PKCS#11, on 127.0.0.1 only ' +
      '(PIN: OPENSEAL_TOKEN_PIN or the terminal)',
  )
  .requiredOption('--module <path>', 'PKCS#11 module of the UKey, e.g. /usr/lib/softhsm/libsofthsm2.so')
  .option('--token <label>', 'token label (default: the one UKey plugged in)')
  .option(
    '--origin <origin>',
    'site whose pages may use the UKey, e.g. https://console.example.edu.cn (repeatable)',
    repeated,
    [],
  )
  .option('--port <port>', 'loopback port', port, 7480)
  .action((opts) => tokenHelper(opts));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`openseal: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  // A refusal with a stable code (a wrong passphrase, a PDF that cannot be sealed, a bad setting).
  if (isOpenSealError(error)) {
    process.stderr.write(`openseal: ${error.code}: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
