import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/org/seed.ts';
import { signIn, startBrowserSuite, type BrowserSuite } from './web.ts';

/**
 * Issue 16 "The unit manager is stuck": the unit manager's journey on the demo (npm run demo). The
 * demo links chef.tranemo to a person who works in a unit (R-1.4: a manager manages their person's
 * unit and the units below), so signing in the manager sees the unit's equipment with its monthly
 * cost, and orders for the unit from this year's model range. Role-based locators,
 * Swedish texts, axe-core on every state (web.ts).
 */
describe('web: the unit manager’s journey on the demo (issue 16)', () => {
  let suite: BrowserSuite;

  before(async () => {
    suite = await startBrowserSuite({ demo: true });
  });
  after(async () => {
    await suite?.close();
  });

  test('chef.tranemo sees the unit’s equipment and monthly cost, and places an order for the unit', async (t) => {
    const page = await suite.newPage(t, { width: 1366, height: 900 });
    if (!page) return;
    await signIn(page, suite.server.url, 'chef.tranemo', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: /^Välkommen/ }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Huvudmeny' });

    // The unit's equipment: the manager's one unit is chosen, its items and what the month costs.
    await menu.getByRole('link', { name: 'Enhetens inventarier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enhetens inventarier' }).waitFor();
    assert.equal(await page.getByText('Du är inte chef för någon enhet i Samdesk.').count(), 0, 'the manager is no longer stuck');
    const unitSelect = page.getByRole('combobox', { name: 'Enhet' });
    const unitLabel = ((await unitSelect.locator('option:checked').textContent()) ?? '').trim();
    assert.match(unitLabel, /^.+ \([A-Z-]+\)$/, 'the managed unit is chosen');
    const unitName = unitLabel.replace(/ \([A-Z-]+\)$/, '');
    await page.getByRole('heading', { level: 2, name: new RegExp(`^${unitName}, `) }).waitFor();
    await page.getByText('Debiteras för månaden').waitFor();
    assert.ok((await page.getByRole('row').count()) > 2, 'the unit has equipment');
    await page
      .getByText(/\d\skr/)
      .first()
      .waitFor();

    // Ordering for the unit: this year's model range, sent as an order of the unit.
    await menu.getByRole('link', { name: 'Beställ', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Beställ' }).waitFor();
    const orderUnit = ((await page.getByRole('combobox', { name: 'Enhet' }).locator('option:checked').textContent()) ?? '').trim();
    assert.ok(orderUnit.startsWith(unitLabel), `orders for the managed unit (${orderUnit})`);
    const add = page.getByRole('button', { name: /^Lägg till / }).first();
    await add.waitFor();
    await add.click();
    await page.getByRole('region', { name: 'Din beställning' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Skicka beställning' }).click();
    await page.getByRole('heading', { level: 1, name: /^Beställning \d{4}-\d{6}$/ }).waitFor();
    await page.getByText('Inskickad', { exact: true }).waitFor();
    await page.getByText(unitName).first().waitFor();
  });
});
