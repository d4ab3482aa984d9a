// Contract templates stored and versioned: template admins create and save them within their units'
// scope; each save writes a new version beside the current row and an audit entry, in one transaction.
import { randomUUID } from 'node:crypto';
import type {
  ContractTemplateDetail,
  ContractTemplateField,
  ContractTemplateInput,
  ContractTemplateRole,
  ContractTemplateSummary,
} from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { ContractTemplateTable, Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { authorize, type Grant } from '../../plugins/access-policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { compileOrRefuse } from '../credentials/templates-service.ts';
import { unitPaths } from '../org/org-service.ts';
import { signableSeals } from '../seals/seal-use-rows.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import { templateProblems } from './contract-template-rules.ts';

export type ContractTemplateRow = Selectable<ContractTemplateTable>;

/** What the caller may do with templates: manage those in its scope, use active ones to start contracts. */
export interface TemplateViewer {
  grants: readonly Grant[];
}

const mayStart = (v: TemplateViewer) => authorize('documents.create', v.grants, null).allowed;

async function pathOf(db: Kysely<Database>, unitId: string): Promise<string[]> {
  const path = (await unitPaths(db, [unitId])).get(unitId) ?? '';
  return path.split('/').filter((s) => s !== '');
}

function summary(r: ContractTemplateRow, manageable: boolean): ContractTemplateSummary {
  return {
    id: r.id,
    name: r.name,
    ownerUnitId: r.owner_unit_id,
    roles: JSON.parse(r.roles) as ContractTemplateRole[],
    active: r.active === 1,
    version: Number(r.version),
    updatedAt: r.updated_at,
    manageable,
  };
}

export function templateDetail(r: ContractTemplateRow, manageable: boolean): ContractTemplateDetail {
  return {
    ...summary(r, manageable),
    template: JSON.parse(r.template) as ContractTemplateDetail['template'],
    fields: JSON.parse(r.fields) as ContractTemplateField[],
  };
}

/** The templates the caller manages, and the active ones when it may start contracts; by name. */
export async function listContractTemplates(
  db: Kysely<Database>,
  viewer: TemplateViewer,
): Promise<ContractTemplateSummary[]> {
  const [rows, paths] = await Promise.all([
    db.selectFrom('contract_templates').selectAll().orderBy('name').orderBy('id').execute(),
    unitPaths(db),
  ]);
  const starts = mayStart(viewer);
  return rows.flatMap((r) => {
    const path = (paths.get(r.owner_unit_id) ?? '').split('/').filter((s) => s !== '');
    const manageable = authorize('templates.manage', viewer.grants, path).allowed;
    return manageable || (starts && r.active === 1) ? [summary(r, manageable)] : [];
  });
}

export async function contractTemplateRow(db: Kysely<Database>, id: string): Promise<ContractTemplateRow> {
  const row = await db.selectFrom('contract_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `contract template ${id} not found`);
  return row;
}

/** A template as the caller may see it; to anyone who neither manages nor may use it, it does not exist. */
export async function contractTemplateFor(
  db: Kysely<Database>,
  id: string,
  viewer: TemplateViewer,
): Promise<ContractTemplateDetail> {
  const row = await contractTemplateRow(db, id);
  const manageable = authorize(
    'templates.manage',
    viewer.grants,
    await pathOf(db, row.owner_unit_id),
  ).allowed;
  if (!manageable && !(row.active === 1 && mayStart(viewer)))
    throw new AppError('ERR_NOT_FOUND', `contract template ${id} not found`);
  return templateDetail(row, manageable);
}

/** The layout compiles, the roles and fields fit it and each other, and every default seal can stamp. */
async function checkInput(db: Kysely<Database>, input: ContractTemplateInput): Promise<void> {
  compileOrRefuse(input.template);
  const problems = templateProblems(input);
  const seals = new Set((await signableSeals(db)).map((s) => s.id));
  for (const r of input.roles)
    if (r.kind === 'organization' && r.sealId && !seals.has(r.sealId))
      problems.push(`roles.${r.key}: seal ${r.sealId} cannot stamp (unknown, inactive or physical)`);
  if (problems.length > 0) throw new AppError('ERR_CONTRACT_TEMPLATE_INVALID', problems.join('; '), problems);
}

function content(input: ContractTemplateInput) {
  return {
    name: input.name,
    template: JSON.stringify(input.template),
    roles: JSON.stringify(input.roles),
    fields: JSON.stringify(input.fields),
  };
}

async function writeVersion(
  trx: Kysely<Database>,
  id: string,
  version: number,
  input: ContractTemplateInput,
  who: SealActor,
  at: string,
  action: 'contract.template.create' | 'contract.template.update',
  clock: () => Date,
): Promise<void> {
  await trx
    .insertInto('contract_template_versions')
    .values({ template_id: id, version, ...content(input), saved_by: who.userId, saved_at: at })
    .execute();
  await appendAudit(
    trx,
    { ...auditWho(who), action, object: `contract_template:${id}`, outcome: 'success' },
    { clock },
  );
}

/** Stores a new template (version 1) after checking it; the caller's scope was checked on its unit. */
export async function createContractTemplate(
  db: Kysely<Database>,
  clock: () => Date,
  input: ContractTemplateInput,
  who: SealActor,
): Promise<ContractTemplateDetail> {
  await checkInput(db, input);
  const id = await insertContractTemplate(db, clock, input, who);
  return templateDetail(await contractTemplateRow(db, id), true);
}

/**
 * Stores a template, its first version and its audit entry, unchecked: createContractTemplate checks
 * first; the demo seed stores its known-good template. Opens its own transaction unless given one.
 */
export async function insertContractTemplate(
  db: Kysely<Database>,
  clock: () => Date,
  input: ContractTemplateInput,
  who: SealActor,
): Promise<string> {
  const id = randomUUID();
  const at = clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('contract_templates')
      .values({
        id,
        ...content(input),
        owner_unit_id: input.ownerUnitId,
        active: input.active ? 1 : 0,
        version: 1,
        updated_by: who.userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await writeVersion(trx, id, 1, input, who, at, 'contract.template.create', clock);
  });
  return id;
}

/** Saves the next version of a template; the one before stays in contract_template_versions. */
export async function updateContractTemplate(
  db: Kysely<Database>,
  clock: () => Date,
  id: string,
  input: ContractTemplateInput,
  who: SealActor,
): Promise<ContractTemplateDetail> {
  await checkInput(db, input);
  const at = clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const old = await contractTemplateRow(trx, id);
    const version = Number(old.version) + 1;
    const updated = await trx
      .updateTable('contract_templates')
      .set({
        ...content(input),
        owner_unit_id: input.ownerUnitId,
        active: input.active ? 1 : 0,
        version,
        updated_by: who.userId,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('version', '=', old.version)
      .executeTakeFirst();
    // Two saves of the same version: the second is refused rather than silently overwriting the first.
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError('ERR_CONTRACT_TEMPLATE_INVALID', 'saved meanwhile by someone else', [
        'version: the template was saved by someone else meanwhile; reload it',
      ]);
    await writeVersion(trx, id, version, input, who, at, 'contract.template.update', clock);
  });
  return templateDetail(await contractTemplateRow(db, id), true);
}

/** May the caller manage templates of this unit? The update route checks the old unit and the new. */
export async function mayManageUnit(
  db: Kysely<Database>,
  grants: readonly Grant[],
  unitId: string,
): Promise<void> {
  const decision = authorize('templates.manage', grants, await pathOf(db, unitId));
  if (!decision.allowed) throw new AppError(decision.code, `unit ${unitId} is outside your template scope`);
}
