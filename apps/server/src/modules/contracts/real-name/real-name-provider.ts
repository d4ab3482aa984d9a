// 实名认证: the adapter contract a real-name provider implements (a bank-card or carrier three-element
// check, 公安 two-element check, a face-verification vendor). The platform passes what the person
// typed; the provider answers whether the elements match one real person, and a reference the
// evidence report keeps so the check can be traced at the provider. Nothing here is stored beyond
// the answer, a masked ID number and, for a face check, the photo's SHA-256.

export interface RealNameQuery {
  name: string;
  /** GB 11643 citizen ID number, upper-case X. */
  idNumber: string;
  /** Three elements (三要素) when present: the phone registered to the ID. */
  phone?: string;
}

export type RealNameMethod = 'two-element' | 'three-element' | 'face';

export interface RealNameAnswer {
  passed: boolean;
  method: RealNameMethod;
  /** The provider's transaction reference, quoted in the evidence. */
  reference: string;
  /** Why it did not pass, in the provider's words (never shown with the ID number). */
  reason?: string;
}

/** What a provider checks beyond name + ID number. */
export interface RealNameCapabilities {
  /** 人脸核验: the provider compares a camera photo with the ID holder; `checkFace` is then present. */
  face: boolean;
}

/**
 * The face step, shaped like the vendors' photo face verification (Tencent 慧眼 ImageRecognitionV2:
 * IdCard + Name + ImageBase64; Aliyun 实人认证 ContrastFaceVerify: CertName + CertNo +
 * FaceContrastPicture): the name and ID number again, with one photo. The platform has already
 * checked that the photo is a JPEG or PNG of sane size; the provider keeps nothing once it answers.
 */
export interface FaceQuery {
  name: string;
  idNumber: string;
  image: Uint8Array;
  mediaType: 'image/jpeg' | 'image/png';
}

/** One part of a face check: made and passed, made and failed, or not made by this provider. */
export type FaceVerdict = 'passed' | 'failed' | 'not-checked';

export interface FaceAnswer {
  passed: boolean;
  /** 活体检测: a live person in front of the camera, not a photo of a photo, a screen or a mask. */
  liveness: FaceVerdict;
  /** 人像比对: the face is the ID holder's (against the authoritative portrait for the name + ID). */
  match: FaceVerdict;
  /** Similarity 0–100 (Tencent `Sim`, Aliyun `verifyScore`) and the threshold it was judged against. */
  score?: number;
  threshold?: number;
  /** How the evidence names the check, e.g. 'face (demo provider)'. */
  label: string;
  /** The provider's transaction reference (Tencent `RequestId`, Aliyun `CertifyId`). */
  reference: string;
  reason?: string;
}

export interface RealNameProvider {
  /** Shown in the evidence: who performed the check. */
  readonly name: string;
  readonly capabilities: RealNameCapabilities;
  /** Throws only when the provider cannot be reached; a mismatch is `passed: false`. */
  check(query: RealNameQuery): Promise<RealNameAnswer>;
  /** Present when `capabilities.face`; throws only when unreachable, a mismatch is `passed: false`. */
  checkFace?(query: FaceQuery): Promise<FaceAnswer>;
}

/** The provider's face check when it offers one. */
export function faceCheckOf(
  provider: RealNameProvider,
): ((query: FaceQuery) => Promise<FaceAnswer>) | undefined {
  return provider.capabilities.face && provider.checkFace ? provider.checkFace.bind(provider) : undefined;
}

/** The ID number as the evidence shows it: first 3 and last 4 characters. */
export const maskIdNumber = (id: string): string =>
  `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits. */
export function validIdNumber(id: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}
