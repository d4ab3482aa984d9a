import type { Seal, SealAppearanceSpec, SubmitSealRequestBody, UploadRef } from '@openseal/contract';
import { type SealAppearanceForm, sealSpecOf } from './create-seal-body.ts';

export type ChangeSealPayload = Extract<SubmitSealRequestBody, { type: 'seal.change' }>['payload'];

/** What the change-seal form collects: the seal's current values to start with. */
export interface ChangeSealForm extends SealAppearanceForm {
  name: string;
  ownerUnitId: string;
  reason: string;
}

/** A seal's current name, unit and picture as the form's starting values (the reason left blank). */
export function changeSealFormOf(seal: Pick<Seal, 'name' | 'ownerUnitId' | 'spec'>): ChangeSealForm {
  const spec = seal.spec;
  const appearance: SealAppearanceForm =
    spec.kind === 'image'
      ? { appearance: 'image', widthMm: spec.widthMm }
      : spec.kind === 'square'
        ? { appearance: 'square', personName: spec.personName, suffix: spec.suffix }
        : { appearance: spec.kind, orgName: spec.orgName, sealName: spec.sealName, code: spec.code };
  return { name: seal.name, ownerUnitId: seal.ownerUnitId, reason: '', widthMm: 40, ...appearance };
}

/** Two specs draw the same picture: same kind and same texts, absent and blank alike. */
export function sameSpec(a: SealAppearanceSpec, b: SealAppearanceSpec): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const value = (s: SealAppearanceSpec, k: string) => (s as Record<string, unknown>)[k] ?? '';
  return [...keys].every((k) => value(a, k) === value(b, k));
}

/**
 * The seal.change payload for the form: only what differs from the seal. A new picture sends its
 * spec (and the upload for an image seal); an unchanged image seal keeps its stored image.
 * Null when nothing would change.
 */
export function changeSealPayload(
  seal: Pick<Seal, 'id' | 'name' | 'ownerUnitId' | 'spec'>,
  form: ChangeSealForm,
  image: UploadRef | undefined,
): ChangeSealPayload | null {
  const name = form.name.trim();
  const spec = sealSpecOf(form);
  const newImage = spec.kind === 'image' ? image : undefined;
  const change = {
    ...(name && name !== seal.name ? { name } : {}),
    ...(form.ownerUnitId && form.ownerUnitId !== seal.ownerUnitId ? { ownerUnitId: form.ownerUnitId } : {}),
    ...(newImage || !sameSpec(spec, seal.spec) ? { spec } : {}),
    ...(newImage ? { image: newImage } : {}),
  };
  if (Object.keys(change).length === 0) return null;
  return { sealId: seal.id, reason: form.reason.trim(), ...change };
}
