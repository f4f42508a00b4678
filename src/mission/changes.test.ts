import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyMissionChanges, changeListText, missionChanges, type MissionChange } from './changes.ts';
import { MISSION_2023 } from './default-2023.ts';
import { WEEKDAYS, ZMissionDocument, type MissionDocument } from './document.ts';
import { formatDate, formatShare, missionFieldLabel } from './labels.ts';

/** A copy of the 2023 mission, edited by `edit`. */
function edited(edit: (d: MissionDocument) => void, from: MissionDocument = MISSION_2023): MissionDocument {
  const d = structuredClone(from);
  edit(d);
  return d;
}

/** The changes from the 2023 mission to an edited copy, checked to give the copy back. */
function changesFor(edit: (d: MissionDocument) => void): MissionChange[] {
  const after = edited(edit);
  const changes = missionChanges(MISSION_2023, after);
  assert.deepEqual(applyMissionChanges(MISSION_2023, changes), after);
  return changes;
}

function assertReadable(c: MissionChange): void {
  assert.ok(c.text.length > 1, 'a change has a text');
  assert.ok(c.text.endsWith('.'), `ends with a full stop: ${c.text}`);
  assert.ok(!c.text.includes('[object'), c.text);
  assert.ok(!c.text.includes('undefined'), c.text);
  assert.ok(!c.text.includes('..'), c.text);
  assert.doesNotMatch(c.text, /[a-z]\.[a-zA-Z]/, 'no raw field paths');
  assert.doesNotMatch(c.text, /[a-zåäö][A-Z]/, 'no field names');
  assert.doesNotMatch(c.text, /_/, 'no enum codes');
}

describe('missionChanges: one table row per kind of field (R-8.4)', () => {
  const rows: { name: string; edit: (d: MissionDocument) => void; expected: Partial<MissionChange>[] }[] = [
    {
      name: 'a number shown as a percentage (survey share)',
      edit: (d) => (d.support.survey.sampleShare = 0.3),
      expected: [
        {
          kind: 'set',
          path: ['support', 'survey', 'sampleShare'],
          before: 0.25,
          after: 0.3,
          text: 'Andelen avslutade ärenden som får enkät ändras från 25 % till 30 %.',
        },
      ],
    },
    {
      name: 'a time (Friday closes earlier): a weekday’s hours are one value',
      edit: (d) => (d.calendar.openingHours.friday = { open: '07:30', close: '15:00' }),
      expected: [
        {
          kind: 'set',
          path: ['calendar', 'openingHours', 'friday'],
          before: { open: '07:30', close: '16:00' },
          after: { open: '07:30', close: '15:00' },
          text: 'Öppettiden fredagar ändras från 07:30–16:00 till 07:30–15:00.',
        },
      ],
    },
    {
      name: 'nullable hours (Saturday opens)',
      edit: (d) => (d.calendar.openingHours.saturday = { open: '09:00', close: '13:00' }),
      expected: [
        { kind: 'set', path: ['calendar', 'openingHours', 'saturday'], before: null, text: 'Öppettiden lördagar ändras från stängt till 09:00–13:00.' },
      ],
    },
    {
      name: 'a list of objects: an item added and one removed (intefunktion)',
      edit: (d) => {
        const fns = d.support.intefunktion.functions;
        fns.splice(
          fns.findIndex((f) => f.code === 'infocaption'),
          1,
        );
        fns.push({ code: 'video', label: 'Videomöten' });
      },
      expected: [
        {
          kind: 'removed',
          path: ['support', 'intefunktion', 'functions'],
          key: 'infocaption',
          item: { code: 'infocaption', label: 'Infocaption, plattformen för guiderna' },
          text: 'Intefunktion tas bort: Infocaption, plattformen för guiderna.',
        },
        { kind: 'added', path: ['support', 'intefunktion', 'functions'], key: 'video', index: 13, text: 'Intefunktion läggs till: Videomöten.' },
      ],
    },
    {
      name: 'a list of values inside a keyed item (Tranemo’s invoice months)',
      edit: (d) => {
        const tranemo = d.billing.schedules.find((s) => s.municipality === 'tranemo');
        assert.ok(tranemo);
        tranemo.periodic.invoiceMonths = [1, 5, 10];
      },
      expected: [
        {
          kind: 'removed',
          path: ['billing', 'schedules', 0, 'periodic', 'invoiceMonths'],
          key: '9',
          item: 9,
          text: 'Faktureringsmånader för Tranemo (periodisk fakturering): september tas bort.',
        },
        {
          kind: 'added',
          path: ['billing', 'schedules', 0, 'periodic', 'invoiceMonths'],
          key: '10',
          index: 2,
          item: 10,
          text: 'Faktureringsmånader för Tranemo (periodisk fakturering): oktober läggs till.',
        },
      ],
    },
    {
      name: 'a nested field of a keyed item (a service’s billing model) and a rename',
      edit: (d) => {
        const flytt = d.catalogue.services.find((s) => s.code === 'flytt');
        assert.ok(flytt);
        flytt.billingModel = 'one_off';
        flytt.name = 'Flytt';
      },
      expected: [
        {
          kind: 'set',
          path: ['catalogue', 'services', 4, 'name'],
          before: 'Fysisk flytt av datorutrustning',
          after: 'Flytt',
          text: 'Tjänsten byter namn från Fysisk flytt av datorutrustning till Flytt.',
        },
        {
          kind: 'set',
          path: ['catalogue', 'services', 4, 'billingModel'],
          before: 'hourly',
          after: 'one_off',
          text: 'Debiteringsmodellen för tjänsten Flytt ändras från per timme till engångsköp.',
        },
      ],
    },
    {
      name: 'an optional group taken away and an optional field added',
      edit: (d) => {
        delete d.orders;
        const elev = d.people.personRoles.find((r) => r.code === 'konsult');
        assert.ok(elev);
        elev.buyer = 'never';
      },
      expected: [
        {
          kind: 'set',
          path: ['people', 'personRoles', 3, 'buyer'],
          before: undefined,
          after: 'never',
          text: 'Köp av använd dator för personrollen Konsult läggs till: köper aldrig datorer.',
        },
        {
          kind: 'set',
          path: ['orders'],
          after: undefined,
          text: 'Reglerna för särskilda beställningar tas bort (var påminnelse före slutdatum för konto som inte tillhör en anställd: 14 dagar före; gräns för programpaketering till lärardatorer: fler än 5 installationer).',
        },
      ],
    },
    {
      name: 'a reordered list (survey questions)',
      edit: (d) => d.support.survey.questions.reverse(),
      expected: [
        {
          kind: 'reordered',
          path: ['support', 'survey', 'questions'],
          keys: ['bemotande', 'losning'],
          text: 'Ordningen för enkätfrågorna ändras till: ”Hur upplevde du IT-personalens bemötande i samband med ditt ärende?”, ”Anser du att IT löste ditt ärende/problem tillfredsställande?”.',
        },
      ],
    },
    {
      name: 'the year and the start date',
      edit: (d) => {
        d.year = 2024;
        d.effectiveFrom = '2024-01-01';
      },
      expected: [
        { kind: 'set', path: ['year'], text: 'Ramuppdragets år ändras från 2023 till 2024.' },
        { kind: 'set', path: ['effectiveFrom'], text: 'Gäller från ändras från 1 januari 2023 till 1 januari 2024.' },
      ],
    },
    {
      name: 'a share with decimals and a keyed item with a nullable group',
      edit: (d) => {
        d.availability.targetShare = 0.995;
        const tranemo = d.billing.accounting?.find((a) => a.municipality === 'tranemo');
        assert.ok(tranemo);
        tranemo.counterpart = null;
      },
      expected: [
        {
          kind: 'set',
          path: ['billing', 'accounting', 1, 'counterpart'],
          text: 'Motparten i bokföringen för Tranemo ändras från dimension 23 Motpart, objekt 8 till ingen.',
        },
        { kind: 'set', path: ['availability', 'targetShare'], text: 'Målet för tillgänglighet ändras från 99,1 % till 99,5 %.' },
      ],
    },
    { name: 'no change', edit: () => undefined, expected: [] },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const changes = changesFor(row.edit);
      assert.equal(changes.length, row.expected.length, changes.map((c) => c.text).join('\n'));
      for (const [i, expected] of row.expected.entries()) {
        const actual = changes[i] as Record<string, unknown>;
        for (const [field, value] of Object.entries(expected)) assert.deepEqual(actual[field], value, `${row.name}: ${field}`);
        assertReadable(changes[i] as MissionChange);
      }
    });
  }

  test('a list with the same code twice changes as a whole', () => {
    const changes = changesFor((d) => d.teams.push({ code: 'infrastruktur', name: 'Infrastruktur 2', lines: [3] }));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.path]),
      [['set', ['teams']]],
    );
  });
});

describe('changeListText', () => {
  test('no changes', () => {
    assert.deepEqual(missionChanges(MISSION_2023, structuredClone(MISSION_2023)), []);
    assert.equal(changeListText([], 'Ändringar från ramuppdrag it 2023'), 'Ändringar från ramuppdrag it 2023\n\nInga ändringar.\n');
  });
  test('one line per change', () => {
    const changes = changesFor((d) => {
      d.support.survey.sampleShare = 0.3;
      d.calendar.openingHours.friday = { open: '07:30', close: '15:00' };
    });
    assert.equal(
      changeListText(changes, 'Ändringar'),
      'Ändringar\n\n– Öppettiden fredagar ändras från 07:30–16:00 till 07:30–15:00.\n– Andelen avslutade ärenden som får enkät ändras från 25 % till 30 %.\n',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Property: applying the listed changes to the old document gives the new one.

const WORDS = ['Videomöten', 'Skrivare', 'Ny tjänst', 'Lärplattform', 'Växel', 'Övrigt', 'Elevhälsa'] as const;
const TIMES = ['07:00', '07:30', '08:00', '12:00', '15:00', '16:00', '16:30', '18:00'] as const;

/** One random edit: which kind (`op`), and numbers and a word to choose what and how. */
interface Edit {
  op: number;
  a: number;
  b: number;
  word: string;
}
const editArb: fc.Arbitrary<Edit> = fc.record({ op: fc.nat(29), a: fc.nat(40), b: fc.nat(40), word: fc.constantFrom(...WORDS) });

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}
function removeAt<T>(items: T[], n: number): void {
  if (items.length > 0) items.splice(n % items.length, 1);
}
function insertAt<T>(items: T[], n: number, item: T): void {
  items.splice(n % (items.length + 1), 0, item);
}
function swap<T>(items: T[], i: number, j: number): void {
  if (items.length < 2) return;
  const x = i % items.length;
  const y = j % items.length;
  [items[x], items[y]] = [items[y] as T, items[x] as T];
}

function applyEdit(d: MissionDocument, { op, a, b, word }: Edit): void {
  const time = (n: number) => TIMES[n % TIMES.length] ?? '08:00';
  switch (op) {
    case 0:
      d.support.survey.sampleShare = (a % 101) / 100;
      break;
    case 1:
      d.availability.maxOutagesPerYear = a;
      d.support.onCall.minimumBilledMinutes = b;
      break;
    case 2: {
      const day = pick(WEEKDAYS, a) ?? 'friday';
      d.calendar.openingHours[day] = d.calendar.openingHours[day] === null || b % 3 === 0 ? { open: time(b), close: '22:00' } : null;
      break;
    }
    case 3:
      d.calendar.serviceWindows.primary.start = time(a);
      d.calendar.serviceWindows.secondary.onlyWhenNeeded = b % 2 === 0;
      break;
    case 4:
      insertAt(d.support.intefunktion.functions, a, { code: `ny-${b}`, label: word });
      break;
    case 5:
      removeAt(d.support.intefunktion.functions, a);
      break;
    case 6:
      swap(d.support.intefunktion.functions, a, b);
      break;
    case 7:
      insertAt(d.catalogue.services, a, { code: `ny-${b}`, name: word, billingModel: 'hourly', billingGroup: 'continuous' });
      break;
    case 8:
      removeAt(d.catalogue.services, a);
      break;
    case 9: {
      const s = pick(d.catalogue.services, a);
      if (s) s.name = `${word} ${b}`;
      break;
    }
    case 10: {
      const s = pick(d.catalogue.services, a);
      if (s && s.renewalMonths === undefined) s.renewalMonths = b + 1;
      else if (s) delete s.renewalMonths;
      break;
    }
    case 11:
      swap(d.catalogue.services, a, b);
      break;
    case 12: {
      const s = pick(d.billing.schedules, a);
      if (s && s.periodic.invoiceMonths.length > 0 && b % 2 === 0) removeAt(s.periodic.invoiceMonths, b);
      else if (s && !s.periodic.invoiceMonths.includes((b % 12) + 1)) insertAt(s.periodic.invoiceMonths, a, (b % 12) + 1);
      break;
    }
    case 13: {
      const s = pick(d.billing.schedules, a);
      if (s) s.periodic.frequency = s.periodic.frequency === 'monthly' ? 'tertial' : 'monthly';
      if (s) s.central.invoiceMonth = (b % 12) + 1;
      break;
    }
    case 14:
      if (d.orders) delete d.orders;
      else d.orders = { accountEndReminderDays: a, softwarePackagingAboveInstallations: b };
      break;
    case 15:
      if (d.orders) d.orders.accountEndReminderDays = a;
      break;
    case 16:
      swap(d.support.survey.questions, a, b);
      break;
    case 17:
      insertAt(d.support.survey.questions, a, { code: `q-${b}`, text: `${word}?` });
      break;
    case 18:
      if (a % 2 === 0) removeAt(d.calendar.closedHolidayTypes, b);
      else if (!d.calendar.closedHolidayTypes.includes('school')) d.calendar.closedHolidayTypes.push('school');
      break;
    case 19:
      insertAt(d.calendar.extraClosedDays, a, {
        date: `2023-12-${String((b % 28) + 1).padStart(2, '0')}`,
        ...(a % 2 ? { municipality: 'tranemo' } : {}),
        reason: word,
      });
      break;
    case 20:
      insertAt(d.calendar.changedHours, a, { date: `2023-06-${String((b % 28) + 1).padStart(2, '0')}`, open: '07:30', close: time(b), reason: word });
      break;
    case 21: {
      const team = pick(d.teams, a);
      if (team && team.lines.includes((b % 3) + 1) && team.lines.length > 1) team.lines.splice(team.lines.indexOf((b % 3) + 1), 1);
      else if (team && !team.lines.includes((b % 3) + 1)) team.lines.push((b % 3) + 1);
      break;
    }
    case 22: {
      const acc = pick(d.billing.accounting ?? [], a);
      if (acc && b % 3 === 0) acc.counterpart = acc.counterpart === null ? { dimension: 23, name: 'Motpart', code: String(b) } : null;
      else if (acc && b % 3 === 1) insertAt(acc.dimensions, a, { number: 30 + (b % 5), name: word, field: 'projekt' });
      else if (acc) removeAt(acc.creditObjects, b);
      break;
    }
    case 23:
      if (d.billing.accounting && a % 3 === 0) delete d.billing.accounting;
      else if (d.billing.accounting) swap(d.billing.accounting, a, b);
      break;
    case 24: {
      const role = pick(d.people.personRoles, a);
      if (role && role.buyer === undefined) role.buyer = b % 2 ? 'student' : 'never';
      else if (role) delete role.buyer;
      break;
    }
    case 25:
      removeAt(d.people.staffCategories, a);
      swap(d.people.staffCategories, a, b);
      break;
    case 26:
      if (d.billing.userServiceCodes.includes('applikationer')) d.billing.userServiceCodes = d.billing.userServiceCodes.filter((c) => c !== 'applikationer');
      else insertAt(d.billing.userServiceCodes, a, 'applikationer');
      break;
    case 27: {
      const p = pick(d.followUp.periods, a);
      if (p) p.toMonth = (b % 12) + 1;
      break;
    }
    case 28:
      d.year = 2023 + (a % 5);
      d.effectiveFrom = `${d.year}-0${(b % 9) + 1}-01`;
      d.title = `${word} ${d.year}`;
      break;
    default:
      d.support.atRiskShare = ((a % 99) + 1) / 100;
      d.sites.nodeReserveHours = b / 2;
  }
}

describe('applying the listed changes to the old mission gives the new one (property)', () => {
  test('for random edits of the 2023 mission', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 6 }), fc.array(editArb, { minLength: 1, maxLength: 12 }), (first, second) => {
        const before = edited((d) => first.forEach((e) => applyEdit(d, e)));
        const after = edited((d) => second.forEach((e) => applyEdit(d, e)), before);
        const frozen = structuredClone(before);
        const changes = missionChanges(before, after);
        assert.deepEqual(applyMissionChanges(before, changes), after);
        assert.deepEqual(before, frozen, 'applying never changes the old document');
        assert.deepEqual(missionChanges(before, before), []);
        assert.deepEqual(missionChanges(after, structuredClone(after)), []);
        for (const c of changes) {
          assertReadable(c);
          seen.add(c.kind === 'set' && Array.isArray(c.after) ? 'whole list' : c.kind);
        }
      }),
      { numRuns: Number(process.env.MISSION_PROPERTY_RUNS ?? 400) },
    );
    // The edits reach every kind of change, including a list with a duplicate key changed as a whole.
    assert.deepEqual([...seen].sort(), ['added', 'removed', 'reordered', 'set', 'whole list']);
  });
});

// ---------------------------------------------------------------------------------------------------
// Labels

/** Every path to a value (not a group or list) in `value`. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v: unknown, i) => leafPaths(v, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}

/** Keys of document.ts that are Swedish words themselves (the mission's own term). */
const SWEDISH_KEYS = new Set(['intefunktion', 'central', 'dimension']);

function assertLabel(path: (string | number)[], label: string): void {
  assert.ok(label.length > 0, path.join('.'));
  assert.doesNotMatch(label, /_/, `${path.join('.')}: ${label}`);
  assert.doesNotMatch(label, /[a-zåäö][A-Z]/, `${path.join('.')}: ${label}`);
  for (const seg of path) {
    if (typeof seg !== 'string' || SWEDISH_KEYS.has(seg)) continue;
    assert.doesNotMatch(label, new RegExp(`(^|[^\\p{L}])${seg}($|[^\\p{L}])`, 'iu'), `${path.join('.')} names its field: ${label}`);
  }
}

describe('missionFieldLabel (R-8.4)', () => {
  test('examples', () => {
    assert.equal(missionFieldLabel(['calendar', 'openingHours', 'friday', 'close']), 'Öppettider, fredag, stängningstid');
    assert.equal(missionFieldLabel(['support', 'survey', 'sampleShare']), 'Andel avslutade ärenden som får enkät');
    assert.equal(missionFieldLabel(['catalogue', 'services', 3, 'name'], MISSION_2023), 'Tjänster, Korttidshyra bärbar dator, namn');
    assert.equal(missionFieldLabel(['catalogue', 'services', 3, 'name']), 'Tjänster, rad 4, namn');
    assert.equal(
      missionFieldLabel(['billing', 'schedules', '0', 'periodic', 'invoiceMonths', 1], MISSION_2023),
      'Faktureringsscheman, Tranemo, periodisk fakturering, faktureringsmånader, maj',
    );
  });

  test('every value of the 2023 mission, and of a mission with the optional lists filled, has a Swedish name', () => {
    const full = edited((d) => {
      d.calendar.extraClosedDays.push({ date: '2023-12-27', municipality: 'tranemo', reason: 'Inventering' });
      d.calendar.changedHours.push({ date: '2023-06-22', open: '07:30', close: '12:00', reason: 'Dag före midsommarafton' });
    });
    assert.equal(ZMissionDocument.safeParse(full).success, true);
    const paths = leafPaths(full);
    assert.ok(paths.length > 200);
    for (const path of paths) {
      assertLabel(path, missionFieldLabel(path, full));
      assertLabel(path, missionFieldLabel(path));
    }
  });

  test('a field the document does not have is named by its key (so the test above catches a missing name)', () => {
    assert.equal(missionFieldLabel(['support', 'somethingNew']), 'SomethingNew');
  });

  test('value formats', () => {
    assert.equal(formatShare(0.25), '25 %');
    assert.equal(formatShare(0.991), '99,1 %');
    assert.equal(formatDate('2027-01-01'), '1 januari 2027');
  });
});
