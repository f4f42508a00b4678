import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from '@hono/zod-openapi';
import fc from 'fast-check';
import { AppError, fromDatabaseError, problem } from './errors.ts';
import { bilingual } from './messages.ts';
import { hasForbiddenCharacter, INT4_MAX, isCalendarDate, isInstant, ZLocalDate, ZText, ZVersion } from './types.ts';
import { forbiddenTextProblems, humanise, zodProblems } from './validation.ts';

/** Issue 16, "messages for developers": what a person reads when the input is refused. */
const ZErasure = z.strictObject({
  version: ZVersion,
  erasure: z.strictObject({
    serial: ZText({ min: 1, max: 100 }).meta({ label: 'Serienummer', labelEn: 'Serial number' }),
    erasedOn: ZLocalDate.meta({ label: 'Raderingsdatum' }),
  }),
  location: ZText({ max: 5 }),
  holderPersonId: z.uuid().optional(),
  count: z.number().int().min(1).max(10).optional(),
  kind: z.enum(['a', 'b']).optional(),
});

function problemsOf(body: unknown) {
  const r = ZErasure.safeParse(body);
  assert.ok(!r.success);
  return zodProblems(r.error, '', ZErasure);
}

const VALID = { version: 1, erasure: { serial: 'PF-1', erasedOn: '2026-03-05' }, location: 'Hus' };

describe('reasons per kind of problem, in plain Swedish and English', () => {
  const cases: [string, unknown, string, { label: string; reasonSv: string; reason: string }][] = [
    ['missing', { ...VALID, erasure: { erasedOn: '2026-03-05' } }, 'erasure.serial', { label: 'Serienummer', reasonSv: 'obligatoriskt', reason: 'required' }],
    [
      'empty',
      { ...VALID, erasure: { ...VALID.erasure, serial: '  ' } },
      'erasure.serial',
      { label: 'Serienummer', reasonSv: 'obligatoriskt', reason: 'required' },
    ],
    [
      'too long',
      { ...VALID, location: 'Stadshuset' },
      'location',
      { label: 'Placering', reasonSv: 'för lång text (högst 5 tecken)', reason: 'at most 5 characters' },
    ],
    [
      'not a date',
      { ...VALID, erasure: { ...VALID.erasure, erasedOn: '2026-02-30' } },
      'erasure.erasedOn',
      { label: 'Raderingsdatum', reasonSv: 'ska vara ett datum (ÅÅÅÅ-MM-DD)', reason: 'must be a date (YYYY-MM-DD)' },
    ],
    ['not a number', { ...VALID, version: 'tre' }, 'version', { label: 'Version', reasonSv: 'ska vara ett tal', reason: 'must be a number' }],
    ['too large', { ...VALID, version: INT4_MAX + 1 }, 'version', { label: 'Version', reasonSv: 'talet är för stort', reason: 'the number is too large' }],
    ['above its maximum', { ...VALID, count: 11 }, 'count', { label: 'Count', reasonSv: 'högst 10', reason: 'at most 10' }],
    ['not whole', { ...VALID, count: 1.5 }, 'count', { label: 'Count', reasonSv: 'ska vara ett heltal', reason: 'must be a whole number' }],
    [
      'no such choice',
      { ...VALID, kind: 'c' },
      'kind',
      { label: 'Kind', reasonSv: 'är inte ett av de tillåtna valen', reason: 'is not one of the allowed choices' },
    ],
    [
      'not an id',
      { ...VALID, holderPersonId: 'x' },
      'holderPersonId',
      { label: 'Innehavare', reasonSv: 'hänvisar inte till någon känd post', reason: 'does not refer to a known record' },
    ],
    ['unknown field', { ...VALID, colour: 'röd' }, 'colour', { label: 'Colour', reasonSv: 'okänt fält', reason: 'unknown field' }],
    [
      'control character',
      { ...VALID, location: 'a\u0000b' },
      'location',
      { label: 'Placering', reasonSv: 'får inte innehålla styrtecken', reason: 'must not contain control characters' },
    ],
  ];
  for (const [name, body, field, expected] of cases) {
    test(name, () => {
      const p = problemsOf(body).find((x) => x.field === field);
      assert.ok(p, `${field} in ${JSON.stringify(problemsOf(body))}`);
      assert.deepEqual({ label: p.label, reasonSv: p.reasonSv, reason: p.reason }, expected);
    });
  }

  test('no reason is zod’s own wording, for any input', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        const r = ZErasure.safeParse(body);
        if (r.success) return;
        for (const p of zodProblems(r.error, '', ZErasure)) {
          assert.doesNotMatch(p.reasonSv, /förväntade|fick|Ogiltig|expected|received|>=|<=/i, JSON.stringify(p));
          assert.doesNotMatch(p.reason, /expected|received|>=|<=|Invalid input/i, JSON.stringify(p));
          assert.ok(p.label && !p.label.includes('.'), JSON.stringify(p));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a schema’s own bilingual message wins', () => {
    const s = z.object({ code: z.string().regex(/^\d{4}$/, bilingual('four digits', 'fyra siffror')) });
    const r = s.safeParse({ code: 'abc' });
    assert.deepEqual(
      zodProblems(r.error!, '', s).map((p) => [p.field, p.label, p.reasonSv, p.reason]),
      [['code', 'Kod', 'fyra siffror', 'four digits']],
    );
  });
});

describe('the problem document names fields as people know them', () => {
  test('labels, not dotted paths, in the message', () => {
    const doc = problem(new AppError('validation', problemsOf({ ...VALID, erasure: { erasedOn: '2026-03-05' }, location: 'Stadshuset' })));
    assert.equal(doc.message_sv, 'Uppgifterna är ogiltiga. Kontrollera: Serienummer, Placering.');
    assert.equal(doc.message_en, 'The input is invalid. Check: Serial number, Location.');
    assert.doesNotMatch(doc.message_sv, /erasure\.|Fält:/);
  });
  test('a service’s problem without a label gets one; a refusal does not point at fields', () => {
    const doc = problem(new AppError('validation', [{ field: 'holderPersonId', reason: 'unknown person', reasonSv: 'okänd person' }]));
    assert.equal(doc.errors[0]?.label, 'Innehavare');
    assert.equal(doc.message_sv, 'Uppgifterna är ogiltiga. Kontrollera: Innehavare.');
    const refused = problem(new AppError('forbidden', [{ field: 'id', reason: 'not yours', reasonSv: 'inte din' }]));
    assert.equal(refused.message_sv, 'Du har inte behörighet till detta.');
  });
  test('humanised keys as the last resort', () => {
    assert.equal(humanise('orderLineId'), 'Order line');
    assert.equal(humanise('report_type'), 'Report type');
  });
});

describe('shared input types (issue 16)', () => {
  test('text refuses NUL and control characters other than tab and line breaks, and lone surrogates', () => {
    for (const bad of ['a\u0000', '\u0007', 'x\u001b[31m', '\u007f', '\ud800', 'a\udc00b']) assert.equal(hasForbiddenCharacter(bad), true, JSON.stringify(bad));
    for (const ok of ['rad 1\nrad 2\r\n\tindrag', 'Åsa Öberg – 12 €', '😀', '']) assert.equal(hasForbiddenCharacter(ok), false, JSON.stringify(ok));
    assert.equal(ZText({ max: 3 }).safeParse('abcd').success, false);
    assert.equal(ZText({ max: 3 }).safeParse(' ab ').data, 'ab');
  });
  test('a version fits an integer column', () => {
    assert.equal(ZVersion.safeParse(INT4_MAX).success, true);
    for (const bad of [0, INT4_MAX + 1, 1e20, 1.5, '1']) assert.equal(ZVersion.safeParse(bad).success, false, String(bad));
  });
  test('a date is a real calendar date; an instant has an offset', () => {
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31', '2026-3-5', '20260305', '0000-01-01', '2026-02-28T00:00']) {
      assert.equal(isCalendarDate(bad), false, bad);
    }
    for (const ok of ['2024-02-29', '2026-12-31', '2026-01-01']) assert.equal(isCalendarDate(ok), true, ok);
    assert.equal(isInstant('2026-03-05T10:00:00+01:00'), true);
    assert.equal(isInstant('2026-03-05T10:00:00Z'), true);
    assert.equal(isInstant('2026-02-30T10:00:00Z'), false);
    assert.equal(isInstant('2026-03-05T10:00:00'), false);
  });
  test('any string holding a control character is found, wherever it is', () => {
    assert.deepEqual(
      forbiddenTextProblems({ a: ['ok', { b: 'x\u0000' }] }, 'query').map((p) => p.field),
      ['query.a.1.b'],
    );
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => forbiddenTextProblems({ a: `${a}\u0000${b}` }).length === 1));
  });
});

describe('database refusals of bad input are 400, never 500', () => {
  const cases: [string, string][] = [
    ['22021', 'bad byte'],
    ['22P05', 'untranslatable'],
    ['22003', 'out of range'],
    ['22007', 'bad datetime'],
    ['22008', 'datetime overflow'],
    ['22P02', 'invalid text representation'],
    ['22001', 'too long'],
  ];
  for (const [code, what] of cases) {
    test(`${code} (${what})`, () => {
      const wrapped = { message: 'Failed query', cause: { code, message: what } };
      const err = fromDatabaseError(wrapped);
      assert.equal(err?.status, 400);
      assert.equal(err?.code, 'validation');
      assert.ok(err?.problems[0]?.reasonSv);
    });
  }
  test('a unique violation stays 409 and an unknown error stays unmapped', () => {
    assert.equal(fromDatabaseError({ code: '23505', constraint: 'units_code' })?.status, 409);
    assert.equal(fromDatabaseError({ code: '40001' }), undefined);
    assert.equal(fromDatabaseError(new Error('boom')), undefined);
  });
});
