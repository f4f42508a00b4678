import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { addMonths, bindingEnd, isLocalDate, renewalDate, renewalMonthsFor } from './dates.ts';

test('renewal months: the service’s period, else the model’s life, else the mission’s minimum life', () => {
  const cases: [string | null, number | null, number][] = [
    ['datorarbetsplats', null, 48], // computer workplaces renew after 48 months
    ['datorarbetsplats', 60, 48], // the service's period wins over the model's life
    ['lardator', 60, 60], // no renewal period: the model's lifetime
    ['lardator', null, 48], // neither: the mission's minimum technical life
    [null, 36, 36],
    ['unknown-service', null, 48],
  ];
  for (const [serviceCode, modelLifetimeMonths, expected] of cases) {
    assert.equal(renewalMonthsFor(MISSION_2023, { serviceCode, modelLifetimeMonths }), expected, `${serviceCode} / ${modelLifetimeMonths}`);
  }
});

test('renewal date from delivery, month ends constrained, null before delivery', () => {
  const cases: [string | null, string | null, number | null, string | null][] = [
    ['datorarbetsplats', '2023-03-15', null, '2027-03-15'],
    ['datorarbetsplats', '2024-02-29', null, '2028-02-29'],
    ['lardator', '2024-02-29', 36, '2027-02-28'],
    ['lardator', '2023-01-31', 13, '2024-02-29'],
    ['datorarbetsplats', null, null, null],
  ];
  for (const [serviceCode, deliveredOn, modelLifetimeMonths, expected] of cases) {
    assert.equal(renewalDate(MISSION_2023, { serviceCode, deliveredOn, modelLifetimeMonths }), expected, `${serviceCode} ${deliveredOn}`);
  }
});

test('binding end, month arithmetic and local dates', () => {
  assert.equal(bindingEnd({ deliveredOn: '2023-05-31', bindingMonths: 36 }), '2026-05-31');
  assert.equal(bindingEnd({ deliveredOn: '2023-05-31', bindingMonths: 0 }), null);
  assert.equal(bindingEnd({ deliveredOn: null, bindingMonths: 12 }), null);
  assert.equal(bindingEnd({ deliveredOn: '2023-05-31', bindingMonths: null }), null);
  assert.equal(addMonths('2023-10-31', 1), '2023-11-30');
  for (const [s, ok] of [['2023-02-28', true], ['2024-02-29', true], ['2023-02-29', false], ['2023-13-01', false], ['23-01-01', false], ['2023-1-01', false], ['', false]] as const) {
    assert.equal(isLocalDate(s), ok, s);
  }
});
