import { type Static, Type } from '@sinclair/typebox';
import { denied } from './error-body.ts';

export const OrgUnitKind = Type.Union([
  Type.Literal('school'),
  Type.Literal('college'),
  Type.Literal('office'),
  Type.Literal('unit'),
]);
export type OrgUnitKind = Static<typeof OrgUnitKind>;

export const OrgUnit = Type.Object(
  {
    id: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    nameZh: Type.String(),
    nameEn: Type.String(),
    kind: OrgUnitKind,
  },
  { additionalProperties: false },
);
export type OrgUnit = Static<typeof OrgUnit>;

export const CreateOrgUnitBody = Type.Object(
  {
    parentId: Type.String({ minLength: 1 }),
    nameZh: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    kind: OrgUnitKind,
  },
  { additionalProperties: false },
);
export type CreateOrgUnitBody = Static<typeof CreateOrgUnitBody>;

export const listOrgUnitsRoute = { tags: ['org'], response: { 200: Type.Array(OrgUnit), ...denied } };
export const createOrgUnitRoute = {
  tags: ['org'],
  body: CreateOrgUnitBody,
  response: { 201: OrgUnit, ...denied },
};
