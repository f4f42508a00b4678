import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBlank, requiredProblems } from '../web/src/forms.ts';

const say = (key: 'app.fillIn' | 'app.choose', field: string) => (key === 'app.fillIn' ? `Fyll i ${field}.` : `Välj ${field}.`);

test('issue 16: blank values are empty or whitespace-only text, empty lists, null and undefined', () => {
  const cases: [unknown, boolean][] = [
    ['', true], ['  \t', true], [null, true], [undefined, true], [[], true],
    ['a', false], [' a ', false], [0, false], [false, false], [['x'], false],
  ];
  for (const [value, blank] of cases) assert.equal(isBlank(value), blank, JSON.stringify(value));
});

test('issue 16: each blank required field is named by the form’s label, filled and optional ones are not', () => {
  const form = { firstName: 'Anna', lastName: ' ', unitId: '', note: '' };
  const problems = requiredProblems(form, { firstName: { label: 'Förnamn' }, lastName: { label: 'Efternamn' }, unitId: { label: 'Enhet', kind: 'choose' } }, say);
  assert.deepEqual(problems, { lastName: 'Fyll i efternamn.', unitId: 'Välj enhet.' });
});

test('issue 16: a form whose required fields are all filled has no problems (property)', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.string({ minLength: 1 }).filter((s) => s.trim() !== '')), (values) => {
      const required = Object.fromEntries(Object.keys(values).map((k) => [k, { label: k }]));
      assert.deepEqual(requiredProblems(values, required, say), {});
    }),
  );
});
