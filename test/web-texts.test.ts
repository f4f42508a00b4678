import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assetsEn, assetsSv } from '../web/src/assets/texts.ts';
import { catalogueEn, catalogueSv } from '../web/src/catalogue/texts.ts';
import { operationsEn, operationsSv } from '../web/src/operations/texts.ts';
import { ordersEn, ordersSv } from '../web/src/orders/texts.ts';
import { en, sv } from '../web/src/texts.ts';

/** Every string of a nested text object with its dotted key. */
function strings(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
}

const TEXTS = { assetsSv, assetsEn, catalogueSv, catalogueEn, ordersSv, ordersEn, operationsSv, operationsEn };

test('issue 17: every text has Swedish and English, under the same keys, in every section', () => {
  const svKeys = new Map(strings(sv));
  const enKeys = new Map(strings(en));
  assert.ok(svKeys.size > 1000, `only ${svKeys.size} Swedish texts: is a section missing from web/src/texts.ts?`);
  assert.deepEqual(
    [...svKeys.keys()].filter((k) => !enKeys.has(k)),
    [],
    'Swedish texts without English',
  );
  assert.deepEqual(
    [...enKeys.keys()].filter((k) => !svKeys.has(k)),
    [],
    'English texts without Swedish',
  );
  for (const [key, text] of [...svKeys, ...enKeys]) assert.notEqual(text.trim(), '', `${key} is empty`);
});

test('issue 17: a text’s English names the same {{values}} as its Swedish', () => {
  const values = (text: string) => [...new Set(text.match(/\{\{[^}]+\}\}/g) ?? [])].sort();
  const enKeys = new Map(strings(en));
  for (const [key, text] of strings(sv)) assert.deepEqual(values(enKeys.get(key) ?? ''), values(text), key);
});

test('issue 16: a counted noun next to {{count}} has its singular form ("1 månad", never "1 månader")', () => {
  const plural = /\{\{count\}\} (månader|dagar|veckor|år|timmar|datorer|months|days|weeks|hours|years)\b/;
  for (const [name, texts] of Object.entries(TEXTS)) {
    const all = new Map(strings(texts));
    for (const [key, text] of all) {
      if (!plural.test(text)) continue;
      // i18next picks `_one` for 1 when it exists; a plain key is only a fallback beside the forms.
      assert.ok(all.has(`${key.replace(/_other$/, '')}_one`), `${name}.${key} ("${text}") needs _one and _other forms`);
    }
  }
});

test('issue 16: an asset’s history reads in plain words: the order by its number, no internal ids', async () => {
  const { historyEntries } = await import('../web/src/assets/history.ts');
  const line = '5b0e6f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
  const unit = '6c1f7a4b-2d3e-4f60-9bac-1d2e3f4a5b6c';
  assert.deepEqual(historyEntries({ order: '2026-000123', orderLineId: line, serial: 'PF4ABC', holder: null }), [
    { kind: 'fromOrder', number: '2026-000123' },
    { kind: 'change', key: 'serial', value: 'PF4ABC' },
  ]);
  assert.deepEqual(historyEntries({ unitId: [unit, unit], modelRangeItemId: [null, line], location: '', selfService: true }), [
    { kind: 'change', key: 'unitId', value: [unit, unit] },
    { kind: 'selfService' },
  ]);
  assert.deepEqual(historyEntries({ holder: line, holderPersonId: [null, line] }), [{ kind: 'change', key: 'holderPersonId', value: [null, line] }]);
});

test('issue 16: every label an asset history shows is in Swedish and English', () => {
  for (const key of ['fromOrder']) {
    assert.ok(key in assetsSv.asset && key in assetsEn.asset, key);
  }
  assert.equal(assetsSv.asset.fromOrder.replace('{{number}}', '2026-000123'), 'Levererad från beställning 2026-000123');
});
