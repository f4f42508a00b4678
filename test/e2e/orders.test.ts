import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { stockholmToday } from '../../src/mission/service.ts';
import type { TestClient, TestContext } from '../support/app.ts';
import { type BrowserSuite, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

type Line = {
  description: string;
  status: string;
  serialNumber: string | null;
  holderName: string | null;
  deliveredOn: string | null;
  billingStartsOn: string | null;
};
type Order = { id: string; number: string; status: string; ticketNumber: string | null; lines: Line[] };

/**
 * Issue 6 "Done when" in the browser: a unit manager designates an orderer, the orderer orders a
 * computer and a phone, IT fulfils and delivers, and the delivered items appear with their billing
 * start. Refusals: an account that orders for no unit gets no "Beställ" and the
 * page says why; the server's refusal of packaging for five teacher computers shows on the field
 * . Role-based locators, Swedish texts.
 */
describe('web: orders (issue 6)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let admin: TestClient;
  let orderer: TestClient;
  const today = stockholmToday();
  const longDate = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${iso}T12:00:00Z`));

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
    // The built-in price list is 2023's; orders are priced by this year's, so copy it forward.
    for (let y = 2023; y < Number(today.slice(0, 4)); y++) assert.equal((await admin.post(`/api/v1/price-lists/${y}/copy`)).status, 201, `copy ${y}`);
    const units = await admin.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
    const unit = (code: string) => units.body.items.find((u) => u.code === code)?.id ?? '';
    // A unit manager is the account of a person of Ekonomi (verksamhet): they manage it and the units below.
    const person = await admin.json<{ id: string }>('POST', '/api/v1/people', {
      municipalityId: ctx.municipalities.tranemo,
      unitId: unit('KLF-EK'),
      firstName: 'Maria',
      lastName: 'Chef',
      personRole: 'anstalld',
    });
    assert.equal(person.status, 201, JSON.stringify(person.body));
    await ctx.userClient({ username: 'maria.chef', roles: ['unit_manager'], municipality: 'tranemo' });
    const account = (await admin.json<{ items: { id: string; username: string; version: number }[] }>('GET', '/api/v1/users')).body.items.find(
      (u) => u.username === 'maria.chef',
    );
    assert.ok(account);
    assert.equal((await admin.json('PATCH', `/api/v1/users/${account.id}`, { version: account.version, personId: person.body.id })).status, 200);
    const holder = await admin.json('POST', '/api/v1/people', {
      municipalityId: ctx.municipalities.tranemo,
      unitId: unit('KLF-EK-EKO'),
      firstName: 'Hanna',
      lastName: 'Hållare',
      personRole: 'anstalld',
      email: 'hanna.hallare@tranemo.se',
    });
    assert.equal(holder.status, 201, JSON.stringify(holder.body));
    orderer = await ctx.userClient({ username: 'olle.bestallare', roles: ['end_user'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'berit.annan', roles: ['end_user'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'it.tekniker', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 2 });
  });

  after(async () => {
    await suite?.close();
  });

  const signInAs = (page: Page, username: string) => signInToStart(page, server.url, username);
  const menu = mainMenu;

  test('a manager designates an orderer, the orderer orders a computer and a phone, IT delivers them, and the lines show their billing start', async (t) => {
    // The unit manager designates Olle for Ekonomienheten.
    const manager = await suite.newPage(t);
    if (!manager) return;
    await signInAs(manager, 'maria.chef');
    await menu(manager).getByRole('link', { name: 'Beställare' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Beställare' }).waitFor();
    assert.equal(await menu(manager).getByRole('link', { name: 'Beställningar' }).getAttribute('aria-current'), null, 'Beställare is highlighted alone');
    await manager.getByRole('combobox', { name: 'Enhet' }).selectOption({ label: 'Ekonomienheten (KLF-EK-EKO)' });
    await manager.getByRole('heading', { name: 'Beställare för Ekonomienheten' }).waitFor();
    await manager.getByText('Enheten har inga utsedda beställare.').waitFor();
    await manager.getByRole('searchbox', { name: 'Sök konto' }).fill('olle');
    await manager
      .getByRole('combobox', { name: 'Konto' })
      .getByRole('option', { name: /^olle\.bestallare/ })
      .waitFor({ state: 'attached' });
    await manager.getByRole('button', { name: 'Utse beställare' }).click();
    await manager.getByRole('row', { name: /olle\.bestallare.*maria\.chef.*Aktiv/ }).waitFor();

    // The orderer now has "Beställ": a computer and a phone from the model range, with the total.
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'olle.bestallare');
    await menu(page).getByRole('link', { name: 'Beställ', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Beställ' }).waitFor();
    assert.equal(
      await page.getByRole('combobox', { name: 'Enhet' }).locator('option:checked').textContent(),
      'Ekonomienheten (KLF-EK-EKO) – utsedd beställare',
    );
    await page
      .getByRole('row', { name: /Lenovo ThinkPad T14 Gen 4/ })
      .getByRole('cell', { name: /^450,00\skr per månad$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Lägg till Lenovo ThinkPad T14 Gen 4' }).click();
    await page.getByRole('button', { name: 'Lägg till Apple iPhone 14' }).click();
    const basket = page.getByRole('region', { name: 'Din beställning' });
    await basket.getByRole('row', { name: /Apple iPhone 14/ }).waitFor();
    await page
      .getByRole('definition')
      .filter({ hasText: /^6\s500,00\skr$/ })
      .waitFor();
    await page
      .getByRole('definition')
      .filter({ hasText: /^500,00\skr$/ })
      .waitFor();
    await page.getByRole('textbox', { name: 'Meddelande till IT' }).fill('Till nyanställd ekonom');
    await page.getByRole('button', { name: 'Skicka beställning' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Beställning \d{4}-\d{6}$/ });
    await heading.waitFor();
    const number = ((await heading.textContent()) ?? '').replace('Beställning ', '');
    await page.getByRole('link', { name: number }).waitFor();
    await page.getByText('Inskickad', { exact: true }).waitFor();
    const orderId = page.url().split('/').pop() ?? '';

    // IT sees it among new orders, orders the computer from the supplier and delivers both lines.
    const it = await suite.newPage(t);
    if (!it) return;
    await signInAs(it, 'it.tekniker');
    await menu(it).getByRole('link', { name: 'Leveranser' }).click();
    await it.getByRole('region', { name: 'Nya beställningar' }).getByRole('link', { name: number }).click();
    await it.getByRole('heading', { level: 1, name: `Beställning ${number}` }).waitFor();
    const computer = 'Datorarbetsplats standard: Lenovo ThinkPad T14 Gen 4';
    await it.getByRole('button', { name: `Beställd hos leverantör: ${computer}` }).click();
    // The button's own text is also "Beställd hos leverantör": wait until it is gone, so the order (and
    // its version, which the delivery dialog sends) is the one after the step.
    await it.getByRole('button', { name: `Beställd hos leverantör: ${computer}` }).waitFor({ state: 'detached' });
    await it
      .getByRole('row', { name: new RegExp(computer) })
      .getByText('Beställd hos leverantör', { exact: true })
      .waitFor();

    await it.getByRole('button', { name: `Leverera ${computer}` }).click();
    const dialog = it.getByRole('dialog', { name: `Leverera ${computer}` });
    await dialog.getByRole('button', { name: 'Leverera', exact: true }).click();
    // Issue 16: the blank serial number is named before anything is sent (the server refuses it too).
    await dialog.getByText('Fyll i serienummer.').waitFor();
    const serial = dialog.getByRole('textbox', { name: 'Serienummer' });
    assert.equal(await serial.getAttribute('aria-invalid'), 'true');
    assert.equal(await dialog.getByRole('textbox', { name: 'Leveransdatum' }).inputValue(), today);
    await serial.fill('PF4ABC');
    await dialog.getByRole('searchbox', { name: 'Sök innehavare' }).fill('Hållare');
    await dialog
      .getByRole('combobox', { name: 'Innehavare' })
      .getByRole('option', { name: /Hanna Hållare/ })
      .waitFor({ state: 'attached' });
    await dialog.getByRole('combobox', { name: 'Innehavare' }).selectOption({ label: 'Hanna Hållare (hanna.hallare@tranemo.se)' });
    await dialog.getByRole('button', { name: 'Leverera', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    const phone = 'Mobiltelefon standard: Apple iPhone 14';
    await it.getByRole('button', { name: `Leverera ${phone}` }).click();
    const second = it.getByRole('dialog', { name: `Leverera ${phone}` });
    await second.getByRole('textbox', { name: 'Serienummer' }).fill('F2LXQ1');
    await second.getByRole('searchbox', { name: 'Sök innehavare' }).fill('hanna');
    await second
      .getByRole('combobox', { name: 'Innehavare' })
      .getByRole('option', { name: /Hanna Hållare/ })
      .waitFor({ state: 'attached' });
    await second.getByRole('combobox', { name: 'Innehavare' }).selectOption({ label: 'Hanna Hållare (hanna.hallare@tranemo.se)' });
    await second.getByRole('button', { name: 'Leverera', exact: true }).click();
    await second.waitFor({ state: 'hidden' });
    await it.getByText('Levererad', { exact: true }).first().waitFor();

    // The orderer finds the order delivered, each line with serial, holder, delivery date and billing start.
    await menu(page).getByRole('link', { name: 'Beställningar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beställningar' }).waitFor();
    await page.getByRole('row', { name: new RegExp(`${number}.*Levererad`) }).waitFor();
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { level: 1, name: `Beställning ${number}` }).waitFor();
    const lines = page.getByRole('region', { name: 'Rader' });
    const headers = await lines.getByRole('columnheader').allTextContents();
    assert.ok(headers.includes('Debiteras från'), headers.join(', '));
    for (const [name, serialNumber] of [
      [/Lenovo ThinkPad T14 Gen 4/, 'PF4ABC'],
      [/Apple iPhone 14/, 'F2LXQ1'],
    ] as const) {
      const row = lines.getByRole('row', { name });
      // The page may first show the order as cached from before the delivery; wait for the fresh one.
      await row.getByRole('cell', { name: 'Levererad', exact: true }).waitFor();
      const cells = await row.getByRole('cell').allTextContents();
      const at = (header: string) => cells[headers.indexOf(header) - 1];
      assert.equal(at('Status'), 'Levererad');
      assert.equal(at('Serienummer'), serialNumber);
      assert.equal(at('Innehavare'), 'Hanna Hållare');
      assert.equal(at('Levererad'), longDate(today));
      assert.equal(at('Debiteras från'), longDate(today));
    }
    const stored = await orderer.json<Order>('GET', `/api/v1/orders/${orderId}`);
    assert.equal(stored.body.status, 'delivered');
    assert.deepEqual(
      stored.body.lines.map((l) => [l.serialNumber, l.holderName, l.billingStartsOn]),
      [
        ['PF4ABC', 'Hanna Hållare', today],
        ['F2LXQ1', 'Hanna Hållare', today],
      ],
    );
  });

  test('refusals: an account that orders for no unit has no "Beställ" and the page says why; packaging for five teacher computers is refused on the field with the server’s reason', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'berit.annan');
    await menu(page).getByRole('link', { name: 'Kalender' }).waitFor();
    assert.equal(await menu(page).getByRole('link', { name: 'Beställ', exact: true }).count(), 0);
    await page.goto(`${server.url}/bestall`);
    await page.getByRole('heading', { level: 1, name: 'Beställ' }).waitFor();
    await page.getByRole('alert').getByText('Du är inte beställare för någon enhet. Din chef kan utse dig till beställare för enheten.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Skicka beställning' }).count(), 0);

    const orderPage = await suite.newPage(t);
    if (!orderPage) return;
    await signInAs(orderPage, 'olle.bestallare');
    await orderPage.goto(`${server.url}/bestall`);
    await orderPage.getByRole('tab', { name: 'Paketering av programvara' }).click();
    const form = orderPage.getByRole('form', { name: 'Paketering av programvara' });
    await form.getByRole('textbox', { name: 'Program' }).fill('GeoGebra');
    await form.getByRole('textbox', { name: 'Syfte' }).fill('Matematikundervisning');
    const count = form.getByRole('spinbutton', { name: 'Antal lärardatorer' });
    await count.fill('5');
    await form.getByRole('button', { name: 'Skicka beställning' }).click();
    await form.getByText(/^IT paketerar program vid fler än 5 lärardatorer; vid 5 installerar verksamheten själv/).waitFor();
    assert.equal(await count.getAttribute('aria-invalid'), 'true');
    const before = (await orderer.json<{ items: unknown[] }>('GET', '/api/v1/orders')).body.items.length;
    await count.fill('6');
    await form.getByRole('button', { name: 'Skicka beställning' }).click();
    await orderPage.getByRole('heading', { level: 1, name: /^Beställning \d{4}-\d{6}$/ }).waitFor();
    await orderPage.getByText('Paketering av GeoGebra för 6 lärardatorer').waitFor();
    assert.equal((await orderer.json<{ items: unknown[] }>('GET', '/api/v1/orders')).body.items.length, before + 1);
  });
});
