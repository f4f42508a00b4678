import type { Policy } from '../platform/auth/policy.ts';

/**
 * Issue 18: who may do what with application agreements. The IT strategist and IT management edit the
 * register and the agreements (in their own municipality, or both when their account spans both);
 * finance owns the standard cost model, which both municipalities share (R-7.3: agreed by their
 * economists). Reading an application is a record rule (`readsApplication` in service.ts): IT staff
 * and finance in scope, its system owner and the managers of the units that pay for it.
 */
export const editsAgreements: Policy = (a) => a.roles.includes('it_strategist') || a.roles.includes('it_management');

/** finance edits the yearly cost model and copies it to the next year. */
export const editsCostModel: Policy = (a) => a.roles.includes('finance');

/** Reads every application of the municipalities in scope (IT staff and finance). */
export const readsAllAgreements: Policy = (a) =>
  a.roles.some((r) => r === 'agent' || r === 'it_strategist' || r === 'it_management' || r === 'finance' || r === 'admin');

/**
 * Who is shown the application register in the menu (the session's `user.can`): those who read every
 * application in scope, and unit managers, whose units may pay for some. The list itself answers with
 * exactly the applications each may read (a system owner without either role reaches theirs by link).
 */
export const seesApplicationRegister: Policy = (a) => readsAllAgreements(a) || a.roles.includes('unit_manager');
