import type { OrgUnitKind, Role } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../modules/audit/audit-log.ts';
import { generatePassword } from '../modules/auth/password.ts';
import { insertOrgUnit } from '../modules/org/org-service.ts';
import { insertRoleGrant, insertUser } from '../modules/users/users-service.ts';

export interface DemoAccount {
  userId: string;
  username: string;
  password: string;
  role: Role;
  orgUnitId: string;
}

export interface DemoSchool {
  units: Record<'school' | 'csCollege' | 'languagesCollege' | 'academicAffairs' | 'generalOffice', string>;
  /** Generated passwords: the caller prints them once and never logs them. */
  accounts: DemoAccount[];
}

const UNITS: readonly {
  key: keyof DemoSchool['units'];
  nameZh: string;
  nameEn: string;
  kind: OrgUnitKind;
}[] = [
  { key: 'school', nameZh: '示范大学', nameEn: 'Demo University', kind: 'school' },
  { key: 'csCollege', nameZh: '计算机学院', nameEn: 'College of Computer Science', kind: 'college' },
  { key: 'languagesCollege', nameZh: '外国语学院', nameEn: 'College of Foreign Languages', kind: 'college' },
  { key: 'academicAffairs', nameZh: '教务处', nameEn: 'Office of Academic Affairs', kind: 'office' },
  { key: 'generalOffice', nameZh: '党政办公室', nameEn: 'General Office', kind: 'office' },
];

// The security roles act school-wide; business roles sit where the demo's work happens.
const ACCOUNTS: readonly {
  username: string;
  displayName: string;
  role: Role;
  unit: keyof DemoSchool['units'];
}[] = [
  { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin', unit: 'school' },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', unit: 'school' },
  { username: 'auditor', displayName: '安全审计员', role: 'security_auditor', unit: 'school' },
  { username: 'sealadmin', displayName: '印章管理员', role: 'seal_admin', unit: 'academicAffairs' },
  { username: 'sealoffice', displayName: '校印章管理员', role: 'seal_admin', unit: 'school' },
  { username: 'president', displayName: '校领导', role: 'unit_leader', unit: 'school' },
  { username: 'leader', displayName: '教务处处长', role: 'unit_leader', unit: 'academicAffairs' },
  { username: 'tpladmin', displayName: '模板管理员', role: 'template_admin', unit: 'academicAffairs' },
  { username: 'creator', displayName: '业务经办人', role: 'business_creator', unit: 'academicAffairs' },
  { username: 'fileadmin', displayName: '档案管理员', role: 'file_admin', unit: 'school' },
  { username: 'bizauditor', displayName: '业务审核员', role: 'business_auditor', unit: 'generalOffice' },
  { username: 'student', displayName: '示范学生', role: 'member', unit: 'csCollege' },
  { username: 'teacher', displayName: '示范教师', role: 'member', unit: 'csCollege' },
];

/**
 * Creates 示范大学 (two colleges, two offices) and one account per role, in one transaction with
 * its audit entry. Run on an empty database only; a second run fails on the unique usernames.
 */
export async function seedDemoSchool(db: Kysely<Database>, now: Date = new Date()): Promise<DemoSchool> {
  return db.transaction().execute(async (trx) => {
    const units = {} as DemoSchool['units'];
    for (const u of UNITS) {
      const parentId = u.key === 'school' ? null : units.school;
      units[u.key] = (
        await insertOrgUnit(trx, { parentId, nameZh: u.nameZh, nameEn: u.nameEn, kind: u.kind }, now)
      ).id;
    }
    const accounts: DemoAccount[] = [];
    for (const a of ACCOUNTS) {
      const password = generatePassword();
      const unitId = units[a.unit];
      const userId = await insertUser(
        trx,
        { username: a.username, displayName: a.displayName, unitId, password },
        now,
      );
      await insertRoleGrant(trx, { userId, role: a.role, unitId }, now);
      accounts.push({ userId, username: a.username, password, role: a.role, orgUnitId: unitId });
    }
    await appendAudit(trx, {
      actor: null,
      action: 'org.seedDemo',
      object: `org_unit:${units.school}`,
      outcome: 'success',
    });
    return { units, accounts };
  });
}
