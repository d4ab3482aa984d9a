// Directory sync against a real OpenLDAP slapd and from CSV: the org tree and people are created,
// a dry run shows the diff without writing, a leaver is disabled (never deleted) and their grants,
// delegations and open requests are ended or flagged, and a sync disabling too many is refused.
import { randomUUID } from 'node:crypto';
import type { DirectoryConfig, DirectoryRun } from '@openseal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledDirectorySync } from '../src/modules/directory/directory-ldap-sync.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture, type Session } from './identity-fixture.ts';
import {
  SLAPD_ROOT_PASSWORD,
  SLAPD_SUFFIX,
  type Slapd,
  slapdDirectoryConfig,
  slapdMissing,
  startSlapd,
} from './slapd-server.ts';

const unit = (code: string, zh: string, en: string, parent?: string) =>
  [
    `dn: ou=${code},ou=units,${SLAPD_SUFFIX}`,
    'objectClass: organizationalUnit',
    `ou: ${code}`,
    `description: ${zh}`,
    `l: ${en}`,
    ...(parent ? [`businessCategory: ${parent}`] : []),
    '',
  ].join('\n');

const person = (id: string, name: string, unitCode: string) =>
  [
    `dn: uid=${id},ou=people,${SLAPD_SUFFIX}`,
    'objectClass: inetOrgPerson',
    `uid: ${id}`,
    `cn: ${name}`,
    `sn: ${name.slice(0, 1)}`,
    `employeeNumber: ${id}`,
    `mail: ${id}@school.test`,
    'telephoneNumber: +86 10 5555 0000',
    `departmentNumber: ${unitCode}`,
    '',
  ].join('\n');

/** The org tree: a college with a department, an office; four people. */
const LDIF = [
  `dn: ${SLAPD_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: school\no: School\n`,
  `dn: ou=units,${SLAPD_SUFFIX}\nobjectClass: organizationalUnit\nou: units\n`,
  `dn: ou=people,${SLAPD_SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
  unit('ENG', '工学院', 'College of Engineering'),
  unit('ENG-CE', '土木工程系', 'Department of Civil Engineering', 'ENG'),
  unit('HR', '人事处', 'Human Resources Office'),
  person('T2026001', '张老师', 'ENG-CE'),
  person('T2026002', '李老师', 'ENG'),
  person('S2026001', '王同学', 'ENG-CE'),
  person('S2026002', '赵同学', 'HR'),
].join('\n');

const missing = slapdMissing();

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip || missing)(`directory sync from slapd and CSV on ${kind.name}`, () => {
    let f: IdentityFixture;
    let sys: Session;
    let slapd: Slapd;
    beforeAll(async () => {
      slapd = await startSlapd(LDIF);
      f = await identityFixture(kind);
      sys = await f.login('sysadmin');
    });
    afterAll(async () => {
      await f?.close();
      await slapd?.stop();
    });

    const sync = (body: { dryRun: boolean; force?: boolean }) =>
      f.app.inject({ method: 'POST', url: '/api/directory/sync', ...as(sys), payload: body });
    const people = () =>
      f.app.db
        .selectFrom('users')
        .select(['campus_id', 'display_name', 'email', 'disabled_at', 'unit_id'])
        .where('directory_managed', '=', 1)
        .orderBy('campus_id')
        .execute();
    const units = () =>
      f.app.db
        .selectFrom('org_units')
        .select(['id', 'directory_code', 'name_zh', 'parent_id'])
        .where('directory_code', 'is not', null)
        .orderBy('directory_code')
        .execute();

    it('stores the source with the bind password encrypted and never returns it', async () => {
      const res = await f.app.inject({
        method: 'PUT',
        url: '/api/directory/config',
        ...as(sys),
        payload: { config: slapdDirectoryConfig(slapd.url), bindPassword: SLAPD_ROOT_PASSWORD },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(SLAPD_ROOT_PASSWORD);
      expect(res.json()).toMatchObject({ passwordSet: true, config: { url: slapd.url } });
      const row = await f.app.db.selectFrom('directory_config').selectAll().executeTakeFirstOrThrow();
      expect(row.bind_password_box).toMatch(/^v1:/);
      expect(row.bind_password_box).not.toContain(SLAPD_ROOT_PASSWORD);
      const other = await f.login('secadmin');
      const refused = await f.app.inject({ method: 'GET', url: '/api/directory/config', ...as(other) });
      expect(refused.statusCode).toBe(403);
    });

    it('previews the first sync without writing, then applies the same diff', async () => {
      const preview = await sync({ dryRun: true });
      expect(preview.statusCode, preview.body).toBe(200);
      const run = preview.json() as DirectoryRun;
      expect(run).toMatchObject({ outcome: 'previewed', dryRun: true, source: 'ldap' });
      expect(run.diff?.units.map((u) => [u.code, u.change, u.parentCode])).toEqual([
        ['ENG', 'create', null],
        ['ENG-CE', 'create', 'ENG'],
        ['HR', 'create', null],
      ]);
      expect(run.diff?.people.map((p) => [p.campusId, p.change]).sort()).toEqual([
        ['S2026001', 'create'],
        ['S2026002', 'create'],
        ['T2026001', 'create'],
        ['T2026002', 'create'],
      ]);
      expect(await units()).toEqual([]);
      expect(await people()).toEqual([]);

      const applied = await sync({ dryRun: false });
      expect(applied.statusCode, applied.body).toBe(200);
      expect((applied.json() as DirectoryRun).diff).toEqual(run.diff);
      const tree = await units();
      const id = (code: string) => tree.find((u) => u.directory_code === code)?.id;
      expect(tree.map((u) => [u.directory_code, u.name_zh])).toEqual([
        ['ENG', '工学院'],
        ['ENG-CE', '土木工程系'],
        ['HR', '人事处'],
      ]);
      expect(tree.find((u) => u.directory_code === 'ENG-CE')?.parent_id).toBe(id('ENG'));
      const synced = await people();
      expect(synced.map((p) => [p.campus_id, p.display_name, p.disabled_at])).toEqual([
        ['S2026001', '王同学', null],
        ['S2026002', '赵同学', null],
        ['T2026001', '张老师', null],
        ['T2026002', '李老师', null],
      ]);
      expect(synced.find((p) => p.campus_id === 'T2026001')?.unit_id).toBe(id('ENG-CE'));
      expect(synced[0]?.email).toBe('S2026001@school.test');
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'directory.%')
        .execute();
      expect(audit.filter((a) => a.action === 'directory.unit.create')).toHaveLength(3);
      expect(audit.filter((a) => a.action === 'directory.person.create')).toHaveLength(4);
      expect(audit.some((a) => a.action === 'directory.sync')).toBe(true);
      // Nothing left to do: a second preview is empty.
      const again = (await sync({ dryRun: true })).json() as DirectoryRun;
      expect(again.diff).toMatchObject({ units: [], people: [] });
    });

    it('disables a person who left LDAP and ends their grants, delegations and open requests', async () => {
      const now = new Date(f.clock.ms).toISOString();
      const later = new Date(f.clock.ms + 30 * 86_400_000).toISOString();
      const leaver = await f.app.db
        .selectFrom('users')
        .select(['id', 'unit_id'])
        .where('campus_id', '=', 'T2026001')
        .executeTakeFirstOrThrow();
      const colleague = await f.app.db
        .selectFrom('users')
        .select('id')
        .where('campus_id', '=', 'T2026002')
        .executeTakeFirstOrThrow();
      // A seal row as the registry records it (no key needed: the grant's end is what is checked).
      const seal = { id: randomUUID() };
      await f.app.db
        .insertInto('seals')
        .values({
          id: seal.id,
          name: '土木工程系公章',
          type: 'official',
          owner_unit_id: leaver.unit_id,
          status: 'active',
          custodian_user_id: null,
          physical: 0,
          seal_spec: '{}',
          certificate: null,
          certificate_serial: null,
          key_envelope: null,
          key_store: null,
          image: null,
          image_type: null,
          created_at: now,
          sm2_certificate: null,
          sm2_certificate_serial: null,
          sm2_key_envelope: null,
        })
        .execute();
      const grantId = randomUUID();
      await f.app.db
        .insertInto('seal_grants')
        .values({
          id: grantId,
          seal_id: seal.id,
          user_id: leaver.id,
          role: null,
          unit_id: null,
          document_types: '[]',
          until: null,
          max_uses: null,
          created_at: now,
        })
        .execute();
      const delegationId = randomUUID();
      await f.app.db
        .insertInto('delegations')
        .values({
          id: delegationId,
          from_user_id: leaver.id,
          to_user_id: colleague.id,
          starts_at: now,
          ends_at: later,
          created_at: now,
        })
        .execute();
      const requestId = randomUUID();
      await f.app.db
        .insertInto('approval_requests')
        .values({
          id: requestId,
          type: 'seal_use',
          title: '实验报告盖章',
          requester_id: leaver.id,
          unit_id: leaver.unit_id,
          seal_id: seal.id,
          payload: '{}',
          flow: '{}',
          state: '{}',
          status: 'pending',
          version: 1,
          result: null,
          created_at: now,
          updated_at: now,
          completed_at: null,
          flag: null,
        })
        .execute();
      await f.app.db
        .insertInto('sessions')
        .values({ id: randomUUID(), user_id: leaver.id, csrf_token: 'x', expires_at: later, created_at: now })
        .execute();

      slapd.modify(`dn: uid=T2026001,ou=people,${SLAPD_SUFFIX}\nchangetype: delete\n`);
      f.clock.ms += 60_000;
      const preview = (await sync({ dryRun: true })).json() as DirectoryRun;
      expect(preview.diff?.people).toEqual([
        { campusId: 'T2026001', change: 'disable', name: '张老师', unitCode: 'ENG-CE' },
      ]);
      // Local accounts (the demo school's, the three security roles among them) are never touched.
      expect(preview.diff?.people.some((p) => p.campusId === null)).toBe(false);

      const res = await sync({ dryRun: false });
      expect(res.statusCode, res.body).toBe(200);
      const ended = new Date(f.clock.ms).toISOString();
      const row = await f.app.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', leaver.id)
        .executeTakeFirst();
      expect(row?.disabled_at).toBe(ended);
      const grant = await f.app.db
        .selectFrom('seal_grants')
        .selectAll()
        .where('id', '=', grantId)
        .executeTakeFirst();
      expect(grant?.until).toBe(ended);
      const delegation = await f.app.db
        .selectFrom('delegations')
        .selectAll()
        .where('id', '=', delegationId)
        .executeTakeFirst();
      expect(delegation?.ends_at).toBe(ended);
      const request = await f.app.db
        .selectFrom('approval_requests')
        .select(['flag', 'status'])
        .where('id', '=', requestId)
        .executeTakeFirst();
      expect(request).toEqual({ flag: 'requester_left', status: 'pending' });
      const flagged = await f.app.inject({
        method: 'GET',
        url: '/api/directory/flagged-requests',
        ...as(sys),
      });
      expect(flagged.json()).toEqual([
        { id: requestId, title: '实验报告盖章', flag: 'requester_left', requester: '张老师', updatedAt: now },
      ]);
      const sessions = await f.app.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', leaver.id)
        .execute();
      expect(sessions).toEqual([]);
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['object', 'actor'])
        .where('action', '=', 'directory.person.disable')
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({
        object: `user:${leaver.id} grants:1 delegations:1 flagged:1`,
        actor: 'sysadmin',
      });
      // The local accounts still sign in.
      expect((await f.login('teacher')).cookie).toBeTruthy();

      // Coming back to the directory enables the same account.
      slapd.modify(person('T2026001', '张老师', 'HR').replace(/^(dn: [^\n]*)\n/, '$1\nchangetype: add\n'));
      f.clock.ms += 60_000;
      const back = (await sync({ dryRun: false })).json() as DirectoryRun;
      expect(back.diff?.people).toEqual([
        { campusId: 'T2026001', change: 'enable', name: '张老师', unitCode: 'HR' },
      ]);
      const returned = await f.app.db
        .selectFrom('users')
        .select(['id', 'disabled_at'])
        .where('campus_id', '=', 'T2026001')
        .execute();
      expect(returned).toEqual([{ id: leaver.id, disabled_at: null }]);
    });

    it('refuses a sync that would disable more than the safety limit unless forced', async () => {
      f.clock.ms += 60_000;
      for (const id of ['T2026002', 'S2026001'])
        slapd.modify(`dn: uid=${id},ou=people,${SLAPD_SUFFIX}\nchangetype: delete\n`);
      // 2 of 4 directory people (50%) against a 30% limit.
      const refused = await sync({ dryRun: false });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('ERR_DIRECTORY_SAFETY_LIMIT');
      const still = await people();
      expect(still.every((p) => p.disabled_at === null)).toBe(true);
      f.clock.ms += 60_000;
      const forced = await sync({ dryRun: false, force: true });
      expect(forced.statusCode, forced.body).toBe(200);
      expect((await people()).filter((p) => p.disabled_at !== null).map((p) => p.campus_id)).toEqual([
        'S2026001',
        'T2026002',
      ]);
      const history = (
        await f.app.inject({ method: 'GET', url: '/api/directory/runs', ...as(sys) })
      ).json() as DirectoryRun[];
      expect(history.map((r) => r.outcome).slice(0, 2)).toEqual(['applied', 'refused']);
    });

    it('never disables a directory person who holds a security role, and lists them instead', async () => {
      const holder = await f.app.db
        .selectFrom('users')
        .select(['id', 'unit_id'])
        .where('campus_id', '=', 'S2026002')
        .executeTakeFirstOrThrow();
      await f.app.db
        .insertInto('role_grants')
        .values({
          user_id: holder.id,
          role: 'security_auditor',
          org_unit_id: holder.unit_id,
          created_at: '2026-09-01T08:00:00.000Z',
        })
        .execute();
      slapd.modify(`dn: uid=S2026002,ou=people,${SLAPD_SUFFIX}\nchangetype: delete\n`);
      f.clock.ms += 60_000;
      const res = await sync({ dryRun: false });
      expect(res.statusCode, res.body).toBe(200);
      const run = res.json() as DirectoryRun;
      expect(run.diff?.people).toEqual([]);
      expect(run.diff?.protectedSkipped).toEqual(['S2026002']);
      const row = await f.app.db
        .selectFrom('users')
        .select('disabled_at')
        .where('id', '=', holder.id)
        .executeTakeFirst();
      expect(row?.disabled_at).toBeNull();
    });

    it('runs on its schedule: once when due, not again until the interval has passed', async () => {
      const put = await f.app.inject({
        method: 'PUT',
        url: '/api/directory/config',
        ...as(sys),
        payload: { config: { ...slapdDirectoryConfig(slapd.url), intervalMinutes: 60 } },
      });
      expect(put.statusCode, put.body).toBe(200);
      const ctx = { db: f.app.db, secrets: f.app.secrets, clock: () => new Date(f.clock.ms) };
      const scheduled = async () =>
        (
          await f.app.db
            .selectFrom('directory_runs')
            .select('trigger')
            .where('trigger', '=', 'schedule')
            .execute()
        ).length;
      f.clock.ms += 60_000;
      await scheduledDirectorySync(ctx);
      expect(await scheduled()).toBe(1);
      f.clock.ms += 30 * 60_000;
      await scheduledDirectorySync(ctx);
      expect(await scheduled()).toBe(1);
      f.clock.ms += 31 * 60_000;
      await scheduledDirectorySync(ctx);
      expect(await scheduled()).toBe(2);
      const runs = (
        await f.app.inject({ method: 'GET', url: '/api/directory/runs', ...as(sys) })
      ).json() as DirectoryRun[];
      expect(runs[0]).toMatchObject({
        trigger: 'schedule',
        outcome: 'applied',
        actor: 'system',
        dryRun: false,
      });
    });

    it('reads over LDAPS and StartTLS, checking the certificate against the configured CA', async () => {
      const preview = async (config: DirectoryConfig) => {
        const put = await f.app.inject({
          method: 'PUT',
          url: '/api/directory/config',
          ...as(sys),
          payload: { config },
        });
        expect(put.statusCode, put.body).toBe(200);
        return sync({ dryRun: true });
      };
      const trusted = { ...slapdDirectoryConfig(slapd.ldapsUrl), caCertificate: slapd.caCertificate };
      const ldaps = await preview(trusted);
      expect(ldaps.statusCode, ldaps.body).toBe(200);
      expect((ldaps.json() as DirectoryRun).outcome).toBe('previewed');
      const startTls = await preview({
        ...slapdDirectoryConfig(slapd.url),
        startTls: true,
        caCertificate: slapd.caCertificate,
      });
      expect(startTls.statusCode, startTls.body).toBe(200);
      // Without the CA the self-signed certificate is refused: no directory data over an unchecked channel.
      const untrusted = await preview(slapdDirectoryConfig(slapd.ldapsUrl));
      expect(untrusted.statusCode).toBe(502);
      expect(untrusted.json().code).toBe('ERR_DIRECTORY_SOURCE');
      expect(untrusted.body).not.toContain(SLAPD_ROOT_PASSWORD);
    });

    it('imports CSV, and a malformed row gives its line number and writes nothing', async () => {
      const unitsCsv = 'code,name_zh,name_en,parent_code\nLAW,法学院,Law School,\n';
      const bad =
        'campus_id,name,email,phone,unit_code\nL001,周同学,l001@school.test,,LAW\nL002,"吴同学,,LAW\n';
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/directory/csv',
        ...as(sys),
        payload: { dryRun: false, unitsCsv, peopleCsv: bad },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ERR_DIRECTORY_CSV' });
      expect(res.body).toContain('people.csv line 3');
      expect((await units()).some((u) => u.directory_code === 'LAW')).toBe(false);
      const wrongFields = await f.app.inject({
        method: 'POST',
        url: '/api/directory/csv',
        ...as(sys),
        payload: {
          dryRun: true,
          unitsCsv,
          peopleCsv: 'campus_id,name,email,phone,unit_code\nL001,周同学,l001@school.test,,LAW,extra\n',
        },
      });
      expect(wrongFields.body).toContain('people.csv line 2: 6 fields, expected 5');
    });
  });
}
