import type { CryptoMode, Pkcs11Token, Pki, Timestamper } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditEvent } from '../audit/audit-log.ts';

/** What the seal service needs, passed in (no globals): without a PKI and KEK, keys cannot be made or used. */
export interface SealsContext {
  db: Kysely<Database>;
  clock: () => Date;
  /** The school's time zone (OPENSEAL_TIME_ZONE): the off-hours risk rule's default zone. */
  timeZone?: string;
  /** The RSA/ECDSA hierarchy: certifies those seal keys; the audit and risk rules use its TSA and CA. */
  pki?: Pki;
  /** The SM2 (国密) hierarchy: certifies SM2 seal keys. */
  sm2Pki?: Pki;
  kek?: Uint8Array;
  /** The envelope seal keys are written in (OPENSEAL_CRYPTO_MODE); absent: standard. */
  cryptoMode?: CryptoMode;
  /** SM3 imprints go to the SM2 TSA, others to the first PKI's (server-pki.ts serverTimestamper). */
  timestamper?: Timestamper;
  /** The PKCS#11 token seal keys may be generated in (OPENSEAL_PKCS11_*); absent: software keys only. */
  pkcs11?: Pkcs11Token;
}

/** Who acts, for the audit entry. */
export type SealActor = Omit<AuditEvent, 'action' | 'object' | 'outcome'> & { actor: string; userId: string };

/** The audit entry's "who" fields of a seal actor (appendAudit fills the absent ones with null). */
export const auditWho = ({
  actor,
  role,
  org,
  requestId,
}: SealActor): Omit<AuditEvent, 'action' | 'object' | 'outcome'> => ({
  actor,
  role,
  org,
  requestId,
});
