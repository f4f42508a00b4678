import { z } from '@hono/zod-openapi';
import { ROLES } from '../platform/access.ts';
import { bilingual } from '../platform/http/context.ts';
import { ZVersion } from '../platform/http/types.ts';
import { UNIT_LEVELS } from './rules.ts';

/**
 * The org capability's contract (docs/decisions/0010): the zod schemas of its requests and answers —
 * municipalities, units, people, teams, user accounts, CSV imports and the sign-in session — and their
 * types. Routes declare these schemas, services validate with the request schemas, presenters are
 * typed by the answer types, and the web app imports the types with `import type`.
 */

// ---------------------------------------------------------------- answers

export const ZMunicipality = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    orgNumber: z.string().nullable(),
    accountingFields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), pattern: z.string().optional() })),
    version: z.number().int(),
  })
  .openapi('Municipality');
export type Municipality = z.infer<typeof ZMunicipality>;

export const ZUnit = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    parentId: z.uuid().nullable(),
    level: z.enum(UNIT_LEVELS),
    code: z.string(),
    name: z.string(),
    accountingCodes: z.record(z.string(), z.string()),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('Unit');
export type Unit = z.infer<typeof ZUnit>;

export const ZPerson = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    unitId: z.uuid().nullable(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    personRole: z.string(),
    staffCategory: z.string().nullable(),
    protectedIdentity: z.boolean(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('Person');
export type Person = z.infer<typeof ZPerson>;

export const ZTeam = z.object({ id: z.uuid(), code: z.string(), name: z.string(), lines: z.array(z.number().int()) }).openapi('Team');
export type Team = z.infer<typeof ZTeam>;

export const ZUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    email: z.string().nullable(),
    displayName: z.string(),
    municipalityId: z.uuid().nullable(),
    personId: z.uuid().nullable(),
    roles: z.array(z.enum(ROLES)),
    teamId: z.uuid().nullable(),
    line: z.number().int().nullable(),
    locale: z.enum(['sv', 'en']),
    active: z.boolean(),
    hasPassword: z.boolean(),
    hasOidc: z.boolean(),
    mustChangePassword: z.boolean(),
    version: z.number().int(),
  })
  .openapi('User');
export type User = z.infer<typeof ZUser>;
/** The language of an account (and of the UI it reads). */
export type Locale = User['locale'];

export const ZImportReport = z
  .object({
    dryRun: z.boolean(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    linked: z.number().int(),
    errors: z.array(z.object({ row: z.number().int().optional(), field: z.string(), reason: z.string(), reasonSv: z.string() })),
  })
  .openapi('ImportReport');
export type ImportReport = z.infer<typeof ZImportReport>;

/** GET /municipalities */
export const ZMunicipalityList = z.object({ items: z.array(ZMunicipality) });
export type MunicipalityList = z.infer<typeof ZMunicipalityList>;
/** GET /teams */
export const ZTeamList = z.object({ items: z.array(ZTeam) });
export type TeamList = z.infer<typeof ZTeamList>;
/** GET /units */
export const ZUnitList = z.object({ items: z.array(ZUnit) });
export type UnitList = z.infer<typeof ZUnitList>;
/** GET /people: one page, keyset-paginated */
export const ZPersonPage = z.object({ items: z.array(ZPerson), nextCursor: z.string().nullable() });
export type PersonPage = z.infer<typeof ZPersonPage>;
/** GET /users */
export const ZUserList = z.object({ items: z.array(ZUser) });
export type UserList = z.infer<typeof ZUserList>;
/** POST /users: the account and, once, its one-time password. */
export const ZCreatedUser = z.object({ user: ZUser, oneTimePassword: z.string().optional() });
export type CreatedUser = z.infer<typeof ZCreatedUser>;
/** POST /users/{id}/reset-password */
export const ZOneTimePassword = z.object({ oneTimePassword: z.string() });
export type OneTimePassword = z.infer<typeof ZOneTimePassword>;

// ---------------------------------------------------------------- sign-in (auth routes)

export const ZSessionUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    municipalityId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    line: z.number().int().nullable(),
    locale: z.enum(['sv', 'en']),
    mustChangePassword: z.boolean(),
    version: z.number().int(),
    can: z.record(z.string(), z.boolean()).describe('what the user may reach, by name (app/permissions.ts); the UI shows pages and actions from it'),
  })
  .openapi('SessionUser');
export type SessionUser = z.infer<typeof ZSessionUser>;

export const ZSession = z.object({ user: ZSessionUser, csrfToken: z.string() }).openapi('Session');
export type Session = z.infer<typeof ZSession>;

/** GET /auth/providers: the sign-in methods. */
export const ZProviders = z.object({ local: z.boolean(), oidc: z.object({ label: z.string() }).nullable() });
export type Providers = z.infer<typeof ZProviders>;

/** POST /auth/login */
export const ZLoginInput = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(256) });
export type LoginInput = z.infer<typeof ZLoginInput>;

/** POST /auth/password */
export const ZPasswordChange = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });
export type PasswordChange = z.infer<typeof ZPasswordChange>;

// ---------------------------------------------------------------- queries

export const ZMunicipalityQuery = z.object({ municipalityId: z.uuid().optional() });
export type MunicipalityQuery = z.infer<typeof ZMunicipalityQuery>;
const ZCursor = z.string().max(500).optional();

/** GET /people */
export const ZPeopleQuery = ZMunicipalityQuery.extend({
  unitId: z.uuid().optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZCursor,
});
export type PeopleQuery = z.infer<typeof ZPeopleQuery>;
/** What a /people cursor holds: where the previous page ended. */
export const ZPeopleCursor = z.object({ lastName: z.string(), firstName: z.string(), id: z.uuid() });

/** GET /users */
export const ZUsersQuery = ZMunicipalityQuery.extend({
  role: z.enum(ROLES).optional().describe('only active accounts holding this role, e.g. the agents a desk may take'),
});
export type UsersQuery = z.infer<typeof ZUsersQuery>;

/** POST /import/units and /import/people */
export const ZImportQuery = z.object({ municipalityId: z.uuid(), dryRun: z.enum(['true', 'false']).default('false') });
export type ImportQuery = z.infer<typeof ZImportQuery>;

// ---------------------------------------------------------------- units

export const ZUnitInput = z.strictObject({
  municipalityId: z.uuid(),
  parentId: z.uuid().nullable().default(null),
  level: z.enum(UNIT_LEVELS),
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  accountingCodes: z.record(z.string().max(40), z.string().trim().max(40)).default({}),
});
export type UnitInput = z.infer<typeof ZUnitInput>;

export const ZUnitPatch = z.strictObject({
  version: ZVersion,
  parentId: z.uuid().nullable().optional(),
  code: z.string().trim().min(1).max(40).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  accountingCodes: z.record(z.string().max(40), z.string().trim().max(40)).optional(),
  active: z.boolean().optional(),
});
export type UnitPatch = z.infer<typeof ZUnitPatch>;

// ---------------------------------------------------------------- people

const ZPersonFields = {
  unitId: z.uuid().nullable(),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email().max(200).nullable(),
  phone: z.string().trim().max(40).nullable(),
  personRole: z.string().min(1).max(40),
  staffCategory: z.string().min(1).max(40).nullable(),
  protectedIdentity: z.boolean(),
};
export const ZPersonInput = z.strictObject({
  municipalityId: z.uuid(),
  ...ZPersonFields,
  email: ZPersonFields.email.default(null),
  phone: ZPersonFields.phone.default(null),
  unitId: ZPersonFields.unitId.default(null),
  staffCategory: ZPersonFields.staffCategory.default(null),
  protectedIdentity: ZPersonFields.protectedIdentity.default(false),
});
export type PersonInput = z.infer<typeof ZPersonInput>;
export const ZPersonPatch = z.strictObject({
  version: ZVersion,
  unitId: ZPersonFields.unitId.optional(),
  firstName: ZPersonFields.firstName.optional(),
  lastName: ZPersonFields.lastName.optional(),
  email: ZPersonFields.email.optional(),
  phone: ZPersonFields.phone.optional(),
  personRole: ZPersonFields.personRole.optional(),
  staffCategory: ZPersonFields.staffCategory.optional(),
  protectedIdentity: ZPersonFields.protectedIdentity.optional(),
  active: z.boolean().optional(),
});
export type PersonPatch = z.infer<typeof ZPersonPatch>;

// ---------------------------------------------------------------- users

const ZRoles = z.array(z.enum(ROLES)).min(1).max(ROLES.length);
export const ZUserInput = z.strictObject({
  username: z
    .string()
    .trim()
    .min(2)
    .max(100)
    .regex(/^[\p{L}\p{N}._@-]+$/u, bilingual('letters, digits and . _ @ - only', 'bara bokstäver, siffror och . _ @ -')),
  email: z.email().max(200).nullable().default(null),
  displayName: z.string().trim().min(1).max(200),
  municipalityId: z.uuid().nullable(),
  personId: z.uuid().nullable().default(null),
  roles: ZRoles,
  teamId: z.uuid().nullable().default(null),
  line: z.number().int().min(1).max(3).nullable().default(null),
  locale: z.enum(['sv', 'en']).default('sv'),
});
export type UserInput = z.infer<typeof ZUserInput>;
export const ZUserPatch = z.strictObject({
  version: ZVersion,
  email: z.email().max(200).nullable().optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
  municipalityId: z.uuid().nullable().optional(),
  personId: z.uuid().nullable().optional(),
  roles: ZRoles.optional(),
  teamId: z.uuid().nullable().optional(),
  line: z.number().int().min(1).max(3).nullable().optional(),
  locale: z.enum(['sv', 'en']).optional(),
  active: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof ZUserPatch>;

/** PATCH /me: your own display name or language (roles, municipality and team are the administrator's). */
export const ZOwnProfilePatch = z.strictObject({
  version: ZVersion,
  displayName: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(['sv', 'en']).optional(),
});
export type OwnProfilePatch = z.infer<typeof ZOwnProfilePatch>;
