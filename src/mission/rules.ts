import type { MissionDocument, Weekday } from './document.ts';

export type { MissionDocument } from './document.ts';

/** A stored mission version, as the rules need it. */
export interface MissionVersionRef {
  year: number;
  /** ISO date (yyyy-mm-dd), Europe/Stockholm local. */
  effectiveFrom: string;
  document: MissionDocument;
}

/**
 * The mission in force on a local date: the version with the latest `effectiveFrom` on or
 * before the date. Before the first version, none is in force and the caller decides (usually: the
 * earliest). ISO dates compare correctly as strings.
 */
export function missionInForce<T extends Pick<MissionVersionRef, 'effectiveFrom'>>(versions: readonly T[], localDate: string): T | undefined {
  let best: T | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= localDate && (best === undefined || v.effectiveFrom > best.effectiveFrom)) best = v;
  }
  return best;
}

/**
 * Cross-field checks zod cannot express per field. Returns problems as `{ path, message }`.
 */
export function missionProblems(doc: MissionDocument): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!doc.effectiveFrom.startsWith(`${doc.year}-`) && doc.effectiveFrom > `${doc.year}-01-01`) {
    problems.push({ path: 'effectiveFrom', message: 'effectiveFrom must be in or before the mission year' });
  }
  const { min, max } = doc.support.survey.scale;
  if (min >= max) problems.push({ path: 'support.survey.scale', message: 'scale min must be below max' });
  const codes = new Set<string>();
  for (const [i, s] of doc.catalogue.services.entries()) {
    if (codes.has(s.code)) problems.push({ path: `catalogue.services.${i}.code`, message: `duplicate service code ${s.code}` });
    codes.add(s.code);
  }
  const months = doc.followUp.periods.flatMap((p) => Array.from({ length: p.toMonth - p.fromMonth + 1 }, (_, k) => p.fromMonth + k));
  if (months.length !== 12 || new Set(months).size !== 12) {
    problems.push({ path: 'followUp.periods', message: 'follow-up periods must cover each month exactly once' });
  }
  return problems;
}

/** the team that every ticket starts in (the first team offering line 1). */
export function firstLineTeam(doc: MissionDocument): MissionDocument['teams'][number] | undefined {
  return doc.teams.find((t) => t.lines.includes(1));
}

/** Weekday names in Swedish, lower case as in a sentence (the web app shows the same words). */
export const WEEKDAY_SV: Record<Weekday, string> = {
  monday: 'måndag',
  tuesday: 'tisdag',
  wednesday: 'onsdag',
  thursday: 'torsdag',
  friday: 'fredag',
  saturday: 'lördag',
  sunday: 'söndag',
};
