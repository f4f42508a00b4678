/**
 * Issue 21/22: where a follow-up figure leads, as the web app's router reads the address. The sites
 * section leads to the shortfall list of the report's municipality and each row to its site.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkTarget } from '../web/src/followup/model.ts';

test('follow-up links: the shortfall list, the register, one site; a site link without its id leads nowhere', () => {
  const table: [Parameters<typeof linkTarget>[0], ReturnType<typeof linkTarget>][] = [
    [
      { kind: 'sites', params: { shortfalls: 'only', municipality: 'm-1' }, id: null },
      { to: '/platser', search: { flik: 'brister', kommun: 'm-1' } },
    ],
    [
      { kind: 'sites', params: {}, id: null },
      { to: '/platser', search: {} },
    ],
    [
      { kind: 'site', params: {}, id: 's-1' },
      { to: '/platser/$id', params: { id: 's-1' } },
    ],
    [{ kind: 'site', params: {}, id: null }, null],
    [
      { kind: 'billing_run', params: {}, id: 'r-1' },
      { to: '/fakturering/$id', params: { id: 'r-1' } },
    ],
  ];
  for (const [link, expected] of table) assert.deepEqual(linkTarget(link), expected, JSON.stringify(link));
});
