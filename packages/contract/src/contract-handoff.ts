// Moving a contract's signing from a computer to a phone: the computer shows a QR code of a one-time
// link; the phone that opens it gets a session for this one contract, and signs there.
import { type Static, Type } from '@sinclair/typebox';
import { ContractIdParams } from './contracts.ts';
import { ErrorBody } from './error-body.ts';

const tags = ['contracts'];

export const ContractHandoff = Type.Object(
  {
    /** The link the QR code carries; its token is in the fragment, so no server log or referrer holds it. */
    url: Type.String(),
    /** ISO 8601; a link not opened by then is void. */
    expiresAt: Type.String(),
  },
  { additionalProperties: false },
);
export type ContractHandoff = Static<typeof ContractHandoff>;

export const RedeemHandoffBody = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100 }) },
  { additionalProperties: false },
);
export type RedeemHandoffBody = Static<typeof RedeemHandoffBody>;

export const RedeemedHandoff = Type.Object({ contractId: Type.String() }, { additionalProperties: false });
export type RedeemedHandoff = Static<typeof RedeemedHandoff>;

export const startHandoffRoute = {
  summary: 'A one-time link (for a QR code) that continues this party’s signing on a phone',
  tags,
  params: ContractIdParams,
  response: { 201: ContractHandoff, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
};
export const redeemHandoffRoute = {
  summary: 'Opens, on the phone, a session reaching only the contract the link was made for',
  tags,
  body: RedeemHandoffBody,
  response: { 200: RedeemedHandoff, 400: ErrorBody, 410: ErrorBody },
};
