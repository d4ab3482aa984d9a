// Directory sync: the org tree and people from the school's LDAP or from CSV, previewed as a diff
// before it is applied. Leavers are disabled, never deleted.
import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** Which LDAP attribute holds each field. */
export const DirectoryAttributes = Type.Object(
  {
    unitCode: Type.String({ minLength: 1 }),
    unitName: Type.String({ minLength: 1 }),
    unitNameEn: Type.String({ minLength: 1 }),
    unitParent: Type.String({ minLength: 1 }),
    personCampusId: Type.String({ minLength: 1 }),
    personName: Type.String({ minLength: 1 }),
    personEmail: Type.String({ minLength: 1 }),
    personPhone: Type.String({ minLength: 1 }),
    personUnit: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type DirectoryAttributes = Static<typeof DirectoryAttributes>;

export const DirectoryUnitChange = Type.Object(
  {
    code: Type.String(),
    change: Type.Union([Type.Literal('create'), Type.Literal('rename'), Type.Literal('move')]),
    nameZh: Type.String(),
    nameEn: Type.String(),
    parentCode: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type DirectoryUnitChange = Static<typeof DirectoryUnitChange>;

export const DirectoryPersonChange = Type.Object(
  {
    campusId: Type.String(),
    change: Type.Union([
      Type.Literal('create'),
      Type.Literal('update'),
      Type.Literal('move'),
      Type.Literal('disable'),
      Type.Literal('enable'),
    ]),
    name: Type.String(),
    unitCode: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type DirectoryPersonChange = Static<typeof DirectoryPersonChange>;

export const DirectoryDiff = Type.Object(
  {
    units: Type.Array(DirectoryUnitChange),
    people: Type.Array(DirectoryPersonChange),
    /** Directory-managed people before the sync, for the safety limit's share. */
    managedPeople: Type.Integer(),
    /** Accounts a sync never touches although the source no longer lists them: local or security roles. */
    protectedSkipped: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type DirectoryDiff = Static<typeof DirectoryDiff>;

export const DirectoryRun = Type.Object(
  {
    id: Type.String(),
    source: Type.Union([Type.Literal('ldap'), Type.Literal('csv')]),
    trigger: Type.Union([Type.Literal('manual'), Type.Literal('schedule')]),
    dryRun: Type.Boolean(),
    outcome: Type.Union([
      Type.Literal('previewed'),
      Type.Literal('applied'),
      Type.Literal('refused'),
      Type.Literal('failed'),
    ]),
    diff: Type.Union([DirectoryDiff, Type.Null()]),
    error: Nullable(Type.String()),
    actor: Type.String(),
    startedAt: Type.String(),
    finishedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type DirectoryRun = Static<typeof DirectoryRun>;

/** The LDAP source as the console shows it: the bind password is never returned, only whether one is set. */
export const DirectoryConfig = Type.Object(
  {
    url: Type.String({ pattern: '^ldaps?://' }),
    startTls: Type.Boolean(),
    /** PEM of the CA that issued the server's certificate (ldaps:// or StartTLS); null: the system's CAs. */
    caCertificate: Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()]),
    bindDn: Type.String({ minLength: 1 }),
    unitBase: Type.String({ minLength: 1 }),
    unitFilter: Type.String({ minLength: 1 }),
    peopleBase: Type.String({ minLength: 1 }),
    peopleFilter: Type.String({ minLength: 1 }),
    attributes: DirectoryAttributes,
    intervalMinutes: Type.Union([Type.Integer({ minimum: 5, maximum: 10080 }), Type.Null()]),
    maxDisablePercent: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type DirectoryConfig = Static<typeof DirectoryConfig>;

export const DirectoryConfigView = Type.Object(
  { config: Type.Union([DirectoryConfig, Type.Null()]), passwordSet: Type.Boolean() },
  { additionalProperties: false },
);
export type DirectoryConfigView = Static<typeof DirectoryConfigView>;

/** The password is sent when set or changed; left out, the stored one is kept. */
export const PutDirectoryConfigBody = Type.Object(
  { config: DirectoryConfig, bindPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })) },
  { additionalProperties: false },
);
export type PutDirectoryConfigBody = Static<typeof PutDirectoryConfigBody>;

export const DirectorySyncBody = Type.Object(
  {
    dryRun: Type.Boolean(),
    /** Apply even past the safety limit on disabled people. */
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DirectorySyncBody = Static<typeof DirectorySyncBody>;

export const DirectoryCsvBody = Type.Object(
  {
    dryRun: Type.Boolean(),
    force: Type.Optional(Type.Boolean()),
    /** units.csv: code,name_zh,name_en,parent_code (header row first). */
    unitsCsv: Type.String({ maxLength: 5_000_000 }),
    /** people.csv: campus_id,name,email,phone,unit_code (header row first). */
    peopleCsv: Type.String({ maxLength: 20_000_000 }),
  },
  { additionalProperties: false },
);
export type DirectoryCsvBody = Static<typeof DirectoryCsvBody>;

/** An open request whose requester or approver left the directory, for the admin to follow up. */
export const DirectoryFlaggedRequest = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    flag: Type.Union([Type.Literal('requester_left'), Type.Literal('approver_left')]),
    requester: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type DirectoryFlaggedRequest = Static<typeof DirectoryFlaggedRequest>;

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } as const;
const syncErrors = { ...errors, 409: ErrorBody, 422: ErrorBody, 502: ErrorBody } as const;

export const getDirectoryConfigRoute = {
  summary: 'The LDAP directory source (the bind password is never returned)',
  tags: ['directory'],
  response: { 200: DirectoryConfigView, ...errors },
} as const;

export const putDirectoryConfigRoute = {
  summary: 'Set the LDAP directory source; the bind password is stored encrypted',
  tags: ['directory'],
  body: PutDirectoryConfigBody,
  response: { 200: DirectoryConfigView, ...errors },
} as const;

export const postDirectorySyncRoute = {
  summary: 'Sync from the LDAP source now: a dry run returns the diff, otherwise it is applied',
  tags: ['directory'],
  body: DirectorySyncBody,
  response: { 200: DirectoryRun, ...syncErrors },
} as const;

export const postDirectoryCsvRoute = {
  summary: 'Sync from uploaded units.csv and people.csv: a dry run returns the diff, otherwise it is applied',
  tags: ['directory'],
  body: DirectoryCsvBody,
  response: { 200: DirectoryRun, ...syncErrors },
} as const;

export const listDirectoryFlaggedRoute = {
  summary: 'Open requests flagged because their requester or an approver left the directory',
  tags: ['directory'],
  response: { 200: Type.Array(DirectoryFlaggedRequest), ...errors },
} as const;

export const listDirectoryRunsRoute = {
  summary: 'Directory sync history, newest first',
  tags: ['directory'],
  response: { 200: Type.Array(DirectoryRun), ...errors },
} as const;
