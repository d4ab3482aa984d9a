import type { ApproverRule, FlowDefinition, RequestType } from '@openseal/contract';

const headOf = (at: 'requester-unit' | 'seal-unit'): ApproverRule => ({
  kind: 'role',
  role: 'unit_leader',
  at,
  nearest: true,
});
const SEAL_ADMIN: ApproverRule = { kind: 'role', role: 'seal_admin', at: 'seal-unit', nearest: true };

/** Using a seal: the head of the requester's unit, then the seal admin of the seal's unit, a day each. */
const USE: FlowDefinition = {
  stages: [
    {
      name: '部门负责人审批 Head of unit',
      steps: [
        {
          id: 'head',
          name: '部门负责人 Head of unit',
          approvers: [headOf('requester-unit')],
          mode: 'any',
          deadlineHours: 24,
        },
      ],
    },
    {
      name: '印章管理员审批 Seal admin',
      steps: [
        {
          id: 'seal-admin',
          name: '印章管理员 Seal admin',
          approvers: [SEAL_ADMIN],
          mode: 'any',
          deadlineHours: 24,
        },
      ],
    },
  ],
};

/** A change to a seal itself: the head of the unit that owns it. */
const LIFECYCLE: FlowDefinition = {
  stages: [
    {
      name: '印章所属单位负责人审批 Head of the owning unit',
      steps: [
        {
          id: 'owner-head',
          name: '单位负责人 Head of unit',
          approvers: [headOf('seal-unit')],
          mode: 'any',
          deadlineHours: 48,
        },
      ],
    },
  ],
};

/**
 * A credential that needs approval: the head of the unit that owns its type (the template's owner unit
 * stands in the seal-unit place: prepareRequest sets it as the request's sealUnitId).
 */
const CREDENTIAL: FlowDefinition = {
  stages: [
    {
      name: '凭证出具单位负责人审批 Head of the issuing unit',
      steps: [
        {
          id: 'issuer-head',
          name: '出具单位负责人 Head of the issuing unit',
          approvers: [headOf('seal-unit')],
          mode: 'any',
          deadlineHours: 72,
        },
      ],
    },
  ],
};

/** The flow a request type follows until the seal office configures its own (the console's flow page). */
export const DEFAULT_FLOWS: Readonly<Record<RequestType, { name: string; definition: FlowDefinition }>> = {
  'seal.use': { name: '用印审批 Seal use', definition: USE },
  'seal.physicalUse': { name: '实物用印审批 Physical seal use', definition: USE },
  'seal.make': { name: '刻制审批 Making a seal', definition: LIFECYCLE },
  'seal.change': { name: '变更审批 Changing a seal', definition: LIFECYCLE },
  'seal.authorize': { name: '授权审批 Authorising use', definition: LIFECYCLE },
  'seal.transfer': { name: '移交审批 Transferring custody', definition: LIFECYCLE },
  'seal.suspend': { name: '停用审批 Suspending', definition: LIFECYCLE },
  'seal.resume': { name: '启用审批 Resuming', definition: LIFECYCLE },
  'seal.revoke': { name: '吊销审批 Revoking', definition: LIFECYCLE },
  'seal.destroy': { name: '销毁审批 Destroying', definition: LIFECYCLE },
  'credential.issue': { name: '凭证出具审批 Issuing a credential', definition: CREDENTIAL },
};
