import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MISSION_2023 } from '../mission/default-2023.ts';
import {
  accountingCodeProblems,
  deviceTypeFor,
  personProblems,
  unitPlacementProblems,
  userAssignmentProblems,
  wouldCreateCycle,
  type AccountingCodeField,
  type UnitLevel,
} from './rules.ts';
import { canSeeMunicipality, scopeOf } from '../platform/access.ts';

describe('R-1.2 device type from staff category', () => {
  const cases: [string | null, boolean, 'teacher' | 'administrative'][] = [
    ['larare', false, 'teacher'],
    ['elevassistent', false, 'teacher'],
    ['fritidspedagog', false, 'teacher'],
    ['fritidsledare', false, 'teacher'],
    ['annan-pedagogisk', false, 'teacher'],
    ['rektor', false, 'administrative'],
    ['lararassistent', false, 'administrative'],
    ['kurator', false, 'administrative'],
    ['skolskoterska', false, 'administrative'],
    ['vaktmastare', false, 'administrative'],
    ['skoladministrator', false, 'administrative'],
    // A computer used by a whole department or group is administrative, whoever uses it.
    ['larare', true, 'administrative'],
    [null, false, 'administrative'],
    ['okand-kategori', false, 'administrative'],
  ];
  for (const [staffCategory, shared, expected] of cases) {
    test(`${staffCategory ?? 'no category'}${shared ? ' (shared)' : ''} → ${expected}`, () => {
      assert.equal(deviceTypeFor(MISSION_2023, { staffCategory, shared }), expected);
    });
  }
});

describe('R-1.1 unit placement: förvaltning → verksamhet → enhet', () => {
  const m = 'm1';
  const cases: [UnitLevel, UnitLevel | null, string | null, string | null][] = [
    ['forvaltning', null, m, null],
    ['forvaltning', 'forvaltning', m, 'parentId'],
    ['verksamhet', 'forvaltning', m, null],
    ['verksamhet', null, m, 'parentId'],
    ['verksamhet', 'enhet', m, 'parentId'],
    ['enhet', 'verksamhet', m, null],
    ['enhet', 'forvaltning', m, 'parentId'],
    ['enhet', 'verksamhet', 'm2', 'parentId'],
  ];
  for (const [level, parentLevel, parentMunicipality, problemField] of cases) {
    test(`${level} under ${parentLevel ?? 'nothing'}${parentMunicipality !== m ? ' of another municipality' : ''}`, () => {
      const problems = unitPlacementProblems(
        { level, municipalityId: m },
        parentLevel ? { level: parentLevel, municipalityId: parentMunicipality ?? m } : null,
      );
      assert.deepEqual(
        problems.map((p) => p.field),
        problemField ? [problemField] : [],
      );
    });
  }
});

describe('R-1.1 accounting code string per municipality', () => {
  const fields: AccountingCodeField[] = [
    { key: 'ansvar', label: 'Ansvar', required: true, pattern: '\\d{4}' },
    { key: 'verksamhet', label: 'Verksamhet', required: true, pattern: '\\d{3}' },
    { key: 'projekt', label: 'Projekt', required: false, pattern: '\\d{5}' },
  ];
  const cases: [Record<string, string>, string[]][] = [
    [{ ansvar: '1310', verksamhet: '130' }, []],
    [{ ansvar: '1310', verksamhet: '130', projekt: '12345' }, []],
    [{ ansvar: '1310' }, ['accountingCodes.verksamhet']],
    [{ ansvar: '131', verksamhet: '130' }, ['accountingCodes.ansvar']],
    // Pattern must match in full, not as a substring.
    [{ ansvar: '13100', verksamhet: '130' }, ['accountingCodes.ansvar']],
    [{ ansvar: '1310', verksamhet: '130', objekt: '1' }, ['accountingCodes.objekt']],
    [{ ansvar: '1310', verksamhet: '130', projekt: '' }, []],
    [{ ansvar: "1' OR 1=1", verksamhet: '130' }, ['accountingCodes.ansvar']],
  ];
  for (const [codes, expected] of cases) {
    test(JSON.stringify(codes), () => {
      assert.deepEqual(
        accountingCodeProblems(fields, codes).map((p) => p.field),
        expected,
      );
    });
  }
});

describe('R-1.4 user assignment', () => {
  const support = { lines: [1, 2] };
  test('an IT agent may span both municipalities', () => {
    assert.deepEqual(userAssignmentProblems({ roles: ['agent'], municipalityId: null, team: support, line: 1 }), []);
  });
  test('a unit manager may not span both municipalities', () => {
    assert.deepEqual(
      userAssignmentProblems({ roles: ['unit_manager'], municipalityId: null, team: null, line: null }).map((p) => p.field),
      ['municipalityId'],
    );
  });
  test('an IT agent needs a team and a line of that team; a department desk agent (R-3.8) has neither', () => {
    assert.deepEqual(
      userAssignmentProblems({ roles: ['agent'], municipalityId: null, team: null, line: null }).map((p) => p.field),
      ['teamId', 'line'],
    );
    assert.deepEqual(userAssignmentProblems({ roles: ['agent'], municipalityId: 'm', team: null, line: null }), []);
    assert.deepEqual(
      userAssignmentProblems({ roles: ['agent'], municipalityId: 'm', team: support, line: null }).map((p) => p.field),
      ['line'],
    );
    assert.deepEqual(
      userAssignmentProblems({ roles: ['agent'], municipalityId: 'm', team: null, line: 1 }).map((p) => p.field),
      ['teamId'],
    );
    assert.deepEqual(
      userAssignmentProblems({ roles: ['agent'], municipalityId: null, team: support, line: 3 }).map((p) => p.field),
      ['line'],
    );
  });
  test('only agents work in a line; roles are required and unique', () => {
    assert.deepEqual(
      userAssignmentProblems({ roles: ['finance'], municipalityId: 'm', team: null, line: 2 }).map((p) => p.field),
      ['line'],
    );
    assert.deepEqual(
      userAssignmentProblems({ roles: [], municipalityId: 'm', team: null, line: null }).map((p) => p.field),
      ['roles'],
    );
    assert.deepEqual(
      userAssignmentProblems({ roles: ['admin', 'admin'], municipalityId: 'm', team: null, line: null }).map((p) => p.field),
      ['roles'],
    );
  });
});

describe('R-1.4 municipality scope', () => {
  test('a user with a municipality sees only that one; IT-wide sees both', () => {
    assert.equal(canSeeMunicipality(scopeOf({ municipalityId: 'a' }), 'a'), true);
    assert.equal(canSeeMunicipality(scopeOf({ municipalityId: 'a' }), 'b'), false);
    assert.equal(canSeeMunicipality(scopeOf({ municipalityId: null }), 'b'), true);
  });
  test('property: a scoped user never sees another municipality', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (own, other) => {
        fc.pre(own !== other);
        return !canSeeMunicipality(scopeOf({ municipalityId: own }), other) && canSeeMunicipality(scopeOf({ municipalityId: own }), own);
      }),
    );
  });
});

describe('R-1.2 person roles and staff categories come from the mission', () => {
  test('known role and category pass; unknown ones are named', () => {
    assert.deepEqual(personProblems(MISSION_2023, { personRole: 'elev', staffCategory: null }), []);
    assert.deepEqual(personProblems(MISSION_2023, { personRole: 'anstalld', staffCategory: 'larare' }), []);
    assert.deepEqual(
      personProblems(MISSION_2023, { personRole: 'pirat', staffCategory: 'kapten' }).map((p) => p.field),
      ['personRole', 'staffCategory'],
    );
  });
});

describe('unit tree cycles', () => {
  test('table', () => {
    const parents = new Map<string, string | null>([
      ['a', null],
      ['b', 'a'],
      ['c', 'b'],
    ]);
    assert.equal(wouldCreateCycle('a', 'c', parents), true);
    assert.equal(wouldCreateCycle('c', 'a', parents), false);
    assert.equal(wouldCreateCycle('b', 'b', parents), true);
  });
  test('property: re-parenting onto any descendant is a cycle, onto a non-descendant is not', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), fc.nat(), fc.nat(), (links, x, y) => {
        // Node i's parent is some node with a smaller index: always a forest.
        const parents = new Map<string, string | null>(links.map((l, i) => [`n${i}`, i === 0 ? null : `n${l % i}`]));
        const n = links.length;
        const unit = `n${x % n}`;
        const target = `n${y % n}`;
        let isDescendant = false;
        for (let cur: string | null | undefined = target; cur; cur = parents.get(cur)) if (cur === unit) isDescendant = true;
        return wouldCreateCycle(unit, target, parents) === isDescendant;
      }),
    );
  });
});
