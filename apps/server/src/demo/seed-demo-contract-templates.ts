import type { ContractTemplateInput } from '@openseal/contract';
import { type CredentialTemplate, templateParts } from '@openseal/templates';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { insertContractTemplate } from '../modules/contracts/contract-templates-service.ts';
import { signableSeals } from '../modules/seals/seal-use-rows.ts';
import type { DemoSchool } from './seed-demo-school.ts';

const { a4, field, frame, label, paragraph, rule } = templateParts;

export const DEMO_CONTRACT_TEMPLATE_NAME = '学生课程协议 Student course agreement';
const CONTRACT_SEAL = '示范大学合同专用章';
const LEFT = 20;
const WIDTH = 170;

/** A row: its label at the left, the value printed after it on a rule. */
function row(name: string, text: string, y: number): CredentialTemplate['schemas'][number] {
  return [
    label(`${name}Label`, text, { x: LEFT, y, width: 48, height: 7 }, { fontSize: 12 }),
    field(name, { x: LEFT + 50, y, width: WIDTH - 50, height: 7 }, { fontSize: 12 }),
    rule(`${name}Rule`, LEFT + 50, y + 7, WIDTH - 50, 0.2),
  ];
}

/**
 * 学生课程协议: the school (甲方, stamped with its contract seal) and a student (乙方, signing with a
 * key held in their browser); the student's name, course, fee and start date come from the data.
 */
export function studentCourseAgreementLayout(): CredentialTemplate {
  return a4([
    label(
      'heading',
      '学生课程协议',
      { x: LEFT, y: 24, width: WIDTH, height: 12 },
      {
        fontSize: 22,
        bold: true,
        alignment: 'center',
        characterSpacing: 4,
      },
    ),
    label(
      'subheading',
      'Student Course Agreement',
      { x: LEFT, y: 37, width: WIDTH, height: 7 },
      {
        fontSize: 12,
        alignment: 'center',
      },
    ),
    label(
      'partyA',
      '甲方（学校）Party A: 示范大学 Demo University',
      { x: LEFT, y: 52, width: WIDTH, height: 7 },
      {
        fontSize: 12,
      },
    ),
    ...row('studentName', '乙方（学生）Party B:', 61),
    ...row('course', '课程名称 Course:', 72),
    ...row('fee', '课程费用 Fee (CNY):', 83),
    ...row('startDate', '开课日期 Start date:', 94),
    frame('rulesReadBox', { x: LEFT + 1, y: 105.5, width: 5, height: 5 }),
    field('rulesRead', { x: LEFT, y: 105, width: 7, height: 7 }, { fontSize: 11, alignment: 'center' }),
    label(
      'rulesReadLabel',
      '乙方已阅读《课程须知》 Party B has read the course rules',
      { x: LEFT + 8, y: 105, width: WIDTH - 8, height: 7 },
      { fontSize: 12 },
    ),
    paragraph(
      'terms',
      '一、甲方按上述课程名称与开课日期为乙方提供课程教学服务。\n二、乙方按上述金额于开课前缴纳课程费用；因甲方原因未能开课的，费用全额退还。\n三、乙方遵守课堂纪律与《课程须知》。\n四、本协议以电子签名和电子印章签署，自双方签署之日起生效，与纸质签署具有同等法律效力。',
      { x: LEFT, y: 118, width: WIDTH, height: 70 },
      { fontSize: 11.5, lineHeight: 1.8 },
    ),
    label(
      'studentSignLabel',
      '乙方（签字）Party B (signature):',
      { x: LEFT, y: 198, width: 80, height: 7 },
      {
        fontSize: 11,
      },
    ),
    field('studentSignature', { x: LEFT, y: 207, width: 70, height: 30 }),
    label('studentDateLabel', '日期 Date:', { x: LEFT, y: 250, width: 22, height: 7 }, { fontSize: 11 }),
    field('studentDate', { x: LEFT + 22, y: 250, width: 48, height: 7 }, { fontSize: 11 }),
    label(
      'schoolSealLabel',
      '甲方（盖章）Party A (seal):',
      { x: 115, y: 198, width: 75, height: 7 },
      {
        fontSize: 11,
      },
    ),
    field('schoolSeal', { x: 120, y: 205, width: 60, height: 40 }),
    label('schoolDateLabel', '日期 Date:', { x: 115, y: 250, width: 22, height: 7 }, { fontSize: 11 }),
    field('schoolDate', { x: 137, y: 250, width: 53, height: 7 }, { fontSize: 11 }),
  ]);
}

/** The demo template's roles and fields; `sealId` is the school's contract seal. */
export function studentCourseAgreement(ownerUnitId: string, sealId: string): ContractTemplateInput {
  return {
    name: DEMO_CONTRACT_TEMPLATE_NAME,
    ownerUnitId,
    template: studentCourseAgreementLayout() as unknown as ContractTemplateInput['template'],
    roles: [
      { key: 'student', kind: 'person', label: '学生 Student', custody: 'browser', identity: 'campus' },
      { key: 'school', kind: 'organization', label: '学校 School', sealId },
    ],
    fields: [
      { name: 'studentName', kind: 'text', label: '学生姓名 Student name', required: true, maxLength: 50 },
      { name: 'course', kind: 'text', label: '课程名称 Course', required: true, maxLength: 100 },
      { name: 'fee', kind: 'text', label: '课程费用（元）Fee (CNY)', required: true, maxLength: 20 },
      { name: 'startDate', kind: 'date', label: '开课日期 Start date', required: true },
      {
        name: 'rulesRead',
        kind: 'checkbox',
        label: '已阅读《课程须知》 Read the course rules',
        required: false,
      },
      { name: 'studentSignature', kind: 'signature', role: 'student' },
      { name: 'studentDate', kind: 'date', role: 'student' },
      { name: 'schoolSeal', kind: 'seal', role: 'school' },
      { name: 'schoolDate', kind: 'date', role: 'school' },
    ],
    active: true,
  };
}

/**
 * 教务处's contract template, stored as its template admin (`tpladmin`) would. Needs the demo seals
 * (seed-demo-seals.ts): the school role stamps with the contract seal.
 */
export async function seedDemoContractTemplates(
  db: Kysely<Database>,
  demo: DemoSchool,
  clock: () => Date = () => new Date(),
): Promise<string> {
  const seal = (await signableSeals(db)).find((s) => s.name === CONTRACT_SEAL);
  if (!seal) throw new Error(`demo seal ${CONTRACT_SEAL} is missing: seed the demo seals first`);
  const admin = demo.accounts.find((a) => a.username === 'tpladmin');
  if (!admin) throw new Error('the demo template admin is missing');
  return insertContractTemplate(db, clock, studentCourseAgreement(demo.units.academicAffairs, seal.id), {
    actor: 'system:demo-seed',
    userId: admin.userId,
  });
}
