import type {
  CreateSealBody,
  SealAppearanceSpec,
  SealKeyAlgorithm,
  SealKeySource,
  SealType,
  UploadRef,
} from '@openseal/contract';

/** The picture fields shared by the make and change forms: one set per kind of appearance. */
export interface SealAppearanceForm {
  appearance: SealAppearanceSpec['kind'];
  orgName?: string;
  sealName?: string;
  code?: string;
  personName?: string;
  suffix?: string;
  widthMm?: number;
}

/** What the create-seal form collects; its files are uploaded first and named by their uploads. */
export interface CreateSealForm extends SealAppearanceForm {
  name: string;
  type: SealType;
  ownerUnitId: string;
  physical?: boolean;
  keySource?: 'software' | 'pkcs11' | 'pkcs12';
  /** A generated key's algorithm; default ECDSA P-256. */
  algorithm?: SealKeyAlgorithm;
  p12Password?: string;
  /** Why the seal is needed, for the approvers. */
  reason?: string;
}

export interface CreateSealFiles {
  image?: UploadRef;
  pkcs12?: UploadRef;
}

const trimmed = (value: string | undefined): string | undefined => {
  const v = value?.trim();
  return v ? v : undefined;
};

/** The appearance part of the form as the contract's spec (also drawn live as a sketch while typing). */
export function sealSpecOf(form: SealAppearanceForm): SealAppearanceSpec {
  switch (form.appearance) {
    case 'round':
    case 'oval': {
      const sealName = trimmed(form.sealName);
      const code = trimmed(form.code);
      return {
        kind: form.appearance,
        orgName: form.orgName?.trim() ?? '',
        ...(sealName ? { sealName } : {}),
        ...(code ? { code } : {}),
      };
    }
    case 'square': {
      const suffix = trimmed(form.suffix);
      return { kind: 'square', personName: form.personName?.trim() ?? '', ...(suffix ? { suffix } : {}) };
    }
    case 'image':
      return { kind: 'image', widthMm: form.widthMm ?? 40 };
  }
}

function key(form: CreateSealForm, files: CreateSealFiles): SealKeySource {
  if (form.keySource === 'pkcs12') {
    return { source: 'pkcs12', uploadId: files.pkcs12?.uploadId ?? '', password: form.p12Password ?? '' };
  }
  // The HSM generates ECDSA keys only (the server refuses SM2 and dual there); those are software keys.
  if (form.keySource === 'pkcs11') return { source: 'generate', store: 'pkcs11', algorithm: 'ecdsa-p256' };
  return { source: 'generate', store: 'software', algorithm: form.algorithm ?? 'ecdsa-p256' };
}

/**
 * The new seal a seal request carries (CreateSealBody) for the form: only the fields of the chosen
 * appearance, the image only for an image seal, and no key for a physical seal (it has none).
 */
export function createSealBody(form: CreateSealForm, files: CreateSealFiles): CreateSealBody {
  const physical = form.physical === true;
  return {
    name: form.name.trim(),
    type: form.type,
    ownerUnitId: form.ownerUnitId,
    ...(physical ? { physical: true } : {}),
    spec: sealSpecOf(form),
    ...(form.appearance === 'image' && files.image ? { image: files.image } : {}),
    ...(physical ? {} : { key: key(form, files) }),
  };
}
