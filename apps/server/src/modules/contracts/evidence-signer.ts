// The platform's own seal on evidence reports: a P-256 key made on first use, certified by the
// built-in PKI as the school's contract evidence service, kept under the KEK like seal keys. It
// seals nothing but evidence reports, so no seal of the school vouches for what the platform records.
import { generateKeyPairSync } from 'node:crypto';
import type { SealCredentials } from '@openseal/pdf-sign';
import { softwareSigner } from '@openseal/pki';
import { AppError } from '../../errors.ts';
import { encryptKeyEnvelope } from '../../plugins/keys.ts';
import { schoolProfile } from '../school/school-service.ts';
import { openedKey } from '../sealing/opened-keys.ts';
import { sealCertificates } from '../sealing/seal-certificates.ts';
import { sealPkis } from '../seals/seal-pki.ts';
import type { ContractsContext } from './contracts-context.ts';

const PURPOSE = 'contract-evidence';
const OWNER = `evidence:${PURPOSE}`;

export async function evidenceCredentials(ctx: ContractsContext): Promise<SealCredentials> {
  const { pki, kek } = ctx.seals;
  if (!pki || !kek) throw new AppError('ERR_PKI_UNAVAILABLE');
  let row = await readSigner(ctx);
  if (!row) {
    const school = await schoolProfile(ctx.db);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = ctx.clock();
    const certificate = await pki.issue({
      profile: 'seal',
      subject: [
        { type: 'C', value: 'CN' },
        { type: 'O', value: school.nameZh },
        { type: 'CN', value: `${school.nameZh}电子合同存证 Contract evidence` },
      ],
      publicKey,
      now,
    });
    await ctx.db
      .insertInto('evidence_signers')
      .values({
        purpose: PURPOSE,
        certificate: certificate.der,
        key_envelope: encryptKeyEnvelope(kek, privateKey, OWNER, ctx.seals.cryptoMode),
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('purpose').doNothing())
      .execute();
    row = await readSigner(ctx);
    if (!row) throw new Error('the evidence key was not stored');
  }
  // Kept opened like a seal key (opened-keys.ts), not unwrapped (two boxes, a PKCS#8 parse) per report.
  const signer = softwareSigner(openedKey(kek, row.key_envelope, OWNER));
  return { signer, ...sealCertificates(sealPkis(ctx.seals), row.certificate) };
}

function readSigner(ctx: ContractsContext) {
  return ctx.db
    .selectFrom('evidence_signers')
    .select(['certificate', 'key_envelope'])
    .where('purpose', '=', PURPOSE)
    .executeTakeFirst();
}
