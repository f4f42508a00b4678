import type { Policy } from '../platform/auth/policy.ts';

/** survey answers are for IT: administrators, IT management and agents of an IT team. */
export const readsSurveyAnswers: Policy = (a) =>
  a.roles.includes('admin') || a.roles.includes('it_management') || (a.roles.includes('agent') && a.teamId !== null);
