import type { GrantSealUseBody, SealAppearanceSpec, SealImageType } from '@openseal/contract';
import { Certificate } from '@openseal/pki';
import { AppError } from '../../errors.ts';
import { decryptKeyEnvelope } from '../../plugins/keys.ts';
import { grantSealUse } from '../seals/seal-grants.ts';
import type { StoredSealImage } from '../seals/seal-image.ts';
import type { GeneratedKeySource, ImportedKeySource } from '../seals/seal-keys.ts';
import type { SealActor } from '../seals/seals-context.ts';
import {
  changeSeal,
  changeSealStatus,
  createSeal,
  type NewSeal,
  transferCustody,
} from '../seals/seals-service.ts';
import type { ApprovalsContext } from './approvals-context.ts';
import type { ImportedKeyPayload } from './request-types.ts';

type StoredImage = { mediaType: SealImageType; sha256: string };

async function storedImage(
  ctx: ApprovalsContext,
  image: StoredImage | undefined,
): Promise<StoredSealImage | undefined> {
  if (!image) return undefined;
  return { mediaType: image.mediaType, bytes: await ctx.files.get(image.sha256) };
}

function openImportedKey(ctx: ApprovalsContext, key: ImportedKeyPayload): ImportedKeySource {
  if (!ctx.seals.kek) throw new AppError('ERR_PKI_UNAVAILABLE');
  return {
    source: 'imported',
    key: {
      privateKey: decryptKeyEnvelope(ctx.seals.kek, Buffer.from(key.envelope, 'base64'), key.ref),
      certificate: Certificate.fromDer(Buffer.from(key.certificate, 'base64')),
    },
  };
}

/** Carries out an approved request of a type another module owns (e.g. credential.issue), as the requester. */
export type RequestExecutor = (
  payload: Record<string, unknown>,
  who: SealActor,
  requestId: string,
) => Promise<Record<string, unknown>>;

/**
 * Carries out an approved lifecycle request through the seal service (each call audits itself) and
 * says what it did. Uses are not carried out here: they are stamped afterwards, copy by copy.
 */
export async function executeRequest(
  ctx: ApprovalsContext,
  type: string,
  sealId: string | null,
  payload: Record<string, unknown>,
  who: SealActor,
  requestId?: string,
): Promise<Record<string, unknown> | null> {
  const seals = ctx.seals;
  switch (type) {
    case 'credential.issue': {
      const run = ctx.executors.get(type);
      if (!run || !requestId) throw new AppError('ERR_INTERNAL', 'credential issuing is not available');
      return run(payload, who, requestId);
    }
    case 'seal.make': {
      const {
        reason: _reason,
        image: stored,
        key,
        ...body
      } = payload as Omit<NewSeal, 'image' | 'key'> & {
        reason: string;
        image?: StoredImage;
        key?: GeneratedKeySource | ImportedKeyPayload;
      };
      const image = await storedImage(ctx, stored);
      const made = await createSeal(
        seals,
        {
          ...body,
          ...(image ? { image } : {}),
          ...(key && key.source !== 'imported' ? { key } : {}),
        },
        who,
        key?.source === 'imported' ? openImportedKey(ctx, key) : undefined,
      );
      return { sealId: made.id };
    }
    case 'seal.change': {
      const p = payload as {
        name?: string;
        spec?: SealAppearanceSpec;
        image?: StoredImage;
        ownerUnitId?: string;
      };
      const image = await storedImage(ctx, p.image);
      await changeSeal(
        seals,
        sealId as string,
        {
          ...(p.name ? { name: p.name } : {}),
          ...(p.ownerUnitId ? { ownerUnitId: p.ownerUnitId } : {}),
          ...(p.spec ? { spec: p.spec } : {}),
          ...(image ? { image } : {}),
        },
        who,
      );
      return { sealId };
    }
    case 'seal.authorize': {
      const grant = await grantSealUse(
        seals,
        sealId as string,
        (payload as { grant: GrantSealUseBody }).grant,
        who,
      );
      return { sealId, grantId: grant.id };
    }
    case 'seal.transfer':
      await transferCustody(
        seals,
        sealId as string,
        (payload as { custodianUserId: string }).custodianUserId,
        who,
      );
      return { sealId };
    case 'seal.suspend':
    case 'seal.resume':
    case 'seal.revoke':
    case 'seal.destroy':
      await changeSealStatus(seals, sealId as string, type.slice('seal.'.length) as 'suspend', who);
      return { sealId };
    default:
      return null;
  }
}
