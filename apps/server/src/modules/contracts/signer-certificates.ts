// Certificates for people's own keys. The key proves itself by signing its certification request;
// the subject is never taken from the request but from the signed-in account the identity check
// vouched for, under the school's name. One certificate per key and person, reused while valid.
import { createHash, randomUUID } from 'node:crypto';
import { EXTERNAL_USERNAME_PREFIX } from '@openseal/contract';
import {
  Certificate,
  type DistinguishedName,
  formatName,
  PkiError,
  parseCertificationRequest,
} from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Account } from '../auth/accounts.ts';
import { schoolProfile } from '../school/school-service.ts';
import type { ContractsContext } from './contracts-context.ts';

export interface SignerCertificateIssued {
  certificate: Certificate;
  subject: string;
  /** Newly issued now (an event for the evidence), or found from an earlier contract. */
  fresh: boolean;
}

/** X.520 PrintableString's alphabet: a username outside it is left out of serialNumber. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]{1,64}$/;

export async function certifySignerKey(
  ctx: ContractsContext,
  account: Account,
  csrDer: Uint8Array,
): Promise<SignerCertificateIssued> {
  const pki = ctx.seals.pki;
  if (!pki) throw new AppError('ERR_PKI_UNAVAILABLE');
  let publicKey: ReturnType<typeof parseCertificationRequest>['publicKey'];
  try {
    ({ publicKey } = parseCertificationRequest(csrDer));
  } catch (e) {
    if (e instanceof PkiError) throw new AppError('ERR_SIGNER_KEY_INVALID', e.message);
    throw e;
  }
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const spkiSha256 = createHash('sha256').update(spki).digest('hex');
  const now = ctx.clock();
  const kept = await keptCertificate(ctx.db, account.id, spkiSha256, now);
  if (kept) return { certificate: kept, subject: formatName(kept.subject), fresh: false };

  const subject = await personSubject(ctx.db, account, 'signer-held');
  const certificate = await pki.issue({ profile: 'person', subject, publicKey, now });
  await ctx.db
    .insertInto('signer_certificates')
    .values({
      id: randomUUID(),
      user_id: account.id,
      spki_sha256: spkiSha256,
      certificate: certificate.der,
      subject: formatName(certificate.subject),
      not_after: certificate.notAfter.toISOString(),
      issued_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['user_id', 'spki_sha256']).doNothing())
    .execute();
  return { certificate, subject: formatName(certificate.subject), fresh: true };
}

/**
 * A person's certificate subject: the school, the campus username (when PrintableString can carry it)
 * and the name from the account; an event certificate says it is one in its OU.
 */
export async function personSubject(
  db: Kysely<Database>,
  account: Account,
  kind: 'signer-held' | 'event',
): Promise<DistinguishedName> {
  const school = await schoolProfile(db);
  // A person from outside (one-time code) is certified by the school's CA but is not of the school.
  const outsider = account.username.startsWith(EXTERNAL_USERNAME_PREFIX);
  return [
    { type: 'C', value: 'CN' },
    outsider ? { type: 'OU', value: '外部签署人 External signer' } : { type: 'O', value: school.nameZh },
    ...(kind === 'event' ? [{ type: 'OU', value: '事件证书 Event certificate' }] : []),
    ...(PRINTABLE.test(account.username) ? [{ type: 'serialNumber', value: account.username }] : []),
    { type: 'CN', value: account.displayName },
  ];
}

async function keptCertificate(
  db: Kysely<Database>,
  userId: string,
  spkiSha256: string,
  now: Date,
): Promise<Certificate | undefined> {
  const row = await db
    .selectFrom('signer_certificates')
    .select(['certificate', 'not_after'])
    .where('user_id', '=', userId)
    .where('spki_sha256', '=', spkiSha256)
    .executeTakeFirst();
  if (!row || row.not_after <= now.toISOString()) return undefined;
  return Certificate.fromDer(row.certificate);
}

/** The certificate `der` if it is one this server issued to `userId`, else undefined. */
export async function signerCertificateOf(
  db: Kysely<Database>,
  userId: string,
  der: Uint8Array,
): Promise<Certificate | undefined> {
  let certificate: Certificate;
  try {
    certificate = Certificate.fromDer(der);
  } catch {
    return undefined;
  }
  const spkiSha256 = createHash('sha256').update(certificate.spkiDer).digest('hex');
  const row = await db
    .selectFrom('signer_certificates')
    .select('certificate')
    .where('user_id', '=', userId)
    .where('spki_sha256', '=', spkiSha256)
    .executeTakeFirst();
  return row && Buffer.from(row.certificate).equals(Buffer.from(der)) ? certificate : undefined;
}
