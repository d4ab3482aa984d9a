// The validation report of @openseal/pdf-sign as the public API's JSON: plain fields for people, and
// the structured report for experts with dates as ISO strings. Pure: the seal names and the ledger
// answer are looked up elsewhere and passed in.
import type {
  ArchivedCredentialStatus,
  VerificationDetailsSignature,
  VerificationResult,
  VerifiedSignature,
} from '@openseal/contract';
import type { SignatureReport, VerificationReport } from '@openseal/pdf-sign';

export interface Lookups {
  /** Seal names by the SHA-256 fingerprint of their current certificate. */
  sealNames: ReadonlyMap<string, string>;
  /** The uploaded file's digests match a row of the ledger of sealed documents. */
  inLedger: boolean;
  sha256: string;
  sm3: string;
}

const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);

/**
 * Plain terms for one signature. A seal name is only given for a signature that verifies and chains to
 * our root: a certificate copied into a broken signature proves nothing.
 */
export function plainSignature(
  s: SignatureReport,
  sealNames: ReadonlyMap<string, string>,
): VerifiedSignature {
  const fingerprint = s.signer?.fingerprintSha256;
  const signatureValid = s.intact && s.valid;
  return {
    kind: s.kind,
    signatureValid,
    signer: s.signer?.commonName ?? null,
    institution: s.signer?.organization ?? null,
    signerKind: signatureValid && s.trusted ? (s.signer?.signerKind ?? null) : null,
    sealName: signatureValid && s.trusted && fingerprint ? (sealNames.get(fingerprint) ?? null) : null,
    signedAt: iso(s.signingTime?.time),
    timestamped: s.signingTime !== undefined && s.signingTime.source !== 'claimed',
    coversWholeDocument: s.coverage === 'entire-file',
    level: s.pades.conformant ? (s.pades.level ?? null) : null,
    indication: s.indication,
  };
}

export function expertSignature(s: SignatureReport): VerificationDetailsSignature {
  return {
    index: s.index,
    fieldName: s.fieldName ?? null,
    kind: s.kind,
    subFilter: s.subFilter,
    intact: s.intact,
    valid: s.valid,
    trusted: s.trusted,
    keyUsageOk: s.keyUsageOk,
    algorithm: s.algorithm ?? null,
    signer: s.signer
      ? {
          subject: s.signer.subject,
          serialHex: s.signer.serialHex,
          fingerprintSha256: s.signer.fingerprintSha256,
          notBefore: s.signer.notBefore.toISOString(),
          notAfter: s.signer.notAfter.toISOString(),
        }
      : null,
    chain: s.chain.map((c) => ({ subject: c.subject, serialHex: c.serialHex })),
    signingTime: s.signingTime
      ? { time: s.signingTime.time.toISOString(), source: s.signingTime.source }
      : null,
    timestamp: s.timestamp
      ? {
          time: s.timestamp.time.toISOString(),
          intact: s.timestamp.intact,
          valid: s.timestamp.valid,
          trusted: s.timestamp.trusted,
          tsa: s.timestamp.tsa ?? null,
        }
      : null,
    revocation: {
      status: s.revocation.status,
      source: s.revocation.source ?? null,
      revokedAt: iso(s.revocation.revokedAt),
      reason: s.revocation.reason ?? null,
      detail: s.revocation.detail ?? null,
    },
    coverage: s.coverage,
    revision: s.revision,
    modifications: s.modifications,
    modificationDetails: [...s.modificationDetails],
    docMdp: s.docMdp ? { permission: s.docMdp.permission, violated: s.docMdp.violated } : null,
    pades: { conformant: s.pades.conformant, level: s.pades.level ?? null, problems: [...s.pades.problems] },
    indication: s.indication,
    subIndication: s.subIndication ?? null,
    problems: s.problems.map((p) => ({ code: p.code, message: p.message })),
  };
}

export function verificationResult(report: VerificationReport, lookups: Lookups): VerificationResult {
  return {
    verdict: report.verdict,
    summary: { zh: report.summary.zh, en: report.summary.en },
    signatures: report.signatures.map((s) => plainSignature(s, lookups.sealNames)),
    inLedger: lookups.inLedger,
    credential: null,
    sha256: lookups.sha256,
    sm3: lookups.sm3,
    details: {
      revisions: report.revisions,
      checkedAt: report.checkedAt.toISOString(),
      signatures: report.signatures.map(expertSignature),
      activeContent: report.activeContent.map((a) => ({ kind: a.kind, where: a.where })),
    },
  };
}

/**
 * What our archive says about this exact file. A credential the archive revoked is 'revoked' even when
 * its signatures hold: the seal is genuine, but the school withdrew the document.
 */
export function withArchiveStatus(
  result: VerificationResult,
  credential: ArchivedCredentialStatus | null,
): VerificationResult {
  if (!credential) return result;
  if (credential.status !== 'revoked' || result.verdict !== 'authentic') return { ...result, credential };
  const when = credential.revokedAt ? credential.revokedAt.slice(0, 10) : null;
  const reason = credential.revokeReason;
  return {
    ...result,
    credential,
    verdict: 'revoked',
    summary: {
      zh: `该文件的电子印章真实有效，但学校已于${when ?? '此前'}撤销这份${credential.typeName.zh}${reason ? `，原因：${reason}` : ''}。请勿再采信该文件。`,
      en: `The seal on this file is genuine, but the school revoked this ${credential.typeName.en}${when ? ` on ${when}` : ''}${reason ? ` (reason: ${reason})` : ''}. Do not rely on it.`,
    },
  };
}

/**
 * A file that is a state of a contract since voided (作废): its seals may be genuine, but the parties
 * withdrew it, so an otherwise authentic verdict becomes revoked, with the reason and the day.
 */
export function withVoidedContract(
  result: VerificationResult,
  voided: NonNullable<VerificationResult['voidedContract']>,
  timeZone = 'Asia/Shanghai',
): VerificationResult {
  const day = new Date(voided.voidedAt).toLocaleDateString('en-CA', { timeZone });
  if (result.verdict !== 'authentic') return { ...result, voidedContract: voided };
  return {
    ...result,
    voidedContract: voided,
    verdict: 'revoked',
    summary: {
      zh: `该文件的电子签名真实有效，但合同《${voided.title}》已于 ${day} 作废，原因：${voided.reason}。请勿再采信该文件。`,
      en: `The signatures on this file are genuine, but the contract “${voided.title}” was voided on ${day} (reason: ${voided.reason}). Do not rely on it.`,
    },
  };
}
