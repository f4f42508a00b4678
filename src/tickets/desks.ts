import { z } from 'zod';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertVersion, updateAudited } from '../platform/db/versioned.ts';
import { assertMunicipality } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ticketCategories } from './schema.ts';
import { findUser } from '../org/store.ts';
import { ZDeskInput, ZCategoryInput, ZCategoryUpdate } from './contract.ts';
import * as store from './store.ts';

/**
 * other departments get their own desks (queues, categories, agents) by agreement. A
 * department desk belongs to one municipality; its agents see its tickets and nothing of IT's.
 */

async function deskForAdmin(db: Db, actor: Actor, deskId: string) {
  const desk = await store.findDesk(db, deskId);
  if (!desk) throw new AppError('not_found');
  if (desk.municipalityId) assertMunicipality(actor, desk.municipalityId);
  else if (actor.scope.kind !== 'all') throw new AppError('forbidden');
  return desk;
}

export async function createDesk(db: Db, actor: Actor, input: z.infer<typeof ZDeskInput>) {
  assertMunicipality(actor, input.municipalityId);
  return db.transaction(async (tx) => {
    const row = await store.insertDesk(tx, { ...input, isIt: false });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: row.municipalityId,
      entity: 'desk',
      entityId: row.id,
      action: 'create',
      after: { code: row.code, name: row.name },
    });
    return row;
  });
}

export async function addCategory(db: Db, actor: Actor, deskId: string, input: z.infer<typeof ZCategoryInput>) {
  const desk = await deskForAdmin(db, actor, deskId);
  return db.transaction(async (tx) => {
    const row = await store.insertCategory(tx, { ...input, deskId: desk.id });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: desk.municipalityId,
      entity: 'desk',
      entityId: desk.id,
      action: 'add_category',
      after: { code: row.code, name: row.name },
    });
    return row;
  });
}

export function presentCategory(k: typeof ticketCategories.$inferSelect) {
  return {
    id: k.id,
    code: k.code,
    name: k.name,
    kind: k.kind,
    isIntefunktion: k.isIntefunktion,
    resolveWorkingDays: k.resolveWorkingDays,
    resolveBusinessMinutes: k.resolveBusinessMinutes,
    active: k.active,
    version: k.version,
  };
}

/**
 * A category's name, SLA target or active flag (issue 4: "other categories get configurable
 * targets"). One target at a time: working days or business minutes. Intefunktion's target is the
 * mission's and cannot be set here. New tickets use the new target; open ones keep theirs
 * until their next change re-reads it.
 */
export async function updateCategory(db: Db, actor: Actor, deskId: string, categoryId: string, input: z.infer<typeof ZCategoryUpdate>) {
  const desk = await deskForAdmin(db, actor, deskId);
  const before = await store.categoryOfDesk(db, desk.id, categoryId);
  if (!before) throw new AppError('not_found');
  const { version, ...values } = input;
  assertVersion(before, version, presentCategory);
  if (before.isIntefunktion && (values.resolveWorkingDays !== undefined || values.resolveBusinessMinutes !== undefined)) {
    throw new AppError('validation', [
      {
        field: 'resolveWorkingDays',
        reason: 'the intefunktion target comes from the mission (R-3.4)',
        reasonSv: 'målet för intefunktion kommer från ramuppdraget (R-3.4)',
      },
    ]);
  }
  const days = values.resolveWorkingDays === undefined ? before.resolveWorkingDays : values.resolveWorkingDays;
  const minutes = values.resolveBusinessMinutes === undefined ? before.resolveBusinessMinutes : values.resolveBusinessMinutes;
  if (days !== null && minutes !== null) {
    throw new AppError('validation', [
      {
        field: 'resolveBusinessMinutes',
        reason: 'give the target in working days or in business minutes, not both',
        reasonSv: 'ange målet i arbetsdagar eller i arbetsminuter, inte båda',
      },
    ]);
  }
  return updateAudited(db, ticketCategories, {
    id: before.id,
    expectedVersion: version,
    values,
    before,
    actorUserId: actor.id,
    entity: 'ticket_category',
    present: presentCategory,
    municipalityOf: () => desk.municipalityId,
  });
}

/** A desk as its administrator sees it: every category (with targets, also inactive) and the agents. */
export async function deskDetail(db: Db, actor: Actor, deskId: string) {
  const desk = await deskForAdmin(db, actor, deskId);
  const [categories, agents] = await Promise.all([store.allCategoriesOfDesk(db, desk.id), listAgents(db, desk.id)]);
  return { desk, categories: categories.map(presentCategory), agents };
}

export async function setAgent(db: Db, actor: Actor, deskId: string, userId: string, member: boolean) {
  const desk = await deskForAdmin(db, actor, deskId);
  const user = await findUser(db, userId, undefined);
  if (!user || (desk.municipalityId && user.municipalityId !== null && user.municipalityId !== desk.municipalityId)) {
    throw new AppError('validation', [{ field: 'userId', reason: 'unknown user in this municipality', reasonSv: 'okänd användare i kommunen' }]);
  }
  if (!user.roles.includes('agent')) {
    throw new AppError('validation', [{ field: 'userId', reason: 'the account needs the agent role', reasonSv: 'kontot behöver rollen handläggare' }]);
  }
  await db.transaction(async (tx) => {
    await store.setDeskMember(tx, deskId, userId, member);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: desk.municipalityId,
      entity: 'desk',
      entityId: deskId,
      action: member ? 'add_agent' : 'remove_agent',
      after: { userId },
    });
  });
}

/** The agents of a desk (for assignment): IT agents by team plus explicit members. */
export async function listAgents(db: Db, deskId: string) {
  const desk = await store.findDesk(db, deskId);
  if (!desk) throw new AppError('not_found');
  const ids = await store.deskMemberIds(db, deskId);
  const rows = await store.activeUsersOfDesk(db, { isIt: desk.isIt, memberIds: ids });
  // `explicit`: added to the desk (removable); IT agents belong to the IT desk by their team.
  return rows.filter((u) => u.roles.includes('agent') || ids.includes(u.id)).map((u) => ({ ...u, explicit: ids.includes(u.id) }));
}
