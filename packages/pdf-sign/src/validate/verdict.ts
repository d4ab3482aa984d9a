// The one place where the structured report becomes words: each signature's ETSI indication, the
// document verdict, and the bilingual summary a registrar or an employer abroad reads.

import type { ActiveContent } from '../core/active-content.ts';
import type { Indication, ModificationLevel, Problem, SignatureReport, Verdict } from './report.ts';
import { MODIFICATION_ORDER } from './report.ts';

/** Problems that make a signature itself broken or forged. */
const FORMAT_CODES =
  /^(BYTE_RANGE_|CONTENTS_|CMS_|SIGNER_CERT_MISSING|UNSUPPORTED_SUBFILTER|DOC_TIMESTAMP_INVALID|SIGNATURE_DICT_)/;
const CRYPTO_CODES = new Set([
  'DIGEST_MISMATCH',
  'SIGNATURE_INVALID',
  'SIGNING_CERT_MISMATCH',
  'DOC_TIMESTAMP_IMPRINT_MISMATCH',
  'DOC_TIMESTAMP_SIGNATURE_INVALID',
]);

const has = (s: Pick<SignatureReport, 'problems'>, code: string) => s.problems.some((p) => p.code === code);
const beyond = (level: ModificationLevel, limit: ModificationLevel) =>
  MODIFICATION_ORDER.indexOf(level) > MODIFICATION_ORDER.indexOf(limit);

/** A signature left unchecked because its algorithm is too weak is not broken: it cannot be relied on. */
export function isBroken(s: Pick<SignatureReport, 'intact' | 'valid' | 'problems'>): boolean {
  return (
    !s.intact ||
    (!s.valid && !has(s, 'WEAK_ALGORITHM')) ||
    s.problems.some((p) => FORMAT_CODES.test(p.code) || CRYPTO_CODES.has(p.code))
  );
}

/** ETSI EN 319 102-1 style indication with a sub-indication in plain words. */
export function indicate(s: Omit<SignatureReport, 'indication' | 'subIndication'>): {
  indication: Indication;
  subIndication?: string;
} {
  const first = (pred: (p: Problem) => boolean) => s.problems.find(pred)?.message;
  if (s.problems.some((p) => FORMAT_CODES.test(p.code))) {
    return {
      indication: 'FAILED',
      subIndication: `FORMAT_FAILURE: ${first((p) => FORMAT_CODES.test(p.code))}`,
    };
  }
  const unknownAlgorithm = first((p) => p.code === 'UNSUPPORTED_ALGORITHM');
  if (!s.intact && unknownAlgorithm && !s.problems.some((p) => CRYPTO_CODES.has(p.code))) {
    // An unknown digest: the bytes could not be hashed, so nothing says they changed.
    return { indication: 'INDETERMINATE', subIndication: `CRYPTO_CONSTRAINTS_FAILURE: ${unknownAlgorithm}` };
  }
  if (!s.intact)
    return {
      indication: 'FAILED',
      subIndication: `HASH_FAILURE: ${first((p) => CRYPTO_CODES.has(p.code)) ?? 'the signed bytes were changed'}`,
    };
  if (!s.valid) {
    const unsupported = first((p) => p.code === 'WEAK_ALGORITHM' || p.code === 'UNSUPPORTED_ALGORITHM');
    if (unsupported)
      return { indication: 'INDETERMINATE', subIndication: `CRYPTO_CONSTRAINTS_FAILURE: ${unsupported}` };
    return {
      indication: 'FAILED',
      subIndication: `SIG_CRYPTO_FAILURE: ${first((p) => CRYPTO_CODES.has(p.code)) ?? 'the signature does not verify'}`,
    };
  }
  if (has(s, 'WEAK_ALGORITHM')) {
    return {
      indication: 'INDETERMINATE',
      subIndication: `CRYPTO_CONSTRAINTS_FAILURE: ${first((p) => p.code === 'WEAK_ALGORITHM')}`,
    };
  }
  if (has(s, 'REVOKED'))
    return { indication: 'FAILED', subIndication: `REVOKED: ${first((p) => p.code === 'REVOKED')}` };
  if (s.docMdp?.violated) {
    return {
      indication: 'FAILED',
      subIndication: `DOCMDP_VIOLATION: the document was changed in a way its certification (P=${s.docMdp.permission}) forbids`,
    };
  }
  if (s.modifications === 'other') {
    return {
      indication: 'FAILED',
      subIndication: `DISALLOWED_MODIFICATION: ${s.modificationDetails[0] ?? 'the document was changed after signing'}`,
    };
  }
  if (has(s, 'NO_TRUSTED_CHAIN'))
    return {
      indication: 'INDETERMINATE',
      subIndication: `NO_CERTIFICATE_CHAIN_FOUND: ${first((p) => p.code === 'NO_TRUSTED_CHAIN')}`,
    };
  if (has(s, 'CHAIN_CONSTRAINTS') || has(s, 'KEY_USAGE')) {
    return {
      indication: 'INDETERMINATE',
      subIndication: `CHAIN_CONSTRAINTS_FAILURE: ${first((p) => p.code === 'CHAIN_CONSTRAINTS' || p.code === 'KEY_USAGE')}`,
    };
  }
  if (has(s, 'CERT_EXPIRED')) {
    return {
      indication: 'INDETERMINATE',
      subIndication: `OUT_OF_BOUNDS_NO_POE: ${first((p) => p.code === 'CERT_EXPIRED')}, and no trusted timestamp proves the signature was made before then`,
    };
  }
  if (has(s, 'CERT_NOT_YET_VALID')) {
    return {
      indication: 'INDETERMINATE',
      subIndication: `NOT_YET_VALID: ${first((p) => p.code === 'CERT_NOT_YET_VALID')}`,
    };
  }
  if (!s.trusted)
    return {
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND: the signer could not be confirmed',
    };
  return { indication: 'PASSED' };
}

export interface VerdictResult {
  verdict: Verdict;
  summary: { zh: string; en: string };
}

/**
 * The document verdict and its summary, from the signature reports and the active content a reader
 * would run: a script can change what is shown, so such a file is never simply "authentic".
 */
export function deriveVerdict(
  signatures: readonly SignatureReport[],
  scan: { found: readonly ActiveContent[]; unreadable?: string } = { found: [] },
  timeZone = 'UTC',
): VerdictResult {
  const result = verdictOfSignatures(signatures, stampIn(timeZone));
  if (result.verdict !== 'authentic' && result.verdict !== 'timestamped') return result;
  if (scan.unreadable) {
    return {
      verdict: 'indeterminate',
      summary: {
        zh: '签章完好，但文件的部分内容无法读取，无法确认其中没有可执行的活动内容。',
        en: `The seals are intact, but part of the document cannot be read (${scan.unreadable}), so it cannot be checked for scripts a reader may run.`,
      },
    };
  }
  if (scan.found.length === 0) return result;
  const found = scan.found.slice(0, 3);
  const en = found.map((a) => `${ACTIVE_WORDS[a.kind].en} (${a.where})`).join('; ');
  const zh = found.map((a) => ACTIVE_WORDS[a.kind].zh).join('、');
  return {
    verdict: 'indeterminate',
    summary: {
      zh: `签章完好，但文件含有阅读器可能执行的活动内容（${zh}），显示的内容可能与签章时不同，请勿仅凭显示内容采信。`,
      en: `The seals are intact, but the document contains active content a reader may run: ${en}. What a reader shows may differ from what was sealed; do not rely on what is displayed.`,
    },
  };
}

const ACTIVE_WORDS: Record<ActiveContent['kind'], { zh: string; en: string }> = {
  javascript: { zh: 'JavaScript 脚本', en: 'JavaScript' },
  launch: { zh: '启动外部程序的动作', en: 'an action that launches a program' },
  'embedded-file': { zh: '嵌入的附件', en: 'an embedded file' },
  xfa: { zh: 'XFA 动态表单', en: 'an XFA form' },
};

/** How a date reads in the summary: minutes, in the reader's (the school's) time zone, labelled. */
type Stamp = (d: Date) => string;

function stampIn(timeZone: string): Stamp {
  if (timeZone === 'UTC') return (d) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  });
  return (d) => {
    const part = (type: Intl.DateTimeFormatPartTypes) =>
      format.formatToParts(d).find((p) => p.type === type)?.value ?? '';
    const offset = part('timeZoneName').replace(/^GMT/, 'UTC') || 'UTC';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} (${offset})`;
  };
}

function verdictOfSignatures(signatures: readonly SignatureReport[], stamp: Stamp): VerdictResult {
  if (signatures.length === 0) {
    return {
      verdict: 'unsigned',
      summary: {
        zh: '文件没有数字签章，无法证明其来源和完整性。',
        en: 'The document carries no digital seal; its origin and integrity cannot be proven.',
      },
    };
  }
  const broken = signatures.find(isBroken);
  if (broken) {
    const r = brokenReason(broken);
    return {
      verdict: 'invalid',
      summary: {
        zh: `签章无效：${r.zh}。文件可能被篡改或伪造，请勿采信。`,
        en: `Invalid seal: ${r.en}. The document may have been altered or forged; do not rely on it.`,
      },
    };
  }
  const revoked = signatures.find((s) => has(s, 'REVOKED'));
  if (revoked) {
    const when = revoked.revocation.revokedAt ? stamp(revoked.revocation.revokedAt) : '';
    return {
      verdict: 'revoked',
      summary: {
        zh: `签章证书已${when ? `于 ${when} ` : ''}被吊销，且吊销早于签章时间，签章不可信。`,
        en: `The sealing certificate was revoked${when ? ` on ${when}` : ''}, before the seal was made; the seal cannot be trusted.`,
      },
    };
  }
  const modified = signatures.find(
    (s) => s.docMdp?.violated || beyond(s.modifications, 'new-signatures') || s.coverage === 'partial',
  );
  if (modified) {
    const m = modificationWords(modified);
    return {
      verdict: 'modified',
      summary: {
        zh: `文件在签章后被修改：${m.zh}。签章本身完好，但当前显示的内容不是签章时的内容。`,
        en: `Modified after sealing: ${m.en}. The seal itself is intact, but the document shown is not what was sealed.`,
      },
    };
  }
  const weak = signatures.find((s) => has(s, 'WEAK_ALGORITHM'));
  if (weak) {
    const why = weak.problems.find((p) => p.code === 'WEAK_ALGORITHM')!.message;
    return {
      verdict: 'indeterminate',
      summary: {
        zh: `无法采信：签章使用的密钥或算法强度不足（${why}），任何人都可能伪造。`,
        en: `Cannot be relied on: ${why}, so the seal could have been forged.`,
      },
    };
  }
  const misused = signatures.find((s) => has(s, 'KEY_USAGE'));
  if (misused) {
    const why = misused.problems.find((p) => p.code === 'KEY_USAGE')!.message;
    return {
      verdict: 'untrusted',
      summary: {
        zh: `签章所用的证书（${signerName(misused)}）不是用于签章的证书，不能证明签章人身份。`,
        en: `Not a seal: ${why}. It does not prove who sealed the document.`,
      },
    };
  }
  const untrusted = signatures.find((s) => has(s, 'NO_TRUSTED_CHAIN') || has(s, 'CHAIN_CONSTRAINTS'));
  if (untrusted) {
    const who = signerName(untrusted);
    return {
      verdict: 'untrusted',
      summary: {
        zh: `签章完好，文件未被修改，但签章人（${who}）的证书不属于受信任的机构，无法确认签章人身份。`,
        en: `The seal is intact and the document unmodified, but the signer (${who}) does not chain to a trusted authority; the signer's identity cannot be confirmed.`,
      },
    };
  }
  const unsure = signatures.find((s) => s.indication !== 'PASSED');
  if (unsure) {
    const expired = unsure.problems.find((p) => p.code === 'CERT_EXPIRED');
    const until = unsure.signer?.notAfter ? stamp(unsure.signer.notAfter) : '';
    return {
      verdict: 'indeterminate',
      summary: expired
        ? {
            zh: `无法确认签章有效：签章人证书已于 ${until} 过期，且没有可信时间戳证明签章早于过期时间。`,
            en: `The seal cannot be confirmed: the signer's certificate expired on ${until} and no trusted timestamp proves the seal was made before then.`,
          }
        : {
            zh: `无法确认签章有效：${unsure.subIndication ?? '验证所需的信息不完整'}。`,
            en: `The seal cannot be confirmed: ${unsure.subIndication ?? 'validation information is incomplete'}.`,
          },
    };
  }
  const seals = signatures.filter((s) => s.kind === 'signature');
  if (seals.length === 0) return timestampOnly(signatures, stamp);
  const shown = seals;
  // A file sealed under both families (a dual seal) names each signature's algorithms, so the two
  // otherwise identical lines tell the reader which one a viewer without SM2 can check.
  const mixed = seals.some(isSm2) && !seals.every(isSm2);
  const algorithmWords = (s: SignatureReport) => (isSm2(s) || mixed ? namedAlgorithm(s) : { zh: '', en: '' });
  const zh = shown
    .map(
      (s) =>
        `由 ${signerName(s)} 于 ${timeWords(s, stamp).zh} 签章${algorithmWords(s).zh}${laterRevocation(s, stamp).zh}`,
    )
    .join('；');
  const en = shown
    .map(
      (s) =>
        `Sealed by ${signerName(s)} at ${timeWords(s, stamp).en}${algorithmWords(s).en}${laterRevocation(s, stamp).en}`,
    )
    .join('; ');
  return {
    verdict: 'authentic',
    summary: { zh: `文件真实有效，签章后未被修改。${zh}。`, en: `Authentic and unmodified. ${en}.` },
  };
}

/**
 * Only document timestamps: they prove the file existed unchanged at a time, not who issued it. A
 * timestamp authority is never reported as the one who sealed the document.
 */
function timestampOnly(stamps: readonly SignatureReport[], stamp: Stamp): VerdictResult {
  const last = stamps[stamps.length - 1]!;
  const when = last.timestamp ? stamp(last.timestamp.time) : '';
  const tsa = last.timestamp?.tsa ?? signerName(last);
  return {
    verdict: 'timestamped',
    summary: {
      zh: `文件只有时间戳，没有签章：时间戳服务（${tsa}）证明文件在 ${when} 已存在且此后未被修改，但不能证明文件由谁出具。`,
      en: `Timestamped, not sealed: a timestamp by ${tsa} proves the document existed unchanged at ${when}, but nothing shows who issued it.`,
    },
  };
}

const isSm2 = (s: SignatureReport): boolean => s.algorithm?.startsWith('SM2') ?? false;

/** A seal's algorithms in words: which family a seal uses matters to a reader who must use 国密 ones. */
function namedAlgorithm(s: SignatureReport): { zh: string; en: string } {
  if (!s.algorithm) return { zh: '', en: '' };
  if (isSm2(s))
    return { zh: `，使用国密算法 ${s.algorithm}`, en: `, with the SM2 algorithms (${s.algorithm})` };
  return { zh: `，使用 ${s.algorithm}`, en: `, with ${s.algorithm}` };
}

/** A certificate revoked after the proven signing time leaves the seal valid; the reader is still told. */
function laterRevocation(s: SignatureReport, stamp: Stamp): { zh: string; en: string } {
  const r = s.revocation;
  if (r.status !== 'revoked') return { zh: '', en: '' };
  const when = r.revokedAt ? stamp(r.revokedAt) : '';
  return {
    zh: `（该印章证书已于 ${when} 被吊销，签章时间早于吊销，签章仍然有效）`,
    en: ` (the seal's certificate was revoked ${when ? `on ${when}, ` : ''}after this seal was made, so the seal stays valid)`,
  };
}

/** The seal or person (CN) with the organisation (O) behind it, unless the name already says it. */
function signerName(s: SignatureReport): string {
  const cn = s.signer?.commonName;
  const o = s.signer?.organization;
  if (cn && o) return cn.includes(o) ? cn : `${cn} (${o})`;
  return cn ?? o ?? s.signer?.subject ?? '未知签章人 / unknown signer';
}

function timeWords(s: SignatureReport, stamp: Stamp): { zh: string; en: string } {
  const t = s.signingTime;
  if (!t) return { zh: '未知时间', en: 'an unknown time' };
  if (t.source === 'claimed' && s.timestamp)
    return {
      zh: `${stamp(t.time)}（签章人自称的时间：所附时间戳不可信）`,
      en: `${stamp(t.time)} (time claimed by the signer: its timestamp cannot be trusted)`,
    };
  if (t.source === 'claimed')
    return {
      zh: `${stamp(t.time)}（签章人自称的时间，无时间戳）`,
      en: `${stamp(t.time)} (time claimed by the signer, not timestamped)`,
    };
  return { zh: `${stamp(t.time)}（时间戳）`, en: `${stamp(t.time)} (timestamped)` };
}

function brokenReason(s: SignatureReport): { zh: string; en: string } {
  const codes = s.problems.map((p) => p.code);
  if (codes.some((c) => c.startsWith('BYTE_RANGE_') || c.startsWith('CONTENTS_'))) {
    return {
      zh: '签名的覆盖范围异常，文件中有未受签名保护的内容',
      en: 'the signature does not cover what it should; part of the file is not protected by it',
    };
  }
  if (codes.includes('CMS_ENCAPSULATED_CONTENT')) {
    return {
      zh: '签名数据内嵌了内容，不是 PDF 要求的分离式签名',
      en: 'the signature encapsulates content where a detached signature is required',
    };
  }
  if (codes.some((c) => c.startsWith('CMS_') || c === 'SIGNER_CERT_MISSING')) {
    return {
      zh: '签名数据格式不合规，无法验证',
      en: 'the signature data is malformed and cannot be checked',
    };
  }
  if (codes.includes('UNSUPPORTED_ALGORITHM') && !codes.some((c) => CRYPTO_CODES.has(c))) {
    return {
      zh: '签章使用的算法未知或彼此不一致（例如 SM2 签名配 SHA-256 摘要），无法验证',
      en: 'the seal names an unknown algorithm or an inconsistent pair (e.g. an SM2 signature with a SHA-256 digest), so it cannot be checked',
    };
  }
  if (!s.intact)
    return {
      zh: '签章后文件内容被改动（摘要不符）',
      en: 'the signed content was changed after sealing (digest mismatch)',
    };
  if (codes.includes('SIGNING_CERT_MISMATCH'))
    return { zh: '签名中的证书被替换', en: "the signer's certificate was substituted" };
  return { zh: '签名值校验失败', en: 'the signature value does not verify' };
}

function modificationWords(s: SignatureReport): { zh: string; en: string } {
  const detail =
    s.modificationDetails[0]?.replace(/^revision \d+: /, '') ??
    'the signature does not cover the whole document';
  if (s.docMdp?.violated) {
    return {
      zh: `认证签章不允许的修改（${zhLevel(s.modifications)}）`,
      en: `a change the certification forbids (${detail})`,
    };
  }
  return { zh: zhLevel(s.modifications), en: detail };
}

function zhLevel(level: ModificationLevel): string {
  switch (level) {
    case 'form-filling':
      return '表单内容被填写或更改';
    case 'annotations':
      return '添加了批注';
    case 'new-signatures':
      return '添加了新的签章';
    case 'ltv-data':
      return '添加了验证数据';
    default:
      return '页面内容或文件结构被改动';
  }
}
