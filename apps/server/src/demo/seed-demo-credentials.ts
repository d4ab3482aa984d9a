import type { TemplateSeal } from '@openseal/contract';
import { AppError } from '../errors.ts';
import type { CredentialsContext } from '../modules/credentials/credentials-context.ts';
import { insertRecords, type RecordItem } from '../modules/credentials/records-service.ts';
import { insertTemplate } from '../modules/credentials/templates-service.ts';
import { listActiveSeals } from '../modules/seals/seals-service.ts';
import { DEMO_CREDENTIAL_TYPES, DEMO_SM2_SEAL_NAME } from './credentials/credential-types.ts';
import {
  DEMO_STUDENT_USERNAME_RECORD,
  type DemoStaff,
  type DemoStudent,
  demoRecordFor,
  demoStaff,
  demoStudents,
} from './credentials/sample-people.ts';
import type { DemoSchool } from './seed-demo-school.ts';

const SEED_ACTOR = 'system:demo-seed';
export const DEMO_STUDENT_COUNT = 200;
export const DEMO_STAFF_COUNT = 20;

interface DemoPerson<P> {
  subject: string;
  person: P;
  cohort: string | null;
}

/** The demo account `teacher` (示范教师 of 计算机学院) as a staff member. */
function demoTeacher(): DemoStaff {
  const base = demoStaff(DEMO_STAFF_COUNT + 1)[DEMO_STAFF_COUNT] as DemoStaff;
  const { retirementDate: _retired, ...active } = base;
  return { ...active, name: '示范教师', department: '计算机学院', post: '专任教师', title: '副教授' };
}

function people(): { students: DemoPerson<DemoStudent>[]; staff: DemoPerson<DemoStaff>[] } {
  const graduation = (s: DemoStudent) => String(s.enrollmentYear + 4);
  const own = DEMO_STUDENT_USERNAME_RECORD;
  return {
    students: [
      { subject: own.username, person: own.student, cohort: graduation(own.student) },
      ...demoStudents(DEMO_STUDENT_COUNT).map((s) => ({
        subject: s.studentNo,
        person: s,
        cohort: graduation(s),
      })),
    ],
    staff: [
      { subject: 'teacher', person: demoTeacher(), cohort: null },
      ...demoStaff(DEMO_STAFF_COUNT).map((p) => ({ subject: p.staffNo, person: p, cohort: null })),
    ],
  };
}

/**
 * The demo school's credential types (教务处 owns the student types, 党政办公室 the staff ones) with
 * their records: 200 students with their graduation year as cohort, the `student` account, the
 * `teacher` account and 20 staff (the SM2 type only beside the SM2 seal). One transaction; records come in with source 'demo'. Needs the
 * demo seals (seed-demo-seals.ts). Only the modules' service functions write the rows.
 */
export async function seedDemoCredentials(ctx: CredentialsContext, demo: DemoSchool): Promise<void> {
  const now = ctx.clock();
  const { students, staff } = people();
  const seals = (await listActiveSeals(ctx.db)).filter((s) => !s.physical);
  const sealId = (name: string) => {
    const seal = seals.find((s) => s.name === name);
    if (!seal) throw new Error(`demo seal ${name} is missing: seed the demo seals first`);
    return seal.id;
  };

  // The SM2 seal exists only when the server runs its SM2 hierarchy; without it, neither do its types.
  const sm2 = seals.some((s) => s.name === DEMO_SM2_SEAL_NAME);
  const types = DEMO_CREDENTIAL_TYPES.filter(
    (t) => sm2 || t.seals.every((s) => s.sealName !== DEMO_SM2_SEAL_NAME),
  );

  await ctx.db.transaction().execute(async (trx) => {
    for (const type of types) {
      const templateSeals: TemplateSeal[] = type.seals.map((s) => ({
        role: s.role,
        sealId: sealId(s.sealName),
      }));
      await insertTemplate(
        trx,
        {
          code: type.code,
          name: type.name,
          audience: type.audience,
          language: type.language,
          ownerUnitId: type.audience === 'student' ? demo.units.academicAffairs : demo.units.generalOffice,
          template: type.template,
          dataSchema: type.dataSchema,
          seals: templateSeals,
          requiresApproval: type.requiresApproval,
          retentionYears: type.retentionYears,
          active: true,
        },
        { actor: SEED_ACTOR, userId: SEED_ACTOR },
        ctx.clock,
      );

      const audience: DemoPerson<DemoStudent | DemoStaff>[] = type.audience === 'student' ? students : staff;
      const items: RecordItem[] = [];
      for (const p of audience) {
        let data: Record<string, unknown>;
        try {
          data = demoRecordFor(type.code, p.person, now);
        } catch (err) {
          // Not every type fits everyone (a retirement certificate needs a retired person).
          if (err instanceof AppError) continue;
          throw err;
        }
        items.push({
          externalId: p.subject,
          subject: p.subject,
          subjectName: p.person.name,
          cohort: p.cohort,
          data,
        });
      }
      await insertRecords(trx, type.code, items, 'demo', now);
    }
  });
}
