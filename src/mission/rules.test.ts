import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MISSION_2023 } from './default-2023.ts';
import { ZMissionDocument } from './document.ts';
import { firstLineTeam, missionInForce, missionProblems } from './rules.ts';

describe('the built-in 2023 mission', () => {
  test('is a valid mission document with no cross-field problems', () => {
    assert.equal(ZMissionDocument.safeParse(MISSION_2023).success, true);
    assert.deepEqual(missionProblems(MISSION_2023), []);
  });
  test('holds the numbers of the 2023 ramuppdrag', () => {
    const d = MISSION_2023;
    assert.deepEqual(d.calendar.openingHours.monday, { open: '07:30', close: '16:30' });
    assert.deepEqual(d.calendar.openingHours.friday, { open: '07:30', close: '16:00' });
    assert.equal(d.calendar.openingHours.saturday, null);
    assert.equal(d.support.firstLineResolutionTarget, 0.5);
    assert.equal(d.support.intefunktion.functions.length, 14);
    assert.equal(d.support.intefunktion.resolveWithinWorkingDays, 1);
    assert.equal(d.support.onCall.minimumBilledMinutes, 30);
    assert.equal(d.support.survey.sampleShare, 0.25);
    assert.equal(d.support.survey.questions.length, 2);
    assert.equal(d.availability.targetShare, 0.991);
    assert.equal(d.availability.maxOutagesPerYear, 5);
    assert.equal(d.billing.applicationTermination.deadlineMonthDay, '04-30');
    assert.deepEqual(d.billing.schedules.find((s) => s.municipality === 'tranemo')?.periodic.invoiceMonths, [1, 5, 9]);
    assert.equal(d.billing.schedules.find((s) => s.municipality === 'ulricehamn')?.periodic.frequency, 'monthly');
    assert.equal(firstLineTeam(d)?.code, 'anvandarstod');
  });
});

describe('document validation', () => {
  test('rejects unknown fields and bad values, naming the path', () => {
    const bad = structuredClone(MISSION_2023) as unknown as Record<string, unknown>;
    bad.surprise = 1;
    const r = ZMissionDocument.safeParse(bad);
    assert.equal(r.success, false);
    const closed = structuredClone(MISSION_2023);
    closed.calendar.openingHours.monday = { open: '16:30', close: '07:30' };
    const r2 = ZMissionDocument.safeParse(closed);
    assert.equal(r2.success, false);
    assert.deepEqual(r2.error?.issues[0]?.path, ['calendar', 'openingHours', 'monday', 'close']);
  });
  test('cross-field problems: survey scale, duplicate service codes, follow-up periods', () => {
    const d = structuredClone(MISSION_2023);
    d.support.survey.scale = { min: 5, max: 1 };
    d.catalogue.services.push({ ...d.catalogue.services[0]! });
    d.followUp.periods = d.followUp.periods.slice(0, 2);
    assert.deepEqual(
      missionProblems(d).map((p) => p.path.split('.')[0]),
      ['support', 'catalogue', 'followUp'],
    );
  });
});

describe('R-8.4 the mission in force on a date', () => {
  const versions = [
    { year: 2023, effectiveFrom: '2023-01-01' },
    { year: 2024, effectiveFrom: '2024-01-01' },
    { year: 2025, effectiveFrom: '2025-02-15' },
  ];
  const cases: [string, number | undefined][] = [
    ['2022-12-31', undefined],
    ['2023-01-01', 2023],
    ['2023-12-31', 2023],
    ['2024-06-01', 2024],
    ['2025-02-14', 2024],
    ['2025-02-15', 2025],
    ['2030-01-01', 2025],
  ];
  for (const [date, year] of cases) {
    test(`${date} → ${year ?? 'none'}`, () => assert.equal(missionInForce(versions, date)?.year, year));
  }
  test('property: the chosen version starts on or before the date and no later-starting one does', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 8 }), day, (starts, date) => {
        const vs = starts.map((effectiveFrom, i) => ({ i, effectiveFrom }));
        const found = missionInForce(vs, date);
        const eligible = vs.filter((v) => v.effectiveFrom <= date);
        if (!found) return eligible.length === 0;
        return found.effectiveFrom <= date && eligible.every((v) => v.effectiveFrom <= found.effectiveFrom);
      }),
    );
  });
});
