import { missionOn } from '../mission/service.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { hashPassword, oneTimePassword, passwordProblems } from '../platform/auth/passwords.ts';
import { assertMunicipality, hasRole, municipalityFilter } from '../platform/auth/policy.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, insertAudited, updateAudited, updateVersioned } from '../platform/db/versioned.ts';
import { endUserSessions } from './session-store.ts';
import { now } from '../platform/clock.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { presentPerson, presentUnit, presentUser } from './presenter.ts';
import {
  accountingCodeProblems,
  personProblems,
  unitAndDescendants,
  unitPlacementProblems,
  userAssignmentProblems,
  wouldCreateCycle,
  type Problem,
  type UnitLevel,
} from './rules.ts';
import type { CreatedUser, OneTimePassword, OwnProfilePatch, PersonInput, PersonPatch, UnitInput, UnitPatch, UserInput, UserPatch } from './contract.ts';
import type { Role } from '../platform/access.ts';
import { people, units, users } from './schema.ts';
import * as store from './store.ts';

function reject(problems: Problem[]): void {
  if (problems.length) {
    throw new AppError(
      'validation',
      problems.map((p): FieldProblem => ({ field: p.field, reason: p.reason, reasonSv: p.reasonSv })),
    );
  }
}

// ---------------------------------------------------------------- units

async function checkUnit(
  db: Db,
  unit: { id?: string; municipalityId: string; level: UnitLevel; parentId: string | null; accountingCodes: Record<string, string> },
) {
  const municipality = await store.findMunicipality(db, unit.municipalityId);
  if (!municipality) throw new AppError('validation', [{ field: 'municipalityId', reason: 'unknown municipality', reasonSv: 'okänd kommun' }]);
  const parent = unit.parentId ? await store.findUnit(db, unit.parentId, unit.municipalityId) : null;
  if (unit.parentId && !parent) throw new AppError('validation', [{ field: 'parentId', reason: 'unknown parent unit', reasonSv: 'okänd överordnad enhet' }]);
  const problems = [...unitPlacementProblems(unit, parent ?? null), ...accountingCodeProblems(municipality.accountingFields, unit.accountingCodes)];
  if (unit.id && unit.parentId) {
    const all = await store.listUnits(db, unit.municipalityId);
    if (wouldCreateCycle(unit.id, unit.parentId, new Map(all.map((u) => [u.id, u.parentId])))) {
      problems.push({ field: 'parentId', reason: 'would create a cycle', reasonSv: 'enheten kan inte ligga under sig själv' });
    }
  }
  reject(problems);
}

export async function createUnit(db: Db, actor: Actor, input: UnitInput) {
  assertMunicipality(actor, input.municipalityId);
  await checkUnit(db, input);
  return insertAudited(db, units, input, { actorUserId: actor.id, entity: 'unit', present: presentUnit, municipalityOf: (r) => r.municipalityId });
}

export async function updateUnit(db: Db, actor: Actor, id: string, patch: UnitPatch) {
  const scope = municipalityFilter(actor);
  const current = await store.findUnit(db, id, scope);
  if (!current) throw new AppError('not_found');
  const { version, ...values } = patch;
  assertVersion(current, version, presentUnit);
  const next = { ...current, ...values };
  await checkUnit(db, { id, municipalityId: current.municipalityId, level: current.level, parentId: next.parentId, accountingCodes: next.accountingCodes });
  return updateAudited(db, units, {
    id,
    expectedVersion: version,
    values,
    scope: store.inMunicipality(units.municipalityId, scope),
    before: current,
    actorUserId: actor.id,
    entity: 'unit',
    present: presentUnit,
    municipalityOf: (r) => r.municipalityId,
  });
}

// ---------------------------------------------------------------- people

async function checkPerson(db: Db, person: { municipalityId: string; unitId: string | null; personRole: string; staffCategory: string | null }) {
  const mission = await missionOn(db);
  const problems = personProblems(mission.document, person);
  if (person.unitId && !(await store.findUnit(db, person.unitId, person.municipalityId))) {
    problems.push({ field: 'unitId', reason: 'unknown unit in this municipality', reasonSv: 'okänd enhet i kommunen' });
  }
  reject(problems);
}

export async function createPerson(db: Db, actor: Actor, input: PersonInput) {
  assertMunicipality(actor, input.municipalityId);
  await checkPerson(db, input);
  return insertAudited(db, people, input, { actorUserId: actor.id, entity: 'person', present: presentPerson, municipalityOf: (r) => r.municipalityId });
}

export async function updatePerson(db: Db, actor: Actor, id: string, patch: PersonPatch) {
  const scope = municipalityFilter(actor);
  const current = await store.findPerson(db, id, scope);
  if (!current) throw new AppError('not_found');
  const { version, ...values } = patch;
  assertVersion(current, version, presentPerson);
  const next = { ...current, ...values };
  await checkPerson(db, next);
  return updateAudited(db, people, {
    id,
    expectedVersion: version,
    values,
    scope: store.inMunicipality(people.municipalityId, scope),
    before: current,
    actorUserId: actor.id,
    entity: 'person',
    present: presentPerson,
    municipalityOf: (r) => r.municipalityId,
  });
}

// ---------------------------------------------------------------- users

async function checkUser(
  db: Db,
  actor: Actor,
  u: { municipalityId: string | null; personId: string | null; roles: Role[]; teamId: string | null; line: number | null },
) {
  // An administrator of one municipality cannot create accounts outside it, nor IT-wide ones.
  if (actor.scope.kind === 'municipality' && u.municipalityId !== actor.scope.municipalityId) {
    throw new AppError('forbidden', [{ field: 'municipalityId', reason: 'outside your municipality', reasonSv: 'utanför din kommun' }]);
  }
  const team = u.teamId ? await store.findTeam(db, u.teamId) : null;
  const problems = userAssignmentProblems({ roles: u.roles, municipalityId: u.municipalityId, team: team ?? null, line: u.line });
  if (u.teamId && !team) problems.push({ field: 'teamId', reason: 'unknown team', reasonSv: 'okänt team' });
  if (u.municipalityId && !(await store.findMunicipality(db, u.municipalityId))) {
    problems.push({ field: 'municipalityId', reason: 'unknown municipality', reasonSv: 'okänd kommun' });
  }
  // Issue 16, R-1.4: an account is linked to a person of its own municipality (that person's unit is
  // what a unit manager manages). An account for both municipalities has none to link to; a person of
  // another municipality reads as unknown, so nothing of it leaks.
  if (u.personId && u.municipalityId === null) {
    problems.push({
      field: 'personId',
      reason: 'an account for both municipalities is not linked to a person',
      reasonSv: 'ett konto för båda kommunerna kopplas inte till en person',
    });
  } else if (u.personId && u.municipalityId && !(await store.findPerson(db, u.personId, u.municipalityId))) {
    problems.push({ field: 'personId', reason: 'no such person in the account’s municipality', reasonSv: 'personen finns inte i kontots kommun' });
  }
  reject(problems);
}

/** Creates a local account with a one-time password the user must change at first sign-in. */
export async function createUser(db: Db, actor: Actor | null, input: UserInput & { password?: string }): Promise<CreatedUser> {
  if (actor) await checkUser(db, actor, input);
  else {
    reject(
      userAssignmentProblems({
        roles: input.roles,
        municipalityId: input.municipalityId,
        team: input.teamId ? ((await store.findTeam(db, input.teamId)) ?? null) : null,
        line: input.line,
      }),
    );
  }
  if (await store.findUserByUsername(db, input.username)) {
    throw new AppError('conflict', [{ field: 'username', reason: 'already taken', reasonSv: 'upptaget' }]);
  }
  const password = input.password ?? oneTimePassword();
  const pwProblems = passwordProblems(password);
  if (pwProblems.length) throw new AppError('validation', pwProblems);
  const passwordHash = await hashPassword(password);
  const { password: _omit, ...values } = input;
  return db.transaction(async (tx) => {
    const row = await store.insertUser(tx, { ...values, passwordHash, mustChangePassword: input.password === undefined });
    if (!row) throw new AppError('internal');
    await writeAudit(tx, {
      actorUserId: actor?.id ?? null,
      municipalityId: row.municipalityId,
      entity: 'user',
      entityId: row.id,
      action: 'create',
      after: presentUser(row),
    });
    return { user: presentUser(row), oneTimePassword: input.password === undefined ? password : undefined };
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, patch: UserPatch) {
  const scope = municipalityFilter(actor);
  const current = await store.findUser(db, id, scope);
  if (!current) throw new AppError('not_found');
  const { version, ...values } = patch;
  assertVersion(current, version, presentUser);
  const next = { ...current, ...values };
  await checkUser(db, actor, { ...next, roles: next.roles as Role[] });
  if (id === actor.id && (values.active === false || (values.roles && !values.roles.includes('admin')))) {
    throw new AppError('validation', [
      { field: values.active === false ? 'active' : 'roles', reason: 'you cannot lock yourself out', reasonSv: 'du kan inte låsa ute dig själv' },
    ]);
  }
  // Issue 16: what a session was granted on — being active, the roles, the municipality — changed,
  // so the user's sessions end with the change (the user signs in again under the new grant).
  const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r) => b.includes(r));
  const endsSessions =
    values.active === false ||
    (values.roles !== undefined && !sameRoles(values.roles, current.roles)) ||
    (values.municipalityId !== undefined && values.municipalityId !== current.municipalityId);
  return db.transaction(async (tx) => {
    const row = await updateVersioned(tx, users, {
      id,
      expectedVersion: version,
      values,
      scope: store.inMunicipality(users.municipalityId, scope),
      present: presentUser,
    });
    const after = presentUser(row);
    if (endsSessions) await endUserSessions(tx, id);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: row.municipalityId,
      entity: 'user',
      entityId: id,
      action: 'update',
      before: presentUser(current),
      after,
    });
    return after;
  });
}

/** Resets a local password to a new one-time password (administrators). */
/** Resets a local password to a new one-time password; `actor` null = the operator at the CLI. */
export async function resetPassword(db: Db, actor: Actor | null, id: string): Promise<OneTimePassword> {
  const scope = actor ? municipalityFilter(actor) : undefined;
  const current = await store.findUser(db, id, scope);
  if (!current) throw new AppError('not_found');
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await store.setUserPassword(tx, id, {
      passwordHash,
      mustChangePassword: true,
      ...(actor ? {} : { active: true }),
      version: current.version + 1,
      updatedAt: now(),
    });
    // Issue 16: a reset password ends every session of the account (whoever held the old one).
    await endUserSessions(tx, id);
    await writeAudit(tx, {
      actorUserId: actor?.id ?? null,
      municipalityId: current.municipalityId,
      entity: 'user',
      entityId: id,
      action: actor ? 'reset_password' : 'reset_password_cli',
    });
  });
  return { oneTimePassword: password };
}

/** A user's own profile: display name and language only. */
export async function updateOwnProfile(db: Db, actor: Actor, patch: OwnProfilePatch) {
  const current = await store.findUser(db, actor.id, undefined);
  if (!current) throw new AppError('not_found');
  const { version, ...values } = patch;
  return updateAudited(db, users, {
    id: actor.id,
    expectedVersion: version,
    values,
    before: current,
    action: 'update_profile',
    actorUserId: actor.id,
    entity: 'user',
    present: presentUser,
    municipalityOf: (r) => r.municipalityId,
  });
}

// ---------------------------------------------------------------- managers

/** The units a unit manager keeps current (R-5.1 self-service) and sees billed: their unit and those below. */
export async function managedUnits(db: DbOrTx, actor: Actor): Promise<Set<string>> {
  if (!hasRole(actor, 'unit_manager') || !actor.municipalityId) return new Set();
  const own = await store.personUnitOf(db, actor.id);
  return own ? unitAndDescendants(own, await store.listUnits(db, actor.municipalityId)) : new Set();
}
