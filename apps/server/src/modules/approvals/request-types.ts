import { randomUUID } from 'node:crypto';
import type { FlowRequestFields, SealImageType, SubmitRequestBody, UploadRef } from '@openseal/contract';
import { AppError } from '../../errors.ts';
import { encryptKeyEnvelope } from '../../plugins/keys.ts';
import { readPkcs12 } from '../seals/pkcs12-import.ts';
import { checkSealAppearance, type StoredSealImage } from '../seals/seal-image.ts';
import { generatedKeyAlgorithm } from '../seals/seal-keys.ts';
import { sealTransition } from '../seals/seal-lifecycle.ts';
import { findSealFacts, type SealFacts } from '../seals/seal-reads.ts';
import type { UploadIntake } from '../uploads/uploads-service.ts';
import type { ApprovalsContext } from './approvals-context.ts';
import { requestPdf } from './request-file.ts';

/** A submission made ready for the flow: what it is about, the fields conditions read, what to store. */
export interface PreparedRequest {
  title: string;
  sealId: string | null;
  fields: FlowRequestFields;
  /** Stored as JSON; uploads are replaced by their file-store names. */
  payload: Record<string, unknown>;
  file: { name: string; bytes: Uint8Array } | null;
}

async function sealFacts(ctx: ApprovalsContext, sealId: string): Promise<SealFacts> {
  const seal = await findSealFacts(ctx.db, sealId);
  if (!seal) throw new AppError('ERR_NOT_FOUND', `seal ${sealId} not found`);
  return seal;
}

const TITLES: Readonly<Record<SubmitRequestBody['type'], string>> = {
  'seal.use': '用印申请',
  'seal.physicalUse': '实物用印申请',
  'seal.make': '刻制申请',
  'seal.change': '变更申请',
  'seal.authorize': '授权申请',
  'seal.transfer': '移交申请',
  'seal.suspend': '停用申请',
  'seal.resume': '启用申请',
  'seal.revoke': '吊销申请',
  'seal.destroy': '销毁申请',
  'credential.issue': '凭证申请',
};

/**
 * A PKCS#12 import waiting for approval: read now (a wrong password is refused at submission), and
 * kept as the key envelope-encrypted under the KEK with its certificate. The password is not kept.
 */
async function sealImportedKey(
  ctx: ApprovalsContext,
  uploads: UploadIntake,
  key: UploadRef & { password: string },
): Promise<ImportedKeyPayload> {
  const { kek, cryptoMode } = ctx.seals;
  if (!kek) throw new AppError('ERR_PKI_UNAVAILABLE');
  const file = await uploads.take(key, 'pkcs12');
  const imported = readPkcs12(file.bytes, key.password, ctx.clock());
  const ref = randomUUID();
  return {
    source: 'imported',
    ref,
    envelope: Buffer.from(encryptKeyEnvelope(kek, imported.privateKey, ref, cryptoMode)).toString('base64'),
    certificate: Buffer.from(imported.certificate.der).toString('base64'),
  };
}

/** How a requested PKCS#12 import is stored in the request until approval. */
export interface ImportedKeyPayload {
  source: 'imported';
  ref: string;
  envelope: string;
  certificate: string;
}

/** An uploaded seal image, read for drawing and storing. */
async function sealImage(
  uploads: UploadIntake,
  ref: UploadRef | undefined,
): Promise<StoredSealImage | undefined> {
  if (!ref) return undefined;
  const file = await uploads.take(ref, 'sealImage');
  return { mediaType: file.mediaType as SealImageType, bytes: file.bytes };
}

/** A request's uploaded file as the PDF it carries (Word and Excel files converted). */
async function requestFile(uploads: UploadIntake, ref: UploadRef): Promise<PreparedRequest['file']> {
  const file = await uploads.take(ref, 'requestFile');
  return requestPdf(file.name, file.bytes);
}

/**
 * Checks a submission against the seal it is about, so a request that could never be carried out is
 * refused now rather than after its approvers spent time on it. The files it names are read from the
 * submitter's staged uploads.
 */
export async function prepareRequest(
  ctx: ApprovalsContext,
  requesterUnitId: string,
  body: SubmitRequestBody,
  uploads: UploadIntake,
): Promise<PreparedRequest> {
  const base = { requestType: body.type, unitId: requesterUnitId };
  if (body.type === 'credential.issue') {
    const subjectOf = ctx.subjects.get(body.type);
    if (!subjectOf) throw new Error(`no module reads the subject of ${body.type} requests`);
    const subject = await subjectOf(body.payload);
    return {
      title: `${TITLES[body.type]}：${subject.name}`,
      sealId: null,
      // The type's owner unit answers for it as a seal's unit does: its head approves.
      fields: { ...base, sealUnitId: subject.unitId },
      payload: body.payload,
      file: null,
    };
  }
  if (body.type === 'seal.make') {
    const { image: imageRef, ...rest } = body.payload;
    const image = await sealImage(uploads, imageRef);
    checkSealAppearance(body.payload.spec, image);
    // A key that could never be generated (SM2 in the token) is refused before approvers see it.
    if (body.payload.key?.source === 'generate') generatedKeyAlgorithm(body.payload.key);
    const key =
      body.payload.key?.source === 'pkcs12'
        ? await sealImportedKey(ctx, uploads, body.payload.key)
        : body.payload.key;
    const stored = image
      ? {
          ...rest,
          ...(key ? { key } : {}),
          image: { mediaType: image.mediaType, sha256: await ctx.files.put(image.bytes) },
        }
      : { ...rest, ...(key ? { key } : {}) };
    return {
      title: `${TITLES[body.type]}：${body.payload.name}`,
      sealId: null,
      fields: { ...base, sealUnitId: body.payload.ownerUnitId, sealType: body.payload.type },
      payload: stored,
      file: null,
    };
  }
  const seal = await sealFacts(ctx, body.payload.sealId);
  const fields: FlowRequestFields = { ...base, sealUnitId: seal.owner_unit_id, sealType: seal.type };
  const title = `${TITLES[body.type]}：${seal.name}`;
  switch (body.type) {
    case 'seal.use': {
      if (Number(seal.physical) === 1 || seal.key_store === null) throw new AppError('ERR_SEAL_PHYSICAL');
      if (seal.status !== 'active')
        throw new AppError(seal.status === 'suspended' ? 'ERR_SEAL_SUSPENDED' : 'ERR_SEAL_INACTIVE');
      const file = await requestFile(uploads, body.file);
      return {
        title,
        sealId: seal.id,
        fields: {
          ...fields,
          documentType: body.payload.documentType,
          copies: body.payload.copies,
          ...(body.payload.amount !== undefined ? { amount: body.payload.amount } : {}),
        },
        payload: body.payload,
        file,
      };
    }
    case 'seal.physicalUse': {
      if (Number(seal.physical) !== 1)
        throw new AppError('ERR_VALIDATION', 'the seal is electronic', ['/payload/sealId']);
      if (seal.status !== 'active')
        throw new AppError(seal.status === 'suspended' ? 'ERR_SEAL_SUSPENDED' : 'ERR_SEAL_INACTIVE');
      const file = body.file ? await requestFile(uploads, body.file) : null;
      return {
        title,
        sealId: seal.id,
        fields: { ...fields, documentType: body.payload.documentType, copies: body.payload.copies },
        payload: body.payload,
        file,
      };
    }
    case 'seal.change': {
      const { image: imageRef, ...rest } = body.payload;
      const image = await sealImage(uploads, imageRef);
      if (body.payload.spec) checkSealAppearance(body.payload.spec, image);
      const stored = image
        ? { ...rest, image: { mediaType: image.mediaType, sha256: await ctx.files.put(image.bytes) } }
        : rest;
      return { title, sealId: seal.id, fields, payload: stored, file: null };
    }
    case 'seal.suspend':
    case 'seal.resume':
    case 'seal.revoke':
    case 'seal.destroy': {
      const t = sealTransition(
        seal.status,
        body.type.slice('seal.'.length) as 'suspend' | 'resume' | 'revoke' | 'destroy',
      );
      if (!t.ok) throw new AppError(t.code, `cannot ${body.type.slice(5)} a ${seal.status} seal`);
      return { title, sealId: seal.id, fields, payload: body.payload, file: null };
    }
    case 'seal.authorize':
    case 'seal.transfer':
      if (seal.status === 'destroyed' || seal.status === 'revoked') throw new AppError('ERR_SEAL_INACTIVE');
      return { title, sealId: seal.id, fields, payload: body.payload, file: null };
  }
}
