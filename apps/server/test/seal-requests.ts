import type { ApprovalRequest, GrantSealUseBody, SubmitSealRequestBody } from '@openseal/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** How a suite sends an authenticated request as one of its logged-in demo users. */
export type CallAs = (
  user: string,
  method: 'POST',
  url: string,
  payload?: object,
) => Promise<LightMyRequestResponse>;

type SealRequestType = SubmitSealRequestBody['type'];
/** The payload of request type T (the four status changes share one union member, so not Extract). */
type PayloadOf<T extends SealRequestType, B = SubmitSealRequestBody> = B extends {
  type: infer U;
  payload: infer P;
}
  ? T extends U
    ? P
    : never
  : never;
/** A request's payload; the reason is filled in when the test does not care about it. */
export type SealRequestPayload<T extends SealRequestType> = Omit<PayloadOf<T>, 'reason'> & {
  reason?: string;
};
type Lifecycle = 'suspend' | 'resume' | 'revoke' | 'destroy';

export interface SealRequests {
  /** POST /api/requests/seal as the requester; the raw response, for refusals. */
  submit<T extends SealRequestType>(type: T, payload: SealRequestPayload<T>): Promise<LightMyRequestResponse>;
  /** Submits (201, pending) and has the approver approve it; the request as the approval left it. */
  approved<T extends SealRequestType>(type: T, payload: SealRequestPayload<T>): Promise<ApprovalRequest>;
  /** Makes a seal through an approved seal.make request, which must complete; the new seal's id. */
  make(payload: SealRequestPayload<'seal.make'>): Promise<string>;
  /** Suspends, resumes, revokes or destroys a seal through an approved request, which must complete. */
  change(sealId: string, action: Lifecycle): Promise<void>;
  /** Grants use of a seal through an approved seal.authorize request, which must complete; the grant's id. */
  authorize(sealId: string, grant: GrantSealUseBody): Promise<string>;
}

/**
 * Seal lifecycle changes go through approval requests: `requester` (a seal admin) submits them and
 * `approver` (the head of the seal's owner unit, whom the default flow names) approves them, which
 * carries them out.
 */
export function sealRequests(call: CallAs, requester: string, approver: string): SealRequests {
  const submit: SealRequests['submit'] = (type, payload) =>
    call(requester, 'POST', '/api/requests/seal', {
      type,
      payload: { reason: `${type} (test)`, ...payload },
    });

  const approved: SealRequests['approved'] = async (type, payload) => {
    const submitted = await submit(type, payload);
    expect(submitted.statusCode, submitted.body).toBe(201);
    const request = submitted.json() as ApprovalRequest;
    expect(request).toMatchObject({ type, status: 'pending' });
    const acted = await call(approver, 'POST', `/api/requests/${request.id}/act`, { action: 'approve' });
    expect(acted.statusCode, acted.body).toBe(200);
    return acted.json() as ApprovalRequest;
  };

  async function completed<T extends SealRequestType>(
    type: T,
    payload: SealRequestPayload<T>,
  ): Promise<Record<string, unknown>> {
    const done = await approved(type, payload);
    expect(done.status, JSON.stringify(done.result)).toBe('completed');
    return done.result as Record<string, unknown>;
  }

  return {
    submit,
    approved,
    async make(payload) {
      const result = await completed('seal.make', payload);
      expect(result['sealId']).toEqual(expect.any(String));
      return result['sealId'] as string;
    },
    async change(sealId, action) {
      expect(await completed(`seal.${action}`, { sealId })).toEqual({ sealId });
    },
    async authorize(sealId, grant) {
      const result = await completed('seal.authorize', { sealId, grant });
      expect(result).toMatchObject({ sealId, grantId: expect.any(String) });
      return result['grantId'] as string;
    },
  };
}
