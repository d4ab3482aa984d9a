import type { ApprovalRequest, FlowDefinition } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { ApprovalRequestTable, Database } from '../../db/schema.ts';
import { displayNames } from '../auth/accounts.ts';
import { alertsOfRequest } from '../risk/risk-alerts.ts';
import { sealedFilesOfRequest } from '../sealing/ledger-reads.ts';
import { sealNames } from '../seals/seal-reads.ts';
import { type FlowState, pendingApprovers } from './flow-engine.ts';

/** Uploads and key material stay inside: the payload shows an image's media type and a key's source only. */
function publicPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const image = payload['image'] as { mediaType?: string } | undefined;
  const key = payload['key'] as { source?: string } | undefined;
  return {
    ...payload,
    ...(image ? { image: { mediaType: image.mediaType } } : {}),
    ...(key ? { key: { source: key.source } } : {}),
  };
}

/** The request as the API shows it, with people and the seal named. */
export async function requestView(
  db: Kysely<Database>,
  row: Selectable<ApprovalRequestTable>,
): Promise<ApprovalRequest> {
  const state = JSON.parse(row.state) as FlowState;
  const flow = JSON.parse(row.flow) as FlowDefinition;
  const custody = await db
    .selectFrom('seal_custody')
    .selectAll()
    .where('request_id', '=', row.id)
    .orderBy('taken_at', 'desc')
    .executeTakeFirst();
  const sealed = await sealedFilesOfRequest(db, row.id);
  const ids = new Set<string>([row.requester_id]);
  for (const s of sealed) if (s.user_id) ids.add(s.user_id);
  if (custody) {
    ids.add(custody.taken_by);
    ids.add(custody.handed_out_by);
    if (custody.received_by) ids.add(custody.received_by);
  }
  for (const step of Object.values(state.steps)) {
    for (const id of step.approvers) ids.add(id);
    for (const a of step.approvals) {
      ids.add(a.userId);
      if (a.onBehalfOf) ids.add(a.onBehalfOf);
    }
  }
  for (const h of state.history) {
    if (h.actorId) ids.add(h.actorId);
    if (h.onBehalfOf) ids.add(h.onBehalfOf);
  }
  const names = await displayNames(db, [...ids]);
  const person = (id: string) => ({ id, name: names.get(id) ?? id });
  const maybe = (id: string | undefined | null) => (id ? person(id) : null);
  const sealName = row.seal_id ? (await sealNames(db, [row.seal_id])).get(row.seal_id) : undefined;
  const alerts = await alertsOfRequest(db, row.id);
  const files = await db
    .selectFrom('approval_files')
    .select(['id', 'round', 'name', 'sha256', 'size', 'created_at'])
    .where('request_id', '=', row.id)
    .orderBy('round')
    .execute();
  return {
    id: row.id,
    type: row.type as ApprovalRequest['type'],
    status: row.status,
    title: row.title,
    requester: person(row.requester_id),
    unitId: row.unit_id,
    sealId: row.seal_id,
    sealName: sealName ?? null,
    payload: publicPayload(JSON.parse(row.payload)),
    round: state.round,
    steps: flow.stages.flatMap((stage, stageIndex) =>
      stage.steps.map((step) => {
        const s = state.steps[step.id];
        return {
          id: step.id,
          name: step.name,
          stage: stageIndex,
          mode: step.mode,
          status: s?.status ?? 'pending-later',
          approvers: (s?.approvers ?? []).map(person),
          approvals: (s?.approvals ?? []).map((a) => ({
            user: person(a.userId),
            onBehalfOf: maybe(a.onBehalfOf),
            at: a.at,
            comment: a.comment ?? null,
          })),
          dueAt: s?.dueAt ?? null,
        };
      }),
    ),
    history: state.history.map((h) => ({
      at: h.at,
      actor: maybe(h.actorId),
      action: h.action,
      stepId: h.stepId ?? null,
      onBehalfOf: maybe(h.onBehalfOf),
      comment: h.comment ?? null,
    })),
    currentApprovers: pendingApprovers(state).map(person),
    files: files.map((f) => ({
      id: f.id,
      round: f.round,
      name: f.name,
      sha256: f.sha256,
      size: f.size,
      createdAt: f.created_at,
    })),
    stamped: Number(row.stamped),
    sealedFiles: sealed.map((s) => ({
      ledgerId: s.id,
      sha256: s.sha256,
      sm3: s.sm3,
      // Older ledger rows name only the username.
      sealedBy: s.user_id ? person(s.user_id) : { id: s.actor, name: s.actor },
      createdAt: s.created_at,
    })),
    result: row.result ? JSON.parse(row.result) : null,
    riskAlerts: alerts,
    custody: custody
      ? {
          takenBy: person(custody.taken_by),
          takenAt: custody.taken_at,
          handedOutBy: person(custody.handed_out_by),
          returnedAt: custody.returned_at,
          receivedBy: maybe(custody.received_by),
        }
      : null,
    flag: row.flag,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Everyone named anywhere in the request's flow: they may read it and its files. */
export function participants(state: FlowState): Set<string> {
  const ids = new Set<string>([state.requesterId]);
  for (const step of Object.values(state.steps)) {
    for (const id of step.approvers) ids.add(id);
    for (const a of step.approvals) ids.add(a.userId);
  }
  for (const h of state.history) if (h.actorId) ids.add(h.actorId);
  return ids;
}
