import type { MissionDocument } from '../mission/rules.ts';
import { IT_ROLES, type Role } from '../platform/access.ts';

export const UNIT_LEVELS = ['forvaltning', 'verksamhet', 'enhet'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** One part of a municipality's accounting code string, e.g. ansvar = 4 digits. */
export interface AccountingCodeField {
  key: string;
  label: string;
  required: boolean;
  /** Regular expression the value must match in full. */
  pattern?: string;
}

/** A rule violation: the field and the reason in English and Swedish (the UI's language). */
export interface Problem {
  field: string;
  reason: string;
  reasonSv: string;
}

/**
 * a user without a municipality sees both; only IT roles may do so. An agent belongs to a
 * team and works in one of that team's lines.
 */
export function userAssignmentProblems(input: {
  roles: readonly Role[];
  municipalityId: string | null;
  team: { lines: readonly number[] } | null;
  line: number | null;
}): Problem[] {
  const problems: Problem[] = [];
  if (input.roles.length === 0) problems.push({ field: 'roles', reason: 'at least one role is required', reasonSv: 'minst en roll krävs' });
  if (new Set(input.roles).size !== input.roles.length) {
    problems.push({ field: 'roles', reason: 'roles must be unique', reasonSv: 'samma roll får inte anges två gånger' });
  }
  if (input.municipalityId === null && !input.roles.every((r) => IT_ROLES.includes(r))) {
    problems.push({ field: 'municipalityId', reason: 'only IT roles may span both municipalities', reasonSv: 'bara it-roller får omfatta båda kommunerna' });
  }
  if (input.roles.includes('agent')) {
    // An IT agent works in a team and line; an agent of a department desk belongs to
    // one municipality and has neither.
    const departmentAgent = input.team === null && input.line === null && input.municipalityId !== null;
    if (!departmentAgent && input.team === null) {
      problems.push({ field: 'teamId', reason: 'an IT agent must belong to a team', reasonSv: 'en it-handläggare måste tillhöra ett team' });
    }
    if (!departmentAgent && input.line === null) {
      problems.push({ field: 'line', reason: 'an IT agent must work in a line', reasonSv: 'en it-handläggare måste arbeta i en linje' });
    }
    if (input.team && input.line !== null && !input.team.lines.includes(input.line)) {
      problems.push({
        field: 'line',
        reason: `the team has lines ${input.team.lines.join(', ')}`,
        reasonSv: `teamet har linje ${input.team.lines.join(', ')}`,
      });
    }
  } else if (input.line !== null) {
    problems.push({ field: 'line', reason: 'only agents work in a line', reasonSv: 'bara handläggare arbetar i en linje' });
  }
  return problems;
}

const LEVEL_SV: Record<UnitLevel, string> = { forvaltning: 'förvaltning', verksamhet: 'verksamhet', enhet: 'enhet' };

/** förvaltning at the top, verksamhet under förvaltning, enhet under verksamhet. */
export function expectedParentLevel(level: UnitLevel): UnitLevel | null {
  switch (level) {
    case 'forvaltning':
      return null;
    case 'verksamhet':
      return 'forvaltning';
    case 'enhet':
      return 'verksamhet';
  }
}

export function unitPlacementProblems(
  unit: { level: UnitLevel; municipalityId: string },
  parent: { level: UnitLevel; municipalityId: string } | null,
): Problem[] {
  const expected = expectedParentLevel(unit.level);
  if (expected === null) {
    return parent === null ? [] : [{ field: 'parentId', reason: 'a förvaltning has no parent', reasonSv: 'en förvaltning har ingen överordnad enhet' }];
  }
  if (parent === null) {
    return [
      {
        field: 'parentId',
        reason: `a ${unit.level} must sit under a ${expected}`,
        reasonSv: `en ${LEVEL_SV[unit.level]} måste ligga under en ${LEVEL_SV[expected]}`,
      },
    ];
  }
  if (parent.municipalityId !== unit.municipalityId) {
    return [{ field: 'parentId', reason: 'the parent belongs to another municipality', reasonSv: 'den överordnade enheten tillhör en annan kommun' }];
  }
  if (parent.level !== expected) {
    return [
      {
        field: 'parentId',
        reason: `a ${unit.level} must sit under a ${expected}, not a ${parent.level}`,
        reasonSv: `en ${LEVEL_SV[unit.level]} måste ligga under en ${LEVEL_SV[expected]}, inte en ${LEVEL_SV[parent.level]}`,
      },
    ];
  }
  return [];
}

/**
 * a unit's accounting codes must fit its municipality's code string: required parts present,
 * each matching its pattern, no unknown parts.
 */
export function accountingCodeProblems(fields: readonly AccountingCodeField[], codes: Record<string, string>): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(codes)) {
    if (!known.has(key)) {
      problems.push({ field: `accountingCodes.${key}`, reason: 'not part of this municipality’s code string', reasonSv: 'ingår inte i kommunens kodsträng' });
    }
  }
  for (const f of fields) {
    const value = codes[f.key];
    if (value === undefined || value === '') {
      if (f.required) problems.push({ field: `accountingCodes.${f.key}`, reason: `${f.label} is required`, reasonSv: `${f.label} är obligatoriskt` });
      continue;
    }
    if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`).test(value)) {
      problems.push({
        field: `accountingCodes.${f.key}`,
        reason: `${f.label} does not match ${f.pattern}`,
        reasonSv: `${f.label} har fel format (${f.pattern})`,
      });
    }
  }
  return problems;
}

/**
 * the computer a person gets from their staff category. A computer shared by a department or
 * group is administrative whatever the category; a personal one in preschool is a teacher computer
 * (preschool staff categories map to teacher in the mission).
 */
export function deviceTypeFor(
  mission: Pick<MissionDocument, 'people'>,
  person: { staffCategory: string | null; shared: boolean },
): 'teacher' | 'administrative' {
  if (person.shared || person.staffCategory === null) return 'administrative';
  const category = mission.people.staffCategories.find((c) => c.code === person.staffCategory);
  return category?.device ?? 'administrative';
}

/** Person roles and staff categories must be ones the mission in force knows. */
export function personProblems(mission: Pick<MissionDocument, 'people'>, person: { personRole: string; staffCategory: string | null }): Problem[] {
  const problems: Problem[] = [];
  if (!mission.people.personRoles.some((r) => r.code === person.personRole)) {
    problems.push({
      field: 'personRole',
      reason: `unknown role; one of ${mission.people.personRoles.map((r) => r.code).join(', ')}`,
      reasonSv: `okänd roll; en av ${mission.people.personRoles.map((r) => r.code).join(', ')}`,
    });
  }
  if (person.staffCategory !== null && !mission.people.staffCategories.some((c) => c.code === person.staffCategory)) {
    problems.push({
      field: 'staffCategory',
      reason: `unknown staff category; one of ${mission.people.staffCategories.map((c) => c.code).join(', ')}`,
      reasonSv: `okänd personalkategori; en av ${mission.people.staffCategories.map((c) => c.code).join(', ')}`,
    });
  }
  return problems;
}

/** Would making `parentId` the parent of `unitId` create a cycle? `parentOf` maps id → parent id. */
export function wouldCreateCycle(unitId: string, parentId: string, parentOf: ReadonlyMap<string, string | null>): boolean {
  let cursor: string | null | undefined = parentId;
  const seen = new Set<string>();
  while (cursor) {
    if (cursor === unitId) return true;
    if (seen.has(cursor)) return true;
    seen.add(cursor);
    cursor = parentOf.get(cursor);
  }
  return false;
}

/** A unit and every unit below it, from the unit tree. */
export function unitAndDescendants(rootId: string, units: readonly { id: string; parentId: string | null }[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const found = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop() as string;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}
