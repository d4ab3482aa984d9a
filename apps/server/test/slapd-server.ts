// A real OpenLDAP slapd for directory-sync tests: started as the current user on a loopback port
// with a temporary slapd.conf and mdb database, loaded from an LDIF with slapadd.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirectoryConfig } from '@openseal/contract';
import { freePort, waitForPort } from './free-port.ts';
import { loopbackCertificate } from './loopback-certificate.ts';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const LDAPMODIFY = '/usr/bin/ldapmodify';

export const SLAPD_SUFFIX = 'dc=school,dc=test';
export const SLAPD_ROOT_DN = `cn=admin,${SLAPD_SUFFIX}`;
export const SLAPD_ROOT_PASSWORD = 'slapd-test-secret';

/** The directory settings that read the test tree (units under ou=units, people under ou=people). */
export const slapdDirectoryConfig = (url: string): DirectoryConfig => ({
  url,
  startTls: false,
  caCertificate: null,
  bindDn: SLAPD_ROOT_DN,
  unitBase: `ou=units,${SLAPD_SUFFIX}`,
  unitFilter: '(&(objectClass=organizationalUnit)(description=*))',
  peopleBase: `ou=people,${SLAPD_SUFFIX}`,
  peopleFilter: '(objectClass=inetOrgPerson)',
  attributes: {
    unitCode: 'ou',
    unitName: 'description',
    unitNameEn: 'l',
    unitParent: 'businessCategory',
    personCampusId: 'employeeNumber',
    personName: 'cn',
    personEmail: 'mail',
    personPhone: 'telephoneNumber',
    personUnit: 'departmentNumber',
  },
  intervalMinutes: null,
  maxDisablePercent: 30,
});

/** Why slapd cannot run here; undefined when it can. In CI a missing slapd fails instead of skipping. */
export function slapdMissing(): string | undefined {
  const missing = [SLAPD, SLAPADD, LDAPMODIFY].filter((p) => !existsSync(p));
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(', ')} missing: apt-get install slapd ldap-utils (as .ci/run does)`;
  if (process.env['CI'] === 'true') throw new Error(reason);
  return reason;
}

export interface Slapd {
  url: string;
  /** ldaps:// on a second port; StartTLS works on `url` too. */
  ldapsUrl: string;
  /** The PEM of the self-signed certificate (for 127.0.0.1) the server presents. */
  caCertificate: string;
  /** Applies an LDIF change (ldapmodify as the root DN). */
  modify(ldif: string): void;
  stop(): Promise<void>;
}

export async function startSlapd(ldif: string): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-slapd-'));
  const dbDir = join(dir, 'db');
  mkdirSync(dbDir);
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      'maxsize 16777216',
      `suffix "${SLAPD_SUFFIX}"`,
      `rootdn "${SLAPD_ROOT_DN}"`,
      `rootpw ${SLAPD_ROOT_PASSWORD}`,
      `directory ${dbDir}`,
      '',
    ].join('\n'),
  );
  // A throw-away certificate for 127.0.0.1, so LDAPS and StartTLS are checked against a real handshake.
  const { cert, key } = loopbackCertificate(dir);
  appendFileSync(conf, `TLSCertificateFile ${cert}\nTLSCertificateKeyFile ${key}\n`);
  const ldifFile = join(dir, 'data.ldif');
  writeFileSync(ldifFile, ldif);
  const add = spawnSync(SLAPADD, ['-f', conf, '-l', ldifFile], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`slapadd failed: ${add.stderr}`);
  const port = await freePort();
  const tlsPort = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${tlsPort}`;
  // -d keeps slapd in the foreground, so the test owns the process and stops it by its pid.
  const child = spawn(SLAPD, ['-h', `${url} ${ldapsUrl}`, '-f', conf, '-d', '0'], { stdio: 'ignore' });
  await waitForPort('slapd', port, child);
  await waitForPort('slapd', tlsPort, child);
  return {
    url,
    ldapsUrl,
    caCertificate: readFileSync(cert, 'utf8'),
    modify(change) {
      const res = spawnSync(LDAPMODIFY, ['-x', '-H', url, '-D', SLAPD_ROOT_DN, '-w', SLAPD_ROOT_PASSWORD], {
        input: change,
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`ldapmodify failed: ${res.stderr}`);
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
