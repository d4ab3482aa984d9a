import { isIP } from 'node:net';
import type { DirectoryAttributes } from '@openseal/contract';
import { Client, type Entry } from 'ldapts';
import { AppError } from '../../errors.ts';
import type { DirectorySnapshot } from './directory-source.ts';

export interface LdapSourceSettings {
  url: string;
  startTls: boolean;
  caCertificate: string | null;
  bindDn: string;
  unitBase: string;
  unitFilter: string;
  peopleBase: string;
  peopleFilter: string;
  attributes: DirectoryAttributes;
}

/** The host a StartTLS certificate must name; SNI only for a DNS name (RFC 6066 3: never an address). */
function serverName(url: string): { host: string; servername?: string } {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? { host } : { host, servername: host };
}

/** The first value of an attribute as text; null when absent or empty. */
function text(entry: Entry, attribute: string): string | null {
  const value = entry[attribute];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return null;
  const s = (typeof first === 'string' ? first : first.toString('utf8')).trim();
  return s === '' ? null : s;
}

/**
 * Reads the units and people from an LDAP server: binds with the service DN, optionally upgrades with
 * StartTLS (ldaps:// URLs are TLS from the start), searches the two subtrees. Entries missing a
 * required attribute are refused by name (ERR_DIRECTORY_DATA) rather than skipped: skipping a person
 * would disable them. The password is passed in, never logged or put in an error.
 */
export async function readLdapDirectory(
  settings: LdapSourceSettings,
  bindPassword: string,
): Promise<DirectorySnapshot> {
  // The server's certificate is always verified: against the configured CA, else the system's.
  const tls = settings.caCertificate ? { ca: [settings.caCertificate] } : {};
  // ldapts opens TLS at once whenever tlsOptions are given: only for ldaps://, StartTLS upgrades later.
  const ldaps = settings.url.startsWith('ldaps://');
  const client = new Client({
    url: settings.url,
    timeout: 30_000,
    connectTimeout: 10_000,
    ...(ldaps ? { tlsOptions: tls } : {}),
  });
  const a = settings.attributes;
  let units: Entry[];
  let people: Entry[];
  try {
    // ldapts upgrades the open socket without naming the host, and Node would then check the
    // certificate against "localhost": name the server, so its certificate is checked against it.
    if (settings.startTls && !ldaps) await client.startTLS({ ...tls, ...serverName(settings.url) });
    await client.bind(settings.bindDn, bindPassword);
    units = (
      await client.search(settings.unitBase, {
        scope: 'sub',
        filter: settings.unitFilter,
        attributes: [a.unitCode, a.unitName, a.unitNameEn, a.unitParent],
        paged: true,
      })
    ).searchEntries;
    people = (
      await client.search(settings.peopleBase, {
        scope: 'sub',
        filter: settings.peopleFilter,
        attributes: [a.personCampusId, a.personName, a.personEmail, a.personPhone, a.personUnit],
        paged: true,
      })
    ).searchEntries;
  } catch (err) {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
    throw new AppError('ERR_DIRECTORY_SOURCE', `LDAP ${settings.url}: ${reason}`, [reason]);
  } finally {
    await client.unbind().catch(() => undefined);
  }
  const problems: string[] = [];
  const snapshot: DirectorySnapshot = { units: [], people: [] };
  for (const e of units) {
    const code = text(e, a.unitCode);
    const nameZh = text(e, a.unitName);
    if (!code || !nameZh) {
      problems.push(`${e.dn}: no ${a.unitCode} or ${a.unitName}`);
      continue;
    }
    snapshot.units.push({
      code,
      nameZh,
      nameEn: text(e, a.unitNameEn) ?? nameZh,
      parentCode: text(e, a.unitParent),
    });
  }
  for (const e of people) {
    const campusId = text(e, a.personCampusId);
    const name = text(e, a.personName);
    const unitCode = text(e, a.personUnit);
    if (!campusId || !name || !unitCode) {
      problems.push(`${e.dn}: no ${a.personCampusId}, ${a.personName} or ${a.personUnit}`);
      continue;
    }
    snapshot.people.push({
      campusId,
      name,
      email: text(e, a.personEmail),
      phone: text(e, a.personPhone),
      unitCode,
    });
  }
  if (problems.length > 0) throw new AppError('ERR_DIRECTORY_DATA', problems.join('; '), problems);
  return snapshot;
}
