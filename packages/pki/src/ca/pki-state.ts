// pki.json: everything about the PKI that is not a certificate or key. Never holds a secret.

import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRevocationReason, type RevocationReason } from '../crl/revocation-reason.ts';
import { PkiError } from '../errors.ts';
import { isKeyAlgorithm, type KeyAlgorithm } from '../keys/key-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import { formatName } from '../x509/name.ts';
import { STATE_FILE, writeFileAtomic } from './pki-files.ts';

export type CaName = 'root' | 'issuing';

export interface IssuedRecord {
  /** Lowercase hex, as Certificate.serialHex. */
  serial: string;
  ca: CaName;
  profile: string;
  subject: string;
  notAfter: string;
}

export interface RevocationRecord {
  serial: string;
  ca: CaName;
  revokedAt: string;
  reason?: RevocationReason;
}

export interface PkiState {
  version: 1;
  baseUrl: string;
  keyAlgorithm: KeyAlgorithm;
  issued: IssuedRecord[];
  revocations: RevocationRecord[];
  /** Last cRLNumber issued per CA, as a decimal string (RFC 5280 5.2.3: monotonically increasing). */
  crlNumbers: Record<CaName, string>;
}

export function issuedRecord(ca: CaName, certificate: Certificate, profile: string): IssuedRecord {
  return {
    serial: certificate.serialHex,
    ca,
    profile,
    subject: formatName(certificate.subject),
    notAfter: certificate.notAfter.toISOString(),
  };
}

export async function writeState(dir: string, state: PkiState): Promise<void> {
  await writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, 0o644);
}

export async function readState(dir: string): Promise<PkiState> {
  return parseState(dir, await readFile(join(dir, STATE_FILE), 'utf8').catch(notFound(dir)));
}

/** Synchronous variant, for re-reading the state another process changed (see DiskPki). */
export function readStateSync(dir: string): PkiState {
  let text: string;
  try {
    text = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch (cause) {
    return notFound(dir)(cause);
  }
  return parseState(dir, text);
}

/**
 * Identifies one write of pki.json, to notice writes by other processes. Every write is an atomic
 * rename (a new inode); mtime alone is too coarse, as the kernel stamps it at clock-tick resolution.
 */
export function stateStamp(dir: string): string {
  const { ino, mtimeMs, size } = statSync(join(dir, STATE_FILE));
  return `${ino}:${mtimeMs}:${size}`;
}

const notFound =
  (dir: string) =>
  (cause: unknown): never => {
    throw new PkiError(
      'ERR_PKI_NOT_FOUND',
      `no PKI in ${dir} (${STATE_FILE} missing); run "openseal pki init"`,
      {
        cause,
      },
    );
  };

function parseState(dir: string, text: string): PkiState {
  try {
    return checkState(JSON.parse(text));
  } catch (cause) {
    throw new PkiError('ERR_PKI_NOT_FOUND', `${STATE_FILE} in ${dir} is damaged`, { cause });
  }
}

const isCa = (v: unknown): v is CaName => v === 'root' || v === 'issuing';
const isHex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]+$/.test(v);
const isDate = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isDecimal = (v: unknown): v is string => typeof v === 'string' && /^\d+$/.test(v);

function checkState(raw: unknown): PkiState {
  const s = raw as Partial<PkiState> | null;
  const ok =
    s !== null &&
    typeof s === 'object' &&
    s.version === 1 &&
    typeof s.baseUrl === 'string' &&
    typeof s.keyAlgorithm === 'string' &&
    isKeyAlgorithm(s.keyAlgorithm) &&
    Array.isArray(s.issued) &&
    s.issued.every(
      (r) =>
        isHex(r?.serial) &&
        isCa(r.ca) &&
        typeof r.profile === 'string' &&
        typeof r.subject === 'string' &&
        isDate(r.notAfter),
    ) &&
    Array.isArray(s.revocations) &&
    s.revocations.every(
      (r) =>
        isHex(r?.serial) &&
        isCa(r.ca) &&
        isDate(r.revokedAt) &&
        (r.reason === undefined || isRevocationReason(r.reason)),
    ) &&
    typeof s.crlNumbers === 'object' &&
    s.crlNumbers !== null &&
    isDecimal(s.crlNumbers.root) &&
    isDecimal(s.crlNumbers.issuing);
  if (!ok) throw new Error('unexpected structure');
  return s as PkiState;
}
