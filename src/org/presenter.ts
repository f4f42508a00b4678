import type { municipalities, people, teams, units, users } from './schema.ts';

/** Answers never carry raw rows (STYLE.md habit 5): only these shapes leave the server. */
export function presentMunicipality(m: typeof municipalities.$inferSelect) {
  return { id: m.id, code: m.code, name: m.name, orgNumber: m.orgNumber, accountingFields: m.accountingFields, version: m.version };
}

export function presentUnit(u: typeof units.$inferSelect) {
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

export function presentPerson(p: typeof people.$inferSelect) {
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

export function presentTeam(t: typeof teams.$inferSelect) {
  return { id: t.id, code: t.code, name: t.name, lines: t.lines };
}

export function presentUser(u: typeof users.$inferSelect) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    displayName: u.displayName,
    municipalityId: u.municipalityId,
    personId: u.personId,
    roles: u.roles,
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
