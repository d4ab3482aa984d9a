// A real Exim (Debian's exim4-daemon-light) for the email channel's tests: started in the foreground
// on a loopback port with a temporary configuration that asks for SMTP AUTH, offers STARTTLS with a
// throw-away certificate, and delivers every local address to one maildir the test reads.
import { spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { freePort, waitForPort } from './free-port.ts';
import { loopbackCertificate } from './loopback-certificate.ts';

const EXIM = '/usr/sbin/exim4';

export const SMTP_USER = 'openseal';
export const SMTP_PASSWORD = 'smtp-test-secret';
/** The mail domain Exim delivers locally. */
export const MAIL_DOMAIN = 'school.test';

/** Why Exim cannot run here; undefined when it can. In CI a missing Exim fails instead of skipping. */
export function eximMissing(): string | undefined {
  if (existsSync(EXIM)) return undefined;
  const reason = `${EXIM} missing: apt-get install exim4-daemon-light (as .ci/run does)`;
  if (process.env['CI'] === 'true') throw new Error(reason);
  return reason;
}

export interface DeliveredMail {
  /** Its maildir file name, unique per message. */
  file: string;
  /** The address Exim delivered it to (its Envelope-to header). */
  to: string;
  parsed: ParsedMail;
}

export interface Exim {
  port: number;
  /** PEM of the self-signed certificate (for 127.0.0.1) offered with STARTTLS. */
  caCertificate: string;
  /**
   * Every message delivered so far, in no particular order: maildir names carry unpadded
   * microseconds, so sorting them does not give delivery order. Tell new mail by its `file`.
   */
  delivered(): Promise<DeliveredMail[]>;
  stop(): Promise<void>;
}

/**
 * Exim refuses to run its daemon or deliveries as root: as root the test runs it as Debian-exim (the
 * package's user) and hands it the directory; otherwise as the current user.
 */
function eximUser(): { name: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid };
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'Debian-exim'], { encoding: 'utf8' }).stdout.trim());
  return { name: 'Debian-exim', uid: id('-u'), gid: id('-g') };
}

export async function startExim(): Promise<Exim> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-exim-'));
  const maildir = join(dir, 'maildir');
  for (const d of ['spool', 'log', maildir]) mkdirSync(join(dir, d), { recursive: true });
  const { cert, key } = loopbackCertificate(dir);
  const port = await freePort();
  const user = eximUser();
  const conf = join(dir, 'exim.conf');
  writeFileSync(
    conf,
    [
      `exim_path = ${EXIM}`,
      `spool_directory = ${dir}/spool`,
      `log_file_path = ${dir}/log/%slog`,
      `pid_file_path = ${dir}/exim.pid`,
      'keep_environment =',
      `primary_hostname = mail.${MAIL_DOMAIN}`,
      `qualify_domain = ${MAIL_DOMAIN}`,
      `domainlist local_domains = ${MAIL_DOMAIN}`,
      `local_interfaces = <; 127.0.0.1.${port}`,
      `daemon_smtp_ports = ${port}`,
      `exim_user = ${user.name}`,
      `exim_group = ${user.gid}`,
      `trusted_users = ${user.name}`,
      'host_lookup =',
      'rfc1413_hosts =',
      'acl_smtp_rcpt = acl_check_rcpt',
      'auth_advertise_hosts = *',
      'tls_advertise_hosts = *',
      `tls_certificate = ${cert}`,
      `tls_privatekey = ${key}`,
      'begin acl',
      'acl_check_rcpt:',
      '  deny !authenticated = *',
      '  accept domains = +local_domains',
      '  deny',
      'begin routers',
      'mailbox:',
      '  driver = accept',
      '  domains = +local_domains',
      '  transport = maildir',
      'begin transports',
      // One maildir for every address: each message is its own file, with its Envelope-to header.
      'maildir:',
      '  driver = appendfile',
      `  directory = ${maildir}`,
      '  maildir_format = true',
      `  user = ${user.name}`,
      `  group = ${user.gid}`,
      '  envelope_to_add',
      '  return_path_add',
      'begin authenticators',
      'plain:',
      '  driver = plaintext',
      '  public_name = PLAIN',
      '  server_prompts = :',
      `  server_condition = \${if and {{eq{$auth2}{${SMTP_USER}}}{eq{$auth3}{${SMTP_PASSWORD}}}}}`,
      '  server_set_id = $auth2',
      'login:',
      '  driver = plaintext',
      '  public_name = LOGIN',
      '  server_prompts = Username:: : Password::',
      `  server_condition = \${if and {{eq{$auth1}{${SMTP_USER}}}{eq{$auth2}{${SMTP_PASSWORD}}}}}`,
      '  server_set_id = $auth1',
      '',
    ].join('\n'),
  );
  const chownAll = (path: string) => {
    chownSync(path, user.uid, user.gid);
    for (const entry of readdirSync(path, { withFileTypes: true }))
      if (entry.isDirectory()) chownAll(join(path, entry.name));
      // The configuration must stay root's: Exim refuses one its own user could rewrite.
      else if (entry.name !== 'exim.conf') chownSync(join(path, entry.name), user.uid, user.gid);
  };
  if (userInfo().uid === 0) chownAll(dir);
  const log = () => {
    const file = join(dir, 'log', 'mainlog');
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
  };
  // -bdf: the daemon in the foreground, so the test owns the process; -odi: deliver before answering.
  const child = spawn(EXIM, ['-C', conf, '-bdf', '-odi'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += String(c);
  });
  await waitForPort('exim', port, child, () => `${stderr}${log()}`);
  return {
    port,
    caCertificate: readFileSync(cert, 'utf8'),
    async delivered() {
      const files = ['new', 'cur'].flatMap((sub) => {
        const d = join(maildir, sub);
        return existsSync(d) ? readdirSync(d).map((f) => ({ file: f, path: join(d, f) })) : [];
      });
      return Promise.all(
        files.map(async ({ file, path }) => {
          const parsed = await simpleParser(readFileSync(path));
          return { file, to: String(parsed.headers.get('envelope-to') ?? ''), parsed };
        }),
      );
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
