// Verifies an uploaded PDF against the built-in PKIs' roots (RSA/ECDSA and SM2) and looks up what our
// own records say: which of our seals made each signature, and whether this exact file is one we issued.
import { createHash } from 'node:crypto';
import { MAX_VERIFY_BYTES, type VerificationResult } from '@openseal/contract';
import { VerifyError, verify } from '@openseal/pdf-sign';
import type { Pki } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, packageRefusal } from '../../errors.ts';
import { voidedContractOf } from '../contracts/contract-closing.ts';
import { archivedCredentialBySha256 } from '../credentials/archive-service.ts';
import { sm3Hex } from '../sealing/document-sm3.ts';
import { isIssuedDocument } from '../sealing/ledger-reads.ts';
import { sealNamesByCertificate } from '../seals/seals-service.ts';
import { liveRevocationOf } from './live-revocation.ts';
import { verificationResult, withArchiveStatus, withVoidedContract } from './verification-result.ts';

export interface VerificationContext {
  db: Kysely<Database>;
  clock: () => Date;
  /** The trust anchor is its root; without it nothing can be confirmed. */
  pki?: Pki;
  /** The SM2 hierarchy: its root is trusted too, for SM2 seals and the SM2 TSA's tokens. */
  sm2Pki?: Pki;
  /** The school's time zone, for the dates in the summary. */
  timeZone?: string;
}

export async function verifyUpload(ctx: VerificationContext, pdf: Uint8Array): Promise<VerificationResult> {
  if (!ctx.pki) throw new AppError('ERR_PKI_UNAVAILABLE', 'verification needs the built-in PKI root');
  const pkis = [ctx.pki, ...(ctx.sm2Pki ? [ctx.sm2Pki] : [])];
  let report: Awaited<ReturnType<typeof verify>>;
  try {
    report = await verify(pdf, {
      trustAnchors: pkis.map((p) => p.root.certificate),
      clock: ctx.clock,
      limits: { maxBytes: MAX_VERIFY_BYTES },
      ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
      // Our own seals: what the PKI says now, whatever the file carries.
      revocation: 'fetch',
      fetchRevocation: liveRevocationOf(pkis, ctx.clock),
    });
  } catch (e) {
    throw unreadable(e);
  }
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const sm3 = sm3Hex(pdf);
  const fingerprints = report.signatures.flatMap((s) =>
    s.intact && s.valid && s.trusted && s.signer ? [s.signer] : [],
  );
  const [sealNames, inLedger, credential, voided] = await Promise.all([
    sealNamesByCertificate(
      ctx.db,
      fingerprints.map((s) => s.serialHex),
    ),
    isIssuedDocument(ctx.db, { sha256, sm3 }),
    archivedCredentialBySha256(ctx.db, sha256),
    voidedContractOf(ctx.db, sha256),
  ]);
  const result = withArchiveStatus(
    verificationResult(report, { sealNames, inLedger, sha256, sm3 }),
    credential,
  );
  return voided ? withVoidedContract(result, voided, ctx.timeZone) : result;
}

/** A file verify() cannot read is the uploader's problem (4xx), with the reason in the details. */
function unreadable(e: unknown): unknown {
  if (!(e instanceof VerifyError)) return e;
  // Too large says all by its code; any other reason is named in the details.
  const details = e.code === 'ERR_PDF_TOO_LARGE' ? undefined : [`${e.code}: ${e.message}`];
  return packageRefusal('verifyDocument', e, e.message, details);
}
