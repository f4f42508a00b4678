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
 * before the date, and of two starting the same day the later revision (a correction). Before the
 * first version, none is in force and the caller decides (usually: the earliest). ISO dates compare
 * correctly as strings.
 */
export function missionInForce<T extends Pick<MissionVersionRef, 'effectiveFrom'> & { revision?: number; year?: number }>(
  versions: readonly T[],
  localDate: string,
): T | undefined {
  let best: T | undefined;
  for (const v of versions) {
    if (v.effectiveFrom > localDate) continue;
    if (best === undefined || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && laterRevision(v, best))) best = v;
  }
  return best;
}

function laterRevision(a: { revision?: number; year?: number }, b: { revision?: number; year?: number }): boolean {
  return (a.year ?? 0) > (b.year ?? 0) || ((a.year ?? 0) === (b.year ?? 0) && (a.revision ?? 0) > (b.revision ?? 0));
}

/**
 * The versions that are ever in force, oldest first: a version another one replaces from the very same
 * day (a correction published to start the day its original did) never governs a date.
 */
export function versionsInEffect<T extends Pick<MissionVersionRef, 'effectiveFrom'> & { revision?: number; year?: number }>(versions: readonly T[]): T[] {
  const byDay = new Map<string, T>();
  for (const v of versions) {
    const held = byDay.get(v.effectiveFrom);
    if (!held || laterRevision(v, held)) byDay.set(v.effectiveFrom, v);
  }
  return [...byDay.values()].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
}

/**
 * a draft for `year` copied from the published `base`: the same rules, the new year, a title
 * naming it, and in force from 1 January of the year — or, for a correction of a year already
 * published, from `today` at the earliest.
 */
export function draftFrom(base: MissionDocument, year: number, today: string): MissionDocument {
  const doc = structuredClone(base);
  doc.year = year;
  doc.title = base.title.includes(String(base.year)) ? base.title.replaceAll(String(base.year), String(year)) : `${base.title} ${year}`;
  const start = `${year}-01-01`;
  doc.effectiveFrom = base.year === year ? (today > base.effectiveFrom ? today : base.effectiveFrom) : start < today ? today : start;
  return doc;
}

/** A published version as the publishing rules see it. */
export interface PublishedRef {
  year: number;
  revision: number;
  effectiveFrom: string;
}

/**
 * what stops a draft from being published. A published mission never changes what was in force
 * before it, so it takes effect today at the earliest; a correction takes effect on or after the version
 * it corrects; and a year's mission must start before any later year's does.
 */
export function publishProblems(
  draft: { year: number; effectiveFrom: string },
  published: readonly PublishedRef[],
  today: string,
): { path: string; message: string; messageSv: string }[] {
  const problems: { path: string; message: string; messageSv: string }[] = [];
  if (draft.effectiveFrom < today) {
    problems.push({
      path: 'effectiveFrom',
      message: 'a mission cannot take effect before the day it is published; choose today or a later date',
      messageSv: 'ett ramuppdrag kan inte gälla från en dag före publiceringen; välj dagens datum eller senare',
    });
  }
  const sameYear = published.filter((p) => p.year === draft.year);
  const latest = sameYear.reduce<PublishedRef | undefined>((a, p) => (a === undefined || p.revision > a.revision ? p : a), undefined);
  if (latest && draft.effectiveFrom < latest.effectiveFrom) {
    problems.push({
      path: 'effectiveFrom',
      message: `a correction takes effect on or after the version it corrects (${latest.effectiveFrom})`,
      messageSv: `en rättelse kan gälla tidigast från samma dag som versionen den rättar (${latest.effectiveFrom})`,
    });
  }
  const later = published.filter((p) => p.year > draft.year && p.effectiveFrom <= draft.effectiveFrom);
  if (later.length > 0) {
    const first = later.reduce((a, p) => (p.effectiveFrom < a.effectiveFrom ? p : a));
    problems.push({
      path: 'effectiveFrom',
      message: `the ${first.year} mission already takes effect on ${first.effectiveFrom}; choose an earlier date`,
      messageSv: `ramuppdraget för ${first.year} gäller redan från ${first.effectiveFrom}; välj ett tidigare datum`,
    });
  }
  return problems;
}

/** A problem of a mission document: the dotted path of the field, and what is wrong in both languages. */
export interface MissionProblem {
  path: string;
  message: string;
  messageSv: string;
}

/**
 * Cross-field checks zod cannot express per field (R-8.4: the editor lists every problem with its field).
 */
export function missionProblems(doc: MissionDocument): MissionProblem[] {
  const problems: MissionProblem[] = [];
  const add = (path: string, message: string, messageSv: string) => problems.push({ path, message, messageSv });
  if (!doc.effectiveFrom.startsWith(`${doc.year}-`) && doc.effectiveFrom > `${doc.year}-01-01`) {
    add('effectiveFrom', 'must be in or before the mission year', `ska ligga under ${doc.year} eller tidigare`);
  }
  const { min, max } = doc.support.survey.scale;
  if (min >= max) add('support.survey.scale.max', 'the scale’s highest value must be above its lowest', 'skalans högsta värde ska vara större än det lägsta');
  const unique = <T>(items: readonly T[], key: (item: T) => string, path: string, field: string) => {
    const seen = new Set<string>();
    for (const [i, item] of items.entries()) {
      const k = key(item);
      if (seen.has(k)) add(`${path}.${i}.${field}`, `${k} occurs twice`, `${k} finns redan i listan`);
      seen.add(k);
    }
  };
  unique(doc.catalogue.services, (s) => s.code, 'catalogue.services', 'code');
  unique(doc.teams, (t) => t.code, 'teams', 'code');
  unique(doc.support.intefunktion.functions, (f) => f.code, 'support.intefunktion.functions', 'code');
  unique(doc.support.survey.questions, (q) => q.code, 'support.survey.questions', 'code');
  unique(doc.billing.schedules, (s) => s.municipality, 'billing.schedules', 'municipality');
  for (const [i, c] of doc.calendar.changedHours.entries()) {
    if (c.open >= c.close) {
      add(`calendar.changedHours.${i}.close`, 'closing time must be after opening time', 'stängningstiden ska vara senare än öppningstiden');
    }
  }
  const { primary, secondary } = doc.calendar.serviceWindows;
  if (primary.start >= primary.end) {
    add('calendar.serviceWindows.primary.end', 'the window must end after it starts', 'fönstret ska sluta efter att det börjat');
  }
  if (secondary.start >= secondary.end) {
    add('calendar.serviceWindows.secondary.end', 'the window must end after it starts', 'fönstret ska sluta efter att det börjat');
  }
  for (const [i, s] of doc.billing.schedules.entries()) {
    if (new Set(s.periodic.invoiceMonths).size !== s.periodic.invoiceMonths.length) {
      add(`billing.schedules.${i}.periodic.invoiceMonths`, 'a month occurs twice', 'en månad finns två gånger');
    }
  }
  const codes = new Set(doc.catalogue.services.map((s) => s.code));
  if (!codes.has(doc.billing.onCallServiceCode)) {
    add('billing.onCallServiceCode', 'must be one of the catalogue’s services', 'ska vara en av katalogens tjänster');
  }
  if (!firstLineTeam(doc)) add('teams', 'one team must work in the first line', 'ett team ska arbeta i första linjen');
  const periods = doc.followUp.periods;
  const months = periods.flatMap((p) => Array.from({ length: Math.max(0, p.toMonth - p.fromMonth + 1) }, (_, k) => p.fromMonth + k));
  if (periods.some((p) => p.toMonth < p.fromMonth)) add('followUp.periods', 'a period must end after it starts', 'en period ska sluta efter att den börjat');
  else if (months.length !== 12 || new Set(months).size !== 12) {
    add('followUp.periods', 'follow-up periods must cover each month exactly once', 'uppföljningsperioderna ska täcka varje månad precis en gång');
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
