import type { GrantSealUseBody } from '@openseal/contract';
import { grantSealUse } from '../modules/seals/seal-grants.ts';
import type { SealActor, SealsContext } from '../modules/seals/seals-context.ts';
import { createSeal, type NewSeal } from '../modules/seals/seals-service.ts';
import { DEMO_SM2_SEAL_NAME } from './credentials/credential-types.ts';
import type { DemoSchool } from './seed-demo-school.ts';

/** The demo dual seal (双算法): every stamp carries a visible ECDSA and an invisible SM2 signature. */
export const DEMO_DUAL_SEAL_NAME = '示范大学教务处学籍专用章（双算法）';

const SEED: SealActor = { actor: 'system:demo-seed', userId: '', role: null, org: null, requestId: null };

/**
 * The demo school's seals: the school's official seal (electronic and the physical one in the
 * ledger), its contract and finance seals, and the Office of Academic Affairs' transcript seal. The
 * office's business creators may stamp transcripts and certificates with the transcript seal; the
 * demo `creator` may stamp contracts with the contract seal. With the SM2 hierarchy loaded, the office
 * also gets an SM2 (国密) certificate seal and a dual (双算法: ECDSA + SM2) one, so every algorithm is
 * on show. Needs the PKI (keys and certificates).
 */
export async function seedDemoSeals(ctx: SealsContext, demo: DemoSchool): Promise<void> {
  const { school, academicAffairs } = demo.units;
  const seals: (NewSeal & { grants?: GrantSealUseBody[] })[] = [
    {
      name: '示范大学',
      type: 'official',
      ownerUnitId: school,
      spec: { kind: 'round', orgName: '示范大学', code: '1101080000001' },
    },
    {
      name: '示范大学（实物公章）',
      type: 'official',
      ownerUnitId: school,
      physical: true,
      spec: { kind: 'round', orgName: '示范大学', code: '1101080000001' },
    },
    {
      name: '示范大学合同专用章',
      type: 'contract',
      ownerUnitId: school,
      spec: { kind: 'round', orgName: '示范大学', sealName: '合同专用章', code: '1101080000002' },
      grants: [{ userId: accountId(demo, 'creator'), documentTypes: ['contract'] }],
    },
    {
      name: '示范大学财务专用章',
      type: 'finance',
      ownerUnitId: school,
      spec: { kind: 'oval', orgName: '示范大学', sealName: '财务专用章', code: '1101080000003' },
    },
    {
      name: '示范大学教务处成绩专用章',
      type: 'business',
      ownerUnitId: academicAffairs,
      spec: { kind: 'round', orgName: '示范大学教务处', sealName: '成绩专用章', code: '1101080000004' },
      grants: [
        { role: 'business_creator', unitId: academicAffairs, documentTypes: ['transcript', 'certificate'] },
      ],
    },
    ...(ctx.sm2Pki
      ? [
          {
            name: DEMO_SM2_SEAL_NAME,
            type: 'business' as const,
            ownerUnitId: academicAffairs,
            spec: {
              kind: 'round' as const,
              orgName: '示范大学教务处',
              sealName: '证明专用章',
              code: '1101080000005',
            },
            key: { source: 'generate' as const, algorithm: 'sm2' as const },
            grants: [
              {
                role: 'business_creator' as const,
                unitId: academicAffairs,
                documentTypes: ['certificate' as const],
              },
            ],
          },
          {
            name: DEMO_DUAL_SEAL_NAME,
            type: 'business' as const,
            ownerUnitId: academicAffairs,
            spec: {
              kind: 'round' as const,
              orgName: '示范大学教务处',
              sealName: '学籍专用章',
              code: '1101080000006',
            },
            key: { source: 'generate' as const, algorithm: 'dual' as const },
            grants: [
              {
                role: 'business_creator' as const,
                unitId: academicAffairs,
                documentTypes: ['certificate' as const],
              },
            ],
          },
        ]
      : []),
  ];
  for (const { grants, ...body } of seals) {
    const seal = await createSeal(ctx, body, SEED);
    for (const grant of grants ?? []) await grantSealUse(ctx, seal.id, grant, SEED);
  }
}

function accountId(demo: DemoSchool, username: string): string {
  const account = demo.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`the demo school has no account ${username}`);
  return account.userId;
}
