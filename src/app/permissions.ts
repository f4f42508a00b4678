import { readsAllAgreements, seesApplicationRegister } from '../agreements/policy.ts';
import { plansRenewals, readsWholeRegister, seesUnitView } from '../assets/policy.ts';
import { readsBilling, runsBilling } from '../billing/policy.ts';
import { changesCatalogue } from '../catalogue/policy.ts';
import { ordersBacklog, raisesDevelopmentRequests, seesDevelopmentRequests } from '../governance/policy.ts';
import { marksFollowUpSent, readsFollowUp } from '../followup/policy.ts';
import { editsMission, readsMissionDrafts } from '../mission/policy.ts';
import { handlesMailQuarantine } from '../mail/policy.ts';
import { managesOperations, readsAvailability, readsOutages } from '../operations/policy.ts';
import { designatesForAnyUnit, designatesOrderers, fulfilsOrders, seesOrders } from '../orders/policy.ts';
import { administersOrganisation, managesUnits, readsPeople } from '../org/policy.ts';
import { readsAuditLog } from '../platform/audit/policy.ts';
import type { Policy } from '../platform/auth/policy.ts';
import type { Actor } from '../platform/http/context.ts';
import { booksLaptops, editsSites, managesLaptopPool, seesSites } from '../sites/policy.ts';
import { readsSurveyAnswers } from '../surveys/policy.ts';
import { administersDesks, readsSlaBreaches, registersCalls, worksQueue } from '../tickets/policy.ts';

/**
 * Issue 17: what the signed-in user may reach, by the capabilities' own named policies. The session
 * answer carries it (`user.can`), so the UI shows pages, menus and buttons from the server's answer and
 * never re-derives a role rule; the services check the same policies.
 */
export const PERMISSIONS = {
  administersOrganisation,
  readsPeople,
  managesUnits,
  readsAuditLog,
  administersDesks,
  worksQueue,
  registersCalls,
  readsSlaBreaches,
  readsSurveyAnswers,
  changesCatalogue,
  handlesMailQuarantine,
  fulfilsOrders,
  designatesOrderers,
  designatesForAnyUnit,
  seesOrders,
  readsWholeRegister,
  seesUnitView,
  plansRenewals,
  runsBilling,
  readsBilling,
  seesApplicationRegister,
  readsAllAgreements,
  managesOperations,
  readsOutages,
  readsAvailability,
  seesDevelopmentRequests,
  raisesDevelopmentRequests,
  ordersBacklog,
  readsFollowUp,
  marksFollowUpSent,
  editsMission,
  readsMissionDrafts,
  seesSites,
  editsSites,
  booksLaptops,
  managesLaptopPool,
} satisfies Record<string, Policy>;

export type Permission = keyof typeof PERMISSIONS;

/** Each permission's answer for the actor. */
export function permissionsOf(actor: Actor): Record<Permission, boolean> {
  return Object.fromEntries(Object.entries(PERMISSIONS).map(([name, policy]) => [name, policy(actor)])) as Record<Permission, boolean>;
}
