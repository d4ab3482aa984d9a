import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { denied, ErrorBody } from './error-body.ts';

/** The risk rules (风险预警), each configurable by the security admin. */
export const RISK_RULE_IDS = [
  'sensitive-words',
  'quota',
  'off-hours',
  'burst',
  'cross-unit',
  'repeated-rejections',
  'certificate-expiry',
  'file-mismatch',
] as const;
export const RiskRuleId = Type.Union(RISK_RULE_IDS.map((id) => Type.Literal(id)));
export type RiskRuleId = (typeof RISK_RULE_IDS)[number];

/** 'alert' records an alert and lets the action go on; 'block' also refuses it (ERR_RISK_BLOCKED). */
export const RiskAction = Type.Union([Type.Literal('alert'), Type.Literal('block')]);
export type RiskAction = Static<typeof RiskAction>;
export const RiskSeverity = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);
export type RiskSeverity = Static<typeof RiskSeverity>;
export const RiskAlertStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('acknowledged'),
  Type.Literal('resolved'),
]);
export type RiskAlertStatus = Static<typeof RiskAlertStatus>;

const NoParams = Type.Object({}, { additionalProperties: false });
const Window = Type.Object(
  {
    /** Uses, the current one included, that fire the rule. */
    count: Type.Integer({ minimum: 1, maximum: 100_000 }),
    minutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }),
  },
  { additionalProperties: false },
);
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });

/** Each rule's parameters. */
export const RISK_RULE_PARAMS = {
  /** The words themselves are a list of their own (/api/risk/sensitive-words). */
  'sensitive-words': NoParams,
  quota: Type.Object(
    {
      /** Also warn when a use takes a grant's last use. */
      warnLastUse: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
  'off-hours': Type.Object(
    {
      /** IANA time zone of the working hours and of the holiday dates. */
      timezone: Type.String({ minLength: 1, maxLength: 64 }),
      /** ISO weekdays worked: 1 Monday … 7 Sunday. */
      workdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, uniqueItems: true }),
      /** Local start of the working day, HH:MM, inclusive. */
      start: ClockTime,
      /** Local end of the working day, HH:MM, exclusive. */
      end: ClockTime,
    },
    { additionalProperties: false },
  ),
  burst: Type.Object({ perUser: Window, perSeal: Window }, { additionalProperties: false }),
  'cross-unit': NoParams,
  'repeated-rejections': Type.Object(
    {
      count: Type.Integer({ minimum: 1, maximum: 1000 }),
      days: Type.Integer({ minimum: 1, maximum: 366 }),
    },
    { additionalProperties: false },
  ),
  'certificate-expiry': Type.Object(
    { days: Type.Integer({ minimum: 1, maximum: 366 }) },
    { additionalProperties: false },
  ),
  'file-mismatch': NoParams,
} as const satisfies Record<RiskRuleId, TSchema>;

export type RiskRuleParams = { [K in RiskRuleId]: Static<(typeof RISK_RULE_PARAMS)[K]> };

/** Whether `params` are valid parameters of rule `id` (the PUT body carries them untyped). */
export function riskRuleParamsValid<K extends RiskRuleId>(
  id: K,
  params: unknown,
): params is RiskRuleParams[K] {
  return Value.Check(RISK_RULE_PARAMS[id], params);
}

/** A rule's settings as they apply now (its defaults when never changed). */
export const RiskRule = Type.Object(
  {
    id: RiskRuleId,
    enabled: Type.Boolean(),
    action: RiskAction,
    params: Type.Union(Object.values(RISK_RULE_PARAMS)),
    /** Null while the rule runs with its defaults. */
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type RiskRule = Static<typeof RiskRule>;

export const RiskRuleIdParams = Type.Object({ id: RiskRuleId });
export type RiskRuleIdParams = Static<typeof RiskRuleIdParams>;

export const UpdateRiskRuleBody = Type.Object(
  {
    enabled: Type.Boolean(),
    action: RiskAction,
    /** Checked against the rule's own parameter schema (RISK_RULE_PARAMS). */
    params: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);
export type UpdateRiskRuleBody = Static<typeof UpdateRiskRuleBody>;

export const RiskAlertNote = Type.Object(
  { at: Type.String(), by: Type.String(), text: Type.String() },
  { additionalProperties: false },
);
export type RiskAlertNote = Static<typeof RiskAlertNote>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const RiskAlert = Type.Object(
  {
    id: Type.String(),
    rule: RiskRuleId,
    severity: RiskSeverity,
    status: RiskAlertStatus,
    sealId: Nullable(Type.String()),
    /** The seal's and the user's names, so the security admin need not read the registry. */
    sealName: Nullable(Type.String()),
    userId: Nullable(Type.String()),
    userName: Nullable(Type.String()),
    /** The seal-use request concerned, and its title as the requester wrote it. */
    requestId: Nullable(Type.String()),
    requestTitle: Nullable(Type.String()),
    documentSha256: Nullable(Type.String()),
    /** What the rule saw (matched words, local time, counts, days left …). */
    details: Type.Record(Type.String(), Type.Unknown()),
    notes: Type.Array(RiskAlertNote),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type RiskAlert = Static<typeof RiskAlert>;

export const ListRiskAlertsQuery = Type.Object(
  {
    status: Type.Optional(RiskAlertStatus),
    rule: Type.Optional(RiskRuleId),
    /** ISO 8601; alerts created at or after. */
    from: Type.Optional(Type.String({ format: 'date-time' })),
    /** ISO 8601; alerts created before. */
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    /** The last alert id of the previous page (newest first). */
    after: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type ListRiskAlertsQuery = Static<typeof ListRiskAlertsQuery>;

export const RiskAlertParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export type RiskAlertParams = Static<typeof RiskAlertParams>;

export const RiskAlertNoteBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type RiskAlertNoteBody = Static<typeof RiskAlertNoteBody>;

export const SensitiveWord = Type.Object(
  {
    id: Type.String(),
    word: Type.String(),
    createdAt: Type.String(),
    createdBy: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type SensitiveWord = Static<typeof SensitiveWord>;

export const AddSensitiveWordBody = Type.Object(
  { word: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type AddSensitiveWordBody = Static<typeof AddSensitiveWordBody>;

export const SensitiveWordParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export type SensitiveWordParams = Static<typeof SensitiveWordParams>;

export const RiskHoliday = Type.Object(
  {
    /** YYYY-MM-DD in the off-hours rule's time zone. */
    date: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** true: a make-up workday (调休), worked even on a weekend; false: a holiday. */
    workday: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type RiskHoliday = Static<typeof RiskHoliday>;

/** PUT replaces the whole calendar. */
export const RiskHolidaysBody = Type.Object(
  { holidays: Type.Array(RiskHoliday, { maxItems: 2000 }) },
  { additionalProperties: false },
);
export type RiskHolidaysBody = Static<typeof RiskHolidaysBody>;

const tags = ['risk'];
export const listRiskAlertsRoute = {
  tags,
  querystring: ListRiskAlertsQuery,
  response: { 200: Type.Array(RiskAlert), ...denied },
};
export const changeRiskAlertRoute = {
  tags,
  params: RiskAlertParams,
  body: RiskAlertNoteBody,
  response: { 200: RiskAlert, 409: ErrorBody, ...denied },
};
export const listRiskRulesRoute = { tags, response: { 200: Type.Array(RiskRule), ...denied } };
export const updateRiskRuleRoute = {
  tags,
  params: RiskRuleIdParams,
  body: UpdateRiskRuleBody,
  response: { 200: RiskRule, 400: ErrorBody, ...denied },
};
export const listSensitiveWordsRoute = { tags, response: { 200: Type.Array(SensitiveWord), ...denied } };
export const addSensitiveWordRoute = {
  tags,
  body: AddSensitiveWordBody,
  response: { 201: SensitiveWord, 409: ErrorBody, ...denied },
};
export const deleteSensitiveWordRoute = {
  tags,
  params: SensitiveWordParams,
  response: { 204: Type.Null(), ...denied },
};
export const listRiskHolidaysRoute = { tags, response: { 200: Type.Array(RiskHoliday), ...denied } };
export const replaceRiskHolidaysRoute = {
  tags,
  body: RiskHolidaysBody,
  response: { 200: Type.Array(RiskHoliday), 400: ErrorBody, ...denied },
};
