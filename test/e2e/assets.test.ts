import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { stockholmToday } from '../../src/mission/service.ts';
import type { TestClient, TestContext } from '../support/app.ts';
import { type BrowserSuite, fact, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

type Asset = { id: string; status: string; version: number };

/**
 * Issue 7 "Done when" in the browser: IT follows one student computer from delivery through a move, an
 * early return (still billed to the unit until reassigned, R-5.4), reassignment (billing moves to the new
 * unit), retirement, erasure and the student's purchase with a receipt, ending with the
 * erasure protocol as a PDF; the timeline shows every step. Refusal: retiring a computer in its binding
 * period shows the server's Swedish reason on the date field and changes nothing. A unit manager sees
 * their unit's equipment and keeps its location current (R-5.1 self-service). Role-based locators.
 */
describe('web: inventory and lifecycle (issue 7)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let admin: TestClient;
  let computer: Asset;
  let bound: Asset;
  const today = stockholmToday();
  const longDate = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${iso}T12:00:00Z`));
  const SERIAL = 'PF-ELEV-0001';
  const BOUND_SERIAL = 'PF-BIND-0002';
  const OLD_SERIAL = 'PF-GAMMAL-0003';
  /** The local date `months` before today (the day clamped to the month's end). */
  const monthsBefore = (months: number) => {
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const total = y * 12 + (m - 1) - months;
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  };

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
    const units = await admin.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
    const unit = (code: string) => units.body.items.find((u) => u.code === code)?.id ?? '';
    const person = async (body: Record<string, unknown>) => {
      const res = await admin.json<{ id: string }>('POST', '/api/v1/people', { municipalityId: ctx.municipalities.tranemo, ...body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    };
    await person({ unitId: unit('BUF-GR-LJS'), firstName: 'Elsa', lastName: 'Elev', personRole: 'elev', email: 'elsa.elev@elev.tranemo.se' });
    // The principal of Ljungsarpsskolan manages it (a unit manager is the account of a person of the unit).
    const principal = await person({ unitId: unit('BUF-GR-LJS'), firstName: 'Rut', lastName: 'Rektor', personRole: 'anstalld' });
    await ctx.userClient({ username: 'rut.rektor', roles: ['unit_manager'], municipality: 'tranemo' });
    const account = (await admin.json<{ items: { id: string; username: string; version: number }[] }>('GET', '/api/v1/users')).body.items.find(
      (u) => u.username === 'rut.rektor',
    );
    assert.ok(account);
    assert.equal((await admin.json('PATCH', `/api/v1/users/${account.id}`, { version: account.version, personId: principal })).status, 200);

    // A rented student computer (elevdator, monthly rental) on order, and one already in use whose agreement binds it for two years.
    const ordered = await admin.json<Asset>('POST', '/api/v1/assets', {
      unitId: unit('BUF-GR-LJS'),
      deviceType: 'computer',
      serviceCode: 'elevdator',
      model: 'Lenovo ThinkPad L13',
      serial: SERIAL,
      status: 'ordered',
    });
    assert.equal(ordered.status, 201, JSON.stringify(ordered.body));
    computer = ordered.body;
    const active = await admin.json<Asset>('POST', '/api/v1/assets', {
      unitId: unit('BUF-GR-LJS'),
      deviceType: 'computer',
      serviceCode: 'elevdator',
      model: 'Dell Latitude 3440',
      serial: BOUND_SERIAL,
      status: 'active',
      deliveredOn: today,
      bindingMonths: 24,
      location: 'Klassrum 3',
    });
    assert.equal(active.status, 201, JSON.stringify(active.body));
    bound = active.body;

    // This year's prices (the built-in list is 2023's) and a Chromebook of the model range delivered 47
    // months ago: its 48-month life makes it due for renewal next month, billed at the article's fee.
    for (let y = 2023; y < Number(today.slice(0, 4)); y++) assert.equal((await admin.post(`/api/v1/price-lists/${y}/copy`)).status, 201, `copy ${y}`);
    const range = await admin.json<{ items: { id: string; model: string; municipalityId: string | null }[] }>('GET', '/api/v1/model-range');
    const chromebook = range.body.items.find((m) => m.model === 'Chromebook 511' && m.municipalityId !== ctx.municipalities.ulricehamn);
    assert.ok(chromebook, 'the model range has the student Chromebook');
    const old = await admin.json<Asset>('POST', '/api/v1/assets', {
      unitId: unit('BUF-GR-LJS'),
      deviceType: 'computer',
      serviceCode: 'elevdator',
      model: 'Acer Chromebook 511',
      modelRangeItemId: chromebook.id,
      serial: OLD_SERIAL,
      status: 'active',
      deliveredOn: monthsBefore(47),
    });
    assert.equal(old.status, 201, JSON.stringify(old.body));
  });

  after(async () => {
    await suite?.close();
  });

  const signInAs = (page: Page, username: string) => signInToStart(page, server.url, username);
  const menu = mainMenu;
  const timeline = (page: Page) => page.getByRole('list', { name: 'Händelser, äldst först' });

  /** Opens the event's form from the lifecycle actions, lets `fill` complete it, submits and waits for the new status. */
  async function act(page: Page, action: string, status: string, fill: (dialog: Locator) => Promise<void> = () => Promise.resolve()): Promise<void> {
    await page.getByRole('group', { name: 'Livscykel' }).getByRole('button', { name: action, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: action });
    assert.equal(await dialog.getByRole('textbox', { name: 'Datum' }).inputValue(), today, 'the date is today by default');
    await fill(dialog);
    await dialog.getByRole('button', { name: action, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await fact(page, 'Status').getByText(status, { exact: true }).waitFor();
  }

  test('IT follows a student computer from delivery to the student’s purchase, and downloads its erasure protocol', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'it.admin');

    // The register: find the computer by its serial and open it.
    await menu(page).getByRole('link', { name: 'Inventarier', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Inventarier' }).waitFor();
    await page.getByRole('searchbox', { name: 'Serienummer börjar med' }).fill('pf-elev');
    const list = page.getByRole('region', { name: 'Inventarier' });
    await list.getByRole('row', { name: /PF-ELEV-0001.*Lenovo ThinkPad L13.*Dator.*Ljungsarpsskolan.*Beställd/ }).waitFor();
    await list.getByRole('link', { name: BOUND_SERIAL }).waitFor({ state: 'detached' });
    assert.equal(await list.getByRole('row').count(), 2, 'the header and the one computer');
    await list.getByRole('link', { name: SERIAL }).click();
    await page.getByRole('heading', { level: 1, name: `Lenovo ThinkPad L13 (${SERIAL})` }).waitFor();
    await fact(page, 'Status').getByText('Beställd', { exact: true }).waitFor();
    assert.equal(await page.getByRole('group', { name: 'Livscykel' }).getByRole('button', { name: 'Sälj' }).count(), 0, 'nothing is sold before erasure');

    // Deliver to the school and the student.
    await act(page, 'Leverera', 'Aktiv', async (d) => {
      assert.equal(await d.getByRole('textbox', { name: 'Serienummer' }).inputValue(), SERIAL);
      await d.getByRole('combobox', { name: 'Enhet (kostnadsbärare)' }).selectOption({ label: 'Ljungsarpsskolan (BUF-GR-LJS)' });
      await d.getByRole('searchbox', { name: 'Sök innehavare' }).fill('Elsa');
      const holder = d.getByRole('combobox', { name: 'Innehavare' });
      await holder.getByRole('option', { name: /Elsa Elev/ }).waitFor({ state: 'attached' });
      await holder.selectOption({ label: 'Elsa Elev (elsa.elev@elev.tranemo.se)' });
      await d.getByRole('textbox', { name: 'Placering', exact: true }).fill('Klassrum 12');
    });
    assert.equal(await fact(page, 'Innehavare').textContent(), 'Elsa Elev');
    assert.equal(await fact(page, 'Enhet (kostnadsbärare)').textContent(), 'Ljungsarpsskolan');
    assert.equal(await fact(page, 'Levererad').textContent(), longDate(today));
    assert.equal(await fact(page, 'Bindningstid').textContent(), 'Ingen bindningstid');
    assert.equal(await fact(page, 'Supportnivå').textContent(), 'Elevdator 1:1');
    const billing = page.getByRole('region', { name: 'Debiteringsperioder' });
    await page.getByText('Debiteras nu.', { exact: true }).waitFor();
    await billing.getByRole('row', { name: /Ljungsarpsskolan.*pågår.*aktiv/ }).waitFor();

    // Move it within the school.
    await act(page, 'Flytta', 'Aktiv', async (d) => {
      await d.getByRole('textbox', { name: 'Ny placering' }).fill('Biblioteket');
    });
    await fact(page, 'Placering').getByText('Biblioteket', { exact: true }).waitFor();

    // Early return of rented equipment: the school keeps paying until IT reassigns it.
    await act(page, 'Återlämna', 'Återlämnad');
    await page.getByText('Debiteras nu.', { exact: true }).waitFor();
    await billing.getByRole('row', { name: /Ljungsarpsskolan.*pågår.*återlämnad i förtid – debiteras tills den omfördelas \(R-5\.4\)/ }).waitFor();
    assert.equal(await fact(page, 'Innehavare').textContent(), 'Ingen innehavare');

    // Reassign it to Länghemsskolan, the same student again: billing moves to the new cost bearer.
    await act(page, 'Omfördela', 'Aktiv', async (d) => {
      await d.getByRole('combobox', { name: 'Enhet (kostnadsbärare)' }).selectOption({ label: 'Länghemsskolan (BUF-GR-LHS)' });
      await d.getByRole('combobox', { name: 'Innehavare' }).selectOption({ label: 'Elsa Elev' });
    });
    await billing.getByRole('row', { name: /Länghemsskolan.*pågår.*aktiv/ }).waitFor();
    assert.equal(await billing.getByText(/debiteras tills den omfördelas/).count(), 0, 'the early-return billing ended');
    assert.equal(await fact(page, 'Enhet (kostnadsbärare)').textContent(), 'Länghemsskolan');

    // Retire (no binding period): billing ends; still nothing to sell before erasure.
    await act(page, 'Avveckla', 'Avvecklad');
    await page.getByText('Debiteras inte nu.', { exact: true }).waitFor();
    assert.equal(await page.getByRole('group', { name: 'Livscykel' }).getByRole('button', { name: 'Sälj' }).count(), 0);

    // Erase, by a certified provider, with the serial read on the device.
    await act(page, 'Radera', 'Raderad', async (d) => {
      await d.getByRole('combobox', { name: 'Raderad av' }).selectOption({ label: 'Certifierad leverantör' });
      await d.getByRole('textbox', { name: 'Namn' }).fill('Inrego AB');
      await d.getByRole('textbox', { name: 'Raderingsmetod' }).fill('NIST 800-88 Purge');
      await d.getByRole('textbox', { name: 'Serienummer avläst på enheten' }).fill(SERIAL);
    });
    const erasure = page.getByRole('region', { name: 'Radering' });
    await erasure.getByText('Inrego AB (Certifierad leverantör)').waitFor();
    await erasure.getByText('NIST 800-88 Purge').waitFor();

    // The student who had it buys it, proved by the municipality's receipt.
    await act(page, 'Sälj', 'Såld', async (d) => {
      assert.ok(await d.getByRole('radio', { name: 'Eleven som hade datorn' }).isChecked());
      assert.equal(await d.getByRole('combobox', { name: 'Elev' }).locator('option:checked').textContent(), 'Elsa Elev');
      await d.getByRole('combobox', { name: 'Underlag' }).selectOption({ label: 'Kvitto' });
      await d.getByRole('textbox', { name: 'Kvittots eller fakturans nummer' }).fill('KV-2024-0042');
      await d.getByRole('textbox', { name: 'Pris (kr)' }).fill('500');
    });
    const sale = page.getByRole('region', { name: 'Försäljning' });
    await sale.getByText('Elsa Elev (Elev)').waitFor();
    await sale.getByText('Kvitto KV-2024-0042').waitFor();
    await page.getByText('Inget mer kan göras med utrustningen i den här statusen.').waitFor();

    // The timeline shows every step, oldest first, with the status it reached.
    const steps = await timeline(page)
      .locator(':scope > li')
      .evaluateAll((items) => items.map((li) => li.firstElementChild?.nextElementSibling?.textContent ?? ''));
    const expected = [
      ['Registrerad', 'Beställd'],
      ['Levererad', 'Beställd → Aktiv'],
      ['Flyttad', ''],
      ['Återlämnad', 'Aktiv → Återlämnad'],
      ['Omfördelad', 'Återlämnad → Aktiv'],
      ['Avvecklad', 'Aktiv → Avvecklad'],
      ['Raderad', 'Avvecklad → Raderad'],
      ['Såld', 'Raderad → Såld'],
    ];
    assert.equal(steps.length, expected.length, steps.join(' | '));
    for (const [i, [kind, change]] of expected.entries()) {
      assert.ok(steps[i]?.startsWith(`${kind}${longDate(today)}${change}`), `step ${i + 1}: ${steps[i]}`);
    }
    const items = timeline(page).locator(':scope > li');
    await items.nth(2).getByText('Placering: Klassrum 12 → Biblioteket').waitFor();
    await items.nth(4).getByText('Enhet: Ljungsarpsskolan → Länghemsskolan').waitFor();
    await items.nth(6).getByText('Raderad av: Inrego AB (Certifierad leverantör)').waitFor();
    await items.nth(7).getByText('Köpare: Elsa Elev, Kvitto KV-2024-0042').waitFor();

    // The documents: the erasure protocol is a real PDF; the receipt is offered too.
    const documents = page.getByRole('region', { name: 'Dokument' });
    await documents.getByRole('link', { name: 'Kvitto (PDF)' }).waitFor();
    const protocol = documents.getByRole('link', { name: 'Raderingsprotokoll (PDF)' });
    // Fetched as the signed-in browser would open it (same cookies): the protocol shows inline, on demand.
    const href = await protocol.getAttribute('href');
    assert.ok(href, 'the link has an address');
    const res = await page.context().request.get(new URL(href, server.url).toString());
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const pdf = await res.body();
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 1000, `a real document (${pdf.length} bytes)`);

    const stored = await admin.json<Asset & { serial: string }>('GET', `/api/v1/assets/${computer.id}`);
    assert.equal(stored.body.status, 'sold');
  });

  test('refusal: retiring a computer during its binding period shows the server’s reason on the date and changes nothing', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'it.admin');
    await page.goto(`${server.url}/inventarier/${bound.id}`);
    await page.getByRole('heading', { level: 1, name: `Dell Latitude 3440 (${BOUND_SERIAL})` }).waitFor();
    assert.match((await fact(page, 'Bindningstid').textContent()) ?? '', /^Bindningstid till \d{1,2} \S+ \d{4} \(\d+ dagar kvar\)$/);
    await page.getByRole('group', { name: 'Livscykel' }).getByRole('button', { name: 'Avveckla', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Avveckla' });
    await dialog.getByRole('button', { name: 'Avveckla', exact: true }).click();
    const date = dialog.getByRole('textbox', { name: 'Datum' });
    await dialog.getByText(/^bindningstiden löper till \d{4}-\d{2}-\d{2} \(\d+ dagar kvar\)$/).waitFor();
    assert.equal(await date.getAttribute('aria-invalid'), 'true');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await fact(page, 'Status').getByText('Aktiv', { exact: true }).waitFor();
    const stored = await admin.json<Asset>('GET', `/api/v1/assets/${bound.id}`);
    assert.equal(stored.body.status, 'active');
    assert.equal(stored.body.version, bound.version, 'nothing changed');
  });

  test('a unit manager sees their unit’s equipment, not IT’s actions, and keeps its location current', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'rut.rektor');
    await menu(page).getByRole('link', { name: 'Inventarier', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Inventarier' }).waitFor();
    await page.getByText('Utrustningen på de enheter du är chef för.', { exact: false }).waitFor();
    const list = page.getByRole('region', { name: 'Inventarier' });
    await list.getByRole('row', { name: /PF-BIND-0002.*Dell Latitude 3440.*Ljungsarpsskolan.*Aktiv/ }).waitFor();
    assert.equal(await list.getByRole('link', { name: SERIAL }).count(), 0, 'the sold computer now belongs to Länghemsskolan’s history, not this unit');
    await list.getByRole('link', { name: BOUND_SERIAL }).click();
    await page.getByRole('heading', { level: 1, name: `Dell Latitude 3440 (${BOUND_SERIAL})` }).waitFor();
    assert.equal(await page.getByRole('group', { name: 'Livscykel' }).count(), 0, 'lifecycle events are IT’s');
    await page.getByRole('button', { name: 'Ändra innehavare och placering' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ändra innehavare, placering och enhet' });
    await dialog.getByRole('textbox', { name: 'Placering' }).fill('Klassrum 7');
    await dialog.getByRole('button', { name: 'Spara' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await fact(page, 'Placering').getByText('Klassrum 7', { exact: true }).waitFor();
    await timeline(page).getByText('Placering: Klassrum 3 → Klassrum 7').waitFor();
  });

  test('a unit manager sees the unit’s monthly cost and orders the renewal of a computer that is due', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'rut.rektor');

    // The unit's view: the only unit she manages is chosen, with this month's equipment and cost.
    await menu(page).getByRole('link', { name: 'Enhetens inventarier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enhetens inventarier' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Enhet' }).locator('option:checked').textContent(), 'Ljungsarpsskolan (BUF-GR-LJS)');
    const costs = page.getByRole('region', { name: 'Utrustning och månadskostnad' });
    await costs.getByRole('row', { name: new RegExp(`${OLD_SERIAL}.*Acer Chromebook 511.*Elevdator 1:1 \\(ELEVDATOR\\).*180,00\\skr.*aktiv.*ja$`) }).waitFor();
    // Delivered today: at the school, but charged from next month, as the billing run does.
    await costs.getByRole('row', { name: new RegExp(`${BOUND_SERIAL}.*ingen månadsavgift.*inte denna månad$`) }).waitFor();
    await costs.getByRole('row', { name: /^Debiteras för månaden\s*180,00\skr/ }).waitFor();
    await page.getByText('del av månad debiteras från månaden efter leverans eller flytt in', { exact: false }).waitFor();

    // Renewals: the Chromebook is due; she picks it and a replacement of the model range and orders it.
    await menu(page).getByRole('link', { name: 'Förnyelse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Förnyelse' }).waitFor();
    const school = page.getByRole('region', { name: 'Ljungsarpsskolan' }).first();
    await school.getByRole('row', { name: new RegExp(OLD_SERIAL) }).waitFor();
    assert.equal(await school.getByRole('row', { name: new RegExp(BOUND_SERIAL) }).count(), 0, 'a computer delivered today is not due');
    await school.getByRole('button', { name: 'Beställ förnyelse för Ljungsarpsskolan' }).click();
    await school.getByRole('alert').getByText('Välj minst en utrustning.').waitFor();
    await school.getByRole('checkbox', { name: `Välj ${OLD_SERIAL}` }).check();
    await school.getByRole('combobox', { name: 'Ersättningsmodell' }).selectOption({ label: 'Acer Chromebook 511' });
    await school.getByRole('button', { name: 'Beställ förnyelse för Ljungsarpsskolan' }).click();
    const link = school.getByRole('link', { name: /^Öppna beställning \d{4}-\d{6}$/ });
    await link.waitFor();
    const number = ((await link.textContent()) ?? '').replace('Öppna beställning ', '');
    await school.getByText(`Ersätts av beställning ${number}`).waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: `Beställning ${number}` }).waitFor();
    await page.getByText(`Ersätter ${OLD_SERIAL}`, { exact: false }).first().waitFor();
  });
});
