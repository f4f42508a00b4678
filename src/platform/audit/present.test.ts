import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ACTION_TEXT, ENTITY_TEXT, actionText, entityText, recordLabel, recordLink } from './present.ts';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

test('issue 16: every entity and action literal written to the audit trail has a Swedish text', () => {
  const actions = new Set<string>();
  const entities = new Set<string>();
  for (const file of sources(SRC)) {
    const code = readFileSync(file, 'utf8');
    if (!code.includes('writeAudit') && !code.includes('Audited')) continue;
    for (const m of code.matchAll(/\baction: '([a-z_]+)'/g)) if (m[1]) actions.add(m[1]);
    for (const m of code.matchAll(/\bentity: '([a-z_]+)'/g)) if (m[1]) entities.add(m[1]);
  }
  assert.ok(actions.size > 10 && entities.size > 10, 'the scan found the audit calls');
  assert.deepEqual(
    [...actions].filter((a) => !(a in ACTION_TEXT)),
    [],
  );
  assert.deepEqual(
    [...entities].filter((e) => !(e in ENTITY_TEXT)),
    [],
  );
});

test('unknown codes never reach the reader', () => {
  assert.equal(actionText('ticket', 'frobnicate'), 'Annan händelse');
  assert.equal(entityText('widget'), 'Annan post');
  assert.equal(actionText('ticket', 'create'), 'Registrerat');
  assert.equal(actionText('order', 'create'), 'Skapad');
});

test('labels and links, table', () => {
  const cases: [string, unknown, unknown, string | undefined][] = [
    ['person', null, { firstName: 'Åsa', lastName: 'Öhman' }, 'Åsa Öhman'],
    ['user', { username: 'chef.tranemo', displayName: 'Enhetschef' }, { personId: 'x' }, 'Enhetschef (chef.tranemo)'],
    ['unit', null, { name: 'Ekonomienheten', code: 'KLF-EK-EKO' }, 'Ekonomienheten (KLF-EK-EKO)'],
    ['order', null, { number: '2026-000123' }, '2026-000123'],
    ['asset', null, { model: 'HP EliteBook', serial: 'PF4ABC' }, 'HP EliteBook, serienummer PF4ABC'],
    ['billing_run', null, { runMonth: '2026-11' }, 'Fakturering 2026-11'],
    ['ticket', null, { minutes: 30 }, undefined],
  ];
  for (const [entity, before, after, label] of cases) assert.equal(recordLabel(entity, before, after), label, entity);
  const id = '0f0e0d0c-0b0a-4000-8000-000000000001';
  assert.equal(recordLink('order', id, null, {}), `/bestallningar/${id}`);
  assert.equal(recordLink('price_list', id, null, { year: 2027 }), '/katalog/prislistor/2027');
  assert.equal(recordLink('login', 'someone', null, {}), null);
  assert.equal(recordLink('ticket', 'not-an-id', null, {}), null);
});
