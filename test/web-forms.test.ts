import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ApiError, fieldErrors } from '../web/src/api.ts';
import { isBlank, requiredProblems, valueAt } from '../web/src/forms.ts';

const say = (key: 'app.fillIn' | 'app.choose', field: string) => (key === 'app.fillIn' ? `Fyll i ${field}.` : `Välj ${field}.`);

test('issue 16: blank values are empty or whitespace-only text, empty lists, null and undefined', () => {
  const cases: [unknown, boolean][] = [
    ['', true],
    ['  \t', true],
    [null, true],
    [undefined, true],
    [[], true],
    ['a', false],
    [' a ', false],
    [0, false],
    [false, false],
    [['x'], false],
  ];
  for (const [value, blank] of cases) assert.equal(isBlank(value), blank, JSON.stringify(value));
});

test('issue 16: each blank required field is named by the form’s label, filled and optional ones are not', () => {
  const form = { firstName: 'Anna', lastName: ' ', unitId: '', note: '' };
  const problems = requiredProblems(
    form,
    { firstName: { label: 'Förnamn' }, lastName: { label: 'Efternamn' }, unitId: { label: 'Enhet', kind: 'choose' } },
    say,
  );
  assert.deepEqual(problems, { lastName: 'Fyll i efternamn.', unitId: 'Välj enhet.' });
});

test('issue 16: a form whose required fields are all filled has no problems (property)', () => {
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom('a', 'b', 'c', 'd'),
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
      ),
      (values) => {
        const required = Object.fromEntries(Object.keys(values).map((k) => [k, { label: k }]));
        assert.deepEqual(requiredProblems(values, required, say), {});
      },
    ),
  );
});

test('issue 17: a dotted required key names a value inside the form (the server’s field name), a plain key the value itself', () => {
  const form = { name: 'Enhet', accountingCodes: { ansvar: '1234', verksamhet: ' ' } as Record<string, string>, 'odd.key': '' };
  const problems = requiredProblems(
    form,
    {
      name: { label: 'Namn' },
      'accountingCodes.ansvar': { label: 'Ansvar' },
      'accountingCodes.verksamhet': { label: 'Verksamhet' },
      'accountingCodes.projekt': { label: 'Projekt' },
      'odd.key': { label: 'Udda' },
    },
    say,
  );
  assert.deepEqual(problems, { 'accountingCodes.verksamhet': 'Fyll i verksamhet.', 'accountingCodes.projekt': 'Fyll i projekt.', 'odd.key': 'Fyll i udda.' });
  assert.equal(valueAt(form, 'accountingCodes.ansvar'), '1234');
  assert.equal(valueAt(form, 'name.length'), undefined, 'a path through text finds nothing');
});

test('issue 17: the server’s field problems land on the form’s own paths, several on one joined, in the UI language', () => {
  const problem = {
    type: 'about:blank',
    title: 'Invalid',
    status: 422,
    code: 'validation',
    detail: '',
    message_sv: 'Ogiltigt',
    message_en: 'Invalid',
    errors: [
      { field: 'software.vendor', reason: 'Too long', reasonSv: 'För lång' },
      { field: 'software.vendor', reason: 'Bad characters', reasonSv: 'Otillåtna tecken' },
      { field: 'note', reason: 'Too long' },
      { field: 'unitId', reason: 'Unknown unit', reasonSv: 'Okänd enhet' },
    ],
  };
  const err = new ApiError(422, problem);
  const inGroup = (field: string) => (field.startsWith('software.') ? field.slice('software.'.length) : field === 'unitId' ? undefined : field);
  assert.deepEqual(fieldErrors(err, 'sv', inGroup), { vendor: 'För lång; Otillåtna tecken', note: 'Too long' });
  assert.deepEqual(fieldErrors(err, 'en'), { 'software.vendor': 'Too long; Bad characters', note: 'Too long', unitId: 'Unknown unit' });
  assert.deepEqual(fieldErrors(new Error('not an answer'), 'sv'), {});
});
