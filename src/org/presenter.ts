import { ROLES, type Role } from '../platform/access.ts';
import type { Municipality, Person, Team, Unit, User } from './contract.ts';
import type { municipalities, people, teams, units, users } from './schema.ts';

type MunicipalityRow = typeof municipalities.$inferSelect;
type UnitRow = typeof units.$inferSelect;
type PersonRow = typeof people.$inferSelect;
type TeamRow = typeof teams.$inferSelect;
type UserRow = typeof users.$inferSelect;

/**
 * Answers never carry raw rows (STYLE.md habit 5): only these shapes leave the server. Each presenter is
 * typed by its answer in contract.ts, so one that drifts from its schema does not compile.
 */
export function presentMunicipality(m: MunicipalityRow): Municipality {
  return { id: m.id, code: m.code, name: m.name, orgNumber: m.orgNumber, accountingFields: m.accountingFields, version: m.version };
}

export function presentUnit(u: UnitRow): Unit {
  return {
    id: u.id,
    municipalityId: u.municipalityId,
    parentId: u.parentId,
    level: u.level,
    code: u.code,
    name: u.name,
    accountingCodes: u.accountingCodes,
    active: u.active,
    version: u.version,
  };
}

export function presentPerson(p: PersonRow): Person {
  return {
    id: p.id,
    municipalityId: p.municipalityId,
    unitId: p.unitId,
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email,
    phone: p.phone,
    personRole: p.personRole,
    staffCategory: p.staffCategory,
    protectedIdentity: p.protectedIdentity,
    active: p.active,
    version: p.version,
  };
}

export function presentTeam(t: TeamRow): Team {
  return { id: t.id, code: t.code, name: t.name, lines: t.lines };
}

export function presentUser(u: UserRow): User {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    displayName: u.displayName,
    municipalityId: u.municipalityId,
    personId: u.personId,
    roles: u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    teamId: u.teamId,
    line: u.line,
    locale: u.locale,
    active: u.active,
    hasPassword: u.passwordHash !== null,
    hasOidc: u.oidcSubject !== null,
    mustChangePassword: u.mustChangePassword,
    version: u.version,
  };
}
