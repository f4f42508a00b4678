import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import type { SiteList } from '../../src/sites/contract.ts';
import type { TestClient } from '../support/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { type BrowserSuite, escapeRegExp, expectAccessible, factText, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

const SITE = 'Knutpunkt Hössna';
const SERIAL = 'LAN-U-77';
const MODEL = 'Lenovo ThinkPad L14';

/**
 * Issue 22 in the browser, as of the suite's day (support/clock.ts), by an IT
 * agent serving both municipalities:
 * (a) registers a network node in Ulricehamn with two hours of UPS, finds it on the shortfall list
 *     (also the workbook), records its cooling and fire protection and a new UPS with IT's approval
 *     (a date after today is refused at the field), and sees it leave the list with the approval kept;
 * (b) adds a registered short-term laptop to the pool, books it for a school from eight days ago to
 *     yesterday (a loan recorded afterwards), hands it out on its first day (a day before the booking is
 *     refused at the field) and takes it back today; an economist of Ulricehamn computes the next
 *     month's run and finds the loan charged per started week: 2 weeks.
 * Set-up through the API for what the journeys do not name, as test/api/sites.test.ts does: price
 * lists copied forward to this year and the laptop registered in the inventory. axe-core checks every
 * state (web.ts), and explicitly the register, the form, the site, the shortfall list and the pool.
 */
describe('web: sites, network and the laptop pool (issue 22)', () => {
  let suite: BrowserSuite;
  let server: BrowserSuite['server'];
  let admin: TestClient;
  let agent: TestClient;
  /** Today in Stockholm by the app's test clock. */
  let today: string;
  /** The mission's reserve hours for a network node. */
  let reserveHours: number;
  let school: { id: string; code: string; name: string };
  const day = (offset: number) => Temporal.PlainDate.from(today).add({ days: offset }).toString();
  const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);
  /** A date as the pages write it ("3 december 2026"). */
  const longDate = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' }).format(new Date(`${iso}T12:00:00Z`));

  before(async () => {
    suite = await startBrowserSuite();
    server = suite.server;
    const { ctx } = suite;
    admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
    agent = await ctx.userClient({ username: 'ida.drift', roles: ['agent'], municipality: null, team: 'infrastruktur', line: 3 });
    await ctx.userClient({ username: 'ulla.ekonom', roles: ['finance'], municipality: 'ulricehamn' });
    today = Temporal.Instant.fromEpochMilliseconds(TEST_NOW.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();

    const mission = await agent.json<{ document: { sites: { nodeReserveHours: number } } }>('GET', '/api/v1/mission');
    assert.equal(mission.status, 200);
    reserveHours = mission.body.document.sites.nodeReserveHours;
    assert.ok(reserveHours > 2, 'two hours fall short of the requirement');

    // Every year has its price list: the seeded 2023 list copied forward to this year, as IT does each year.
    const year = Number(today.slice(0, 4));
    for (let y = 2023; y < year; y++) assert.equal((await admin.post(`/api/v1/price-lists/${y}/copy`)).status, 201, `copy ${y}`);

    const units = await admin.json<{ items: { id: string; code: string; name: string }[] }>(
      'GET',
      `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`,
    );
    const found = units.body.items.find((u) => u.code === 'FFL-GR-ATR');
    assert.ok(found, 'the seeded school');
    school = found;

    // A laptop registered under Korttidshyra, in IT's stock (the journey puts it in the pool).
    const laptop = await agent.json<{ id: string }>('POST', '/api/v1/assets', {
      unitId: school.id,
      deviceType: 'computer',
      serviceCode: 'korttidshyra',
      model: MODEL,
      serial: SERIAL,
      deliveredOn: day(-60),
      status: 'in_stock',
      location: 'IT, lånepoolen',
    });
    assert.equal(laptop.status, 201, JSON.stringify(laptop.body));
  });

  after(async () => {
    await suite?.close();
  });

  const openSites = async (page: Page) => {
    await mainMenu(page).getByRole('link', { name: 'Platser och nät', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Platser och nät' }).waitFor();
  };

  test('R-12: a node with two hours of UPS is on the shortfall list until IT approves a new UPS, its cooling and fire protection', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'ida.drift');
    await openSites(page);
    await page.getByText('Inga platser är registrerade ännu.').waitFor();
    await expectAccessible(page, 'the empty register of sites');

    // A new node, in Ulricehamn, with the school working there.
    await page.getByRole('link', { name: 'Ny plats' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ny plats' }).waitFor();
    const form = page.getByRole('form', { name: 'Ny plats' });
    await form.getByRole('button', { name: 'Registrera platsen' }).click();
    await form.getByText('Välj kommun.').waitFor();
    await form.getByText('Fyll i namn.').waitFor();
    await form.getByRole('combobox', { name: 'Kommun' }).selectOption({ label: 'Ulricehamns kommun' });
    await form.getByRole('textbox', { name: 'Namn' }).fill(SITE);
    await form.getByRole('radio', { name: 'Knutpunkt' }).check();
    await form.getByRole('textbox', { name: 'Adress' }).fill('Hössna kyrkväg 2, Ulricehamn');
    assert.equal(await form.getByRole('combobox', { name: 'Fast anslutning' }).inputValue(), 'fibre', 'fibre unless chosen otherwise');
    await form.getByRole('textbox', { name: 'Operatör' }).fill('Ulricehamns Stadsnät');
    await form.getByRole('textbox', { name: 'Kapacitet' }).fill('1 Gbit/s');
    await form.getByRole('combobox', { name: 'Underhållet bekostas av' }).selectOption({ label: 'Fastighetsägaren' });
    await form.getByRole('combobox', { name: 'Enhet att lägga till' }).selectOption({ label: `${school.name} (${school.code})` });
    await form.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await form.getByRole('list', { name: 'Enheter på adressen' }).getByText(`${school.name} (${school.code})`).waitFor();
    await expectAccessible(page, 'the new site, filled in');
    await form.getByRole('button', { name: 'Registrera platsen' }).click();

    await page.getByRole('heading', { level: 1, name: SITE }).waitFor();
    assert.equal(await factText(page, 'Typ av plats'), 'Knutpunkt');
    assert.equal(await factText(page, 'Fast anslutning'), 'Fiber, Ulricehamns Stadsnät, 1 Gbit/s');
    assert.equal(await factText(page, 'Underhållet bekostas av'), 'Fastighetsägaren');
    await page.getByRole('region', { name: 'Enheter', exact: true }).getByText(school.name).waitFor();
    const systems = page.getByRole('table', { name: 'Reservkraft, kyla och brandskydd på platsen' });
    await page
      .getByRole('region', { name: 'Reservkraft, kyla och brandskydd' })
      .getByText(`reservkraft för minst ${reserveHours} timmar`, { exact: false })
      .waitFor();
    await systems.getByRole('row', { name: /^Reservkraft \(UPS\)\s+Krävs\s+Saknas\s+Inte godkänd\s+Reservkraft \(UPS\) saknas/ }).waitFor();

    // Two hours of UPS, recorded without approval.
    await systems.getByRole('button', { name: 'Registrera reservkraft (UPS)' }).click();
    const record = page.getByRole('dialog', { name: 'Registrera reservkraft (UPS)' });
    assert.equal(await record.getByRole('checkbox', { name: 'Finns på platsen' }).isChecked(), true);
    await record.getByRole('textbox', { name: 'Drifttid på reservkraft (timmar)' }).fill('2');
    await record.getByRole('textbox', { name: 'Utformning' }).fill('APC Smart-UPS 1500');
    await record.getByRole('button', { name: 'Spara' }).click();
    await record.waitFor({ state: 'detached' });
    const tooShort = `reservkraften räcker 2 timmar av kravets ${reserveHours} timmar`;
    await systems
      .getByRole('row', {
        name: new RegExp(`^Reservkraft \\(UPS\\)\\s+Krävs\\s+Finns, 2 timmar, APC Smart-UPS 1500\\s+Inte godkänd\\s+${escapeRegExp(tooShort)}`, 'i'),
      })
      .waitFor();
    await page.getByRole('note').filter({ hasText: 'Platsen har brister' }).getByText(capitalised(tooShort)).waitFor();
    await expectAccessible(page, 'the node with two hours of UPS');

    // On the shortfall list, also as a workbook.
    await page.getByRole('link', { name: 'Till platserna' }).click();
    await page.getByRole('heading', { level: 1, name: 'Platser och nät' }).waitFor();
    await page.getByRole('tab', { name: 'Brister' }).click();
    const shortfalls = page.getByRole('table', { name: 'Platser med brister' });
    const row = shortfalls.getByRole('row').filter({ has: page.getByRole('link', { name: SITE }) });
    await row.getByText(capitalised(tooShort)).waitFor();
    await row.getByText('Kylanläggning saknas').waitFor();
    await row.getByText('Brandskydd saknas').waitFor();
    await page.getByText(`Platserna som inte uppfyller kraven i dag, ${longDate(today)}`, { exact: false }).waitFor();
    const download = page.getByRole('link', { name: 'Ladda ned bristlistan (Excel)' });
    assert.equal(await download.getAttribute('href'), '/api/v1/sites/shortfalls.xlsx');
    const xlsx = await page.context().request.get(new URL('/api/v1/sites/shortfalls.xlsx', server.url).toString());
    assert.equal(xlsx.status(), 200);
    assert.match(xlsx.headers()['content-type'] ?? '', /spreadsheetml/);
    await expectAccessible(page, 'the shortfall list');

    // Cooling and fire protection approved by IT, then a new UPS approved with them.
    await row.getByRole('link', { name: SITE }).click();
    await page.getByRole('heading', { level: 1, name: SITE }).waitFor();
    const approve = async (button: string, dialogName: string, design: string, basis: string) => {
      await systems.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog', { name: dialogName });
      await dialog.getByRole('textbox', { name: 'Utformning' }).fill(design);
      await dialog.getByRole('checkbox', { name: 'Godkänn nu' }).check();
      assert.equal(await dialog.getByLabel('Godkänd datum').inputValue(), today, 'approved today unless changed');
      await dialog.getByRole('radio', { name: basis }).check();
      await dialog.getByRole('button', { name: 'Spara' }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await approve('Registrera kylanläggning', 'Registrera kylanläggning', 'Split-aggregat 3,5 kW', 'MSB:s krav');
    await approve('Registrera brandskydd', 'Registrera brandskydd', 'Brandlarm kopplat till räddningstjänsten', 'Gängse praxis');
    await systems
      .getByRole('row', { name: /^Brandskydd\s+Krävs\s+Finns, Brandlarm kopplat till räddningstjänsten\s+Godkänd .* enligt gängse praxis/ })
      .waitFor();

    await systems.getByRole('button', { name: 'Ändra reservkraft (UPS)' }).click();
    const change = page.getByRole('dialog', { name: 'Ändra reservkraft (UPS)' });
    const hours = change.getByRole('textbox', { name: 'Drifttid på reservkraft (timmar)' });
    assert.equal(await hours.inputValue(), '2');
    const newHours = reserveHours + 2;
    await hours.fill(String(newHours));
    await change.getByRole('textbox', { name: 'Utformning' }).fill('Ny UPS med extra batteripaket');
    await change.getByRole('checkbox', { name: 'Godkänn nu' }).check();
    assert.equal(await change.getByRole('radio', { name: 'MSB:s krav' }).isChecked(), true, 'MSB’s requirements unless chosen otherwise');
    await change.getByRole('textbox', { name: 'Kommentar till godkännandet' }).fill('Besiktad på plats');
    // An approval after today is the server's to refuse, and it says so at the field.
    const approvedOn = change.getByLabel('Godkänd datum');
    await approvedOn.fill(day(1));
    await change.getByRole('button', { name: 'Spara' }).click();
    await change.getByText('ett godkännande kan inte dateras i framtiden').waitFor();
    assert.equal(await approvedOn.getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the approval refused for its date');
    await approvedOn.fill(today);
    await change.getByRole('button', { name: 'Spara' }).click();
    await change.waitFor({ state: 'detached' });

    await page.getByText('Platsen uppfyller kraven i dag.').waitFor();
    await systems
      .getByRole('row', {
        name: new RegExp(
          `^Reservkraft \\(UPS\\)\\s+Krävs\\s+Finns, ${newHours} timmar, Ny UPS med extra batteripaket\\s+Godkänd ${escapeRegExp(longDate(today))} enligt MSB:s krav`,
        ),
      })
      .waitFor();
    const approvals = page.getByRole('table', { name: 'IT:s godkännanden' });
    await approvals
      .getByRole('row', {
        name: new RegExp(
          `^${escapeRegExp(longDate(today))}\\s+Reservkraft \\(UPS\\)\\s+${newHours} timmar, Ny UPS med extra batteripaket\\s+MSB:s krav\\s+ida\\.drift\\s+Besiktad på plats`,
        ),
      })
      .waitFor();
    assert.equal(await approvals.getByRole('row').count(), 4, 'the header and three approvals');
    await expectAccessible(page, 'the node meeting its requirement');

    // Off the shortfall list.
    await page.getByRole('link', { name: 'Till platserna' }).click();
    await page.getByRole('tab', { name: 'Brister' }).click();
    await page.getByText('Inga platser har brister i dag.').waitFor();
    assert.equal(await page.getByRole('link', { name: SITE }).count(), 0);
    await page.getByRole('tab', { name: 'Alla platser' }).click();
    await page
      .getByRole('table', { name: 'Platser' })
      .getByRole('row', { name: new RegExp(`^${escapeRegExp(SITE)}\\s+Knutpunkt\\s+Hössna kyrkväg 2, Ulricehamn\\s+Ulricehamns kommun\\s+.*Inga$`) })
      .waitFor();
    const list = await agent.json<SiteList>('GET', '/api/v1/sites?shortfalls=only');
    assert.deepEqual(list.body.items, []);
  });

  test('R-5.9: a pool laptop booked afterwards, handed out and returned is charged per started week in the next billing run', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'ida.drift');
    await mainMenu(page).getByRole('link', { name: 'Lånedatorer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Lånedatorer' }).waitFor();
    await page.getByText('Det finns inga datorer i poolen.').waitFor();

    // IT puts the registered laptop in the pool.
    const add = page.getByRole('form', { name: 'Lägg till en dator' });
    await add.getByRole('textbox', { name: 'Serienummer' }).fill(SERIAL);
    await add.getByRole('button', { name: 'Lägg till i poolen' }).click();
    const laptops = page.getByRole('table', { name: 'Datorer i poolen' });
    await laptops
      .getByRole('row', { name: new RegExp(`^${SERIAL}\\s+${escapeRegExp(MODEL)}\\s+Ulricehamns kommun\\s+Finns hos IT\\s+Inga bokningar`) })
      .waitFor();
    await expectAccessible(page, 'the pool with its laptop');

    // Booked afterwards for the school: from eight days ago to yesterday.
    const book = page.getByRole('form', { name: 'Boka en dator' });
    await book.getByRole('combobox', { name: 'Dator' }).selectOption({ label: `${SERIAL} – ${MODEL} (Ulricehamns kommun)` });
    await book.getByRole('combobox', { name: 'Enhet som lånar' }).selectOption({ label: school.name });
    assert.equal(await book.getByLabel('Första dag').inputValue(), today, 'from today unless changed');
    await book.getByLabel('Första dag').fill(day(-8));
    await book.getByLabel('Sista dag').fill(day(-1));
    await expectAccessible(page, 'the booking, filled in');
    await book.getByRole('button', { name: 'Boka datorn' }).click();
    const bookings = page.getByRole('table', { name: 'Bokningar av lånedatorer' });
    const booking = bookings.getByRole('row').filter({ hasText: SERIAL });
    await booking.getByText('Bokad', { exact: true }).waitFor();
    await booking.getByText(`${longDate(day(-8))} – ${longDate(day(-1))}`).waitFor();
    await booking.getByText('8 dagar').waitFor();
    assert.equal(await booking.getByRole('button', { name: `Ta emot ${SERIAL} från ${school.name}` }).count(), 0, 'not out yet');

    // Handed out on its first day: a day before the booking is refused at the field.
    await booking.getByRole('button', { name: `Lämna ut ${SERIAL} till ${school.name}` }).click();
    const handOut = page.getByRole('dialog', { name: `Lämna ut ${SERIAL}` });
    const handOutDate = handOut.getByLabel('Utlämningsdatum');
    assert.equal(await handOutDate.inputValue(), today, 'today unless changed');
    await handOutDate.fill(day(-9));
    await handOut.getByRole('button', { name: 'Lämna ut' }).click();
    await handOut.getByText('lämna ut datorn under bokningen', { exact: false }).waitFor();
    assert.equal(await handOutDate.getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the hand-out refused for its date');
    await handOutDate.fill(day(-8));
    await handOut.getByRole('button', { name: 'Lämna ut' }).click();
    await handOut.waitFor({ state: 'detached' });
    await booking.getByText('Försenad', { exact: true }).waitFor();
    await booking.getByText(`Utlämnad ${longDate(day(-8))}`).waitFor();
    await laptops.getByRole('row', { name: new RegExp(`^${SERIAL}.*Utlånad`) }).waitFor();

    // Its last day was yesterday: it is among the overdue loans.
    await page.getByRole('tab', { name: 'Försenade' }).click();
    await bookings.getByRole('row').filter({ hasText: SERIAL }).getByText('Försenad', { exact: true }).waitFor();
    await expectAccessible(page, 'the overdue loans');
    await page.getByRole('tab', { name: 'Aktuella' }).click();

    // Taken back today.
    await booking.getByRole('button', { name: `Ta emot ${SERIAL} från ${school.name}` }).click();
    const back = page.getByRole('dialog', { name: `Ta emot ${SERIAL}` });
    assert.equal(await back.getByLabel('Återlämningsdatum').inputValue(), today);
    await back.getByRole('button', { name: 'Ta emot' }).click();
    await back.waitFor({ state: 'detached' });
    await booking.getByText('Återlämnad', { exact: true }).waitFor();
    await booking.getByText(`Återlämnad ${longDate(today)}`).waitFor();
    await laptops.getByRole('row', { name: new RegExp(`^${SERIAL}.*Finns hos IT\\s+Inga bokningar`) }).waitFor();
    await expectAccessible(page, 'the returned loan');

    // An economist of Ulricehamn computes next month's run: two started weeks for the school.
    const economist = await suite.newPage(t);
    if (!economist) return;
    await signInToStart(economist, server.url, 'ulla.ekonom');
    await mainMenu(economist).getByRole('link', { name: 'Fakturering', exact: true }).click();
    await economist.getByRole('heading', { level: 1, name: 'Fakturering' }).waitFor();
    const nextMonth = Temporal.PlainDate.from(today).toPlainYearMonth().add({ months: 1 });
    const compute = economist.getByRole('form', { name: 'Beräkna körning' });
    await compute.getByRole('textbox', { name: 'Månad', exact: true }).fill(nextMonth.toString());
    await compute.getByRole('button', { name: 'Beräkna' }).click();
    const monthName = new Intl.DateTimeFormat('sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(nextMonth.year, nextMonth.month - 1, 15)),
    );
    await economist.getByRole('heading', { level: 1, name: `Faktureringskörning Ulricehamns kommun, ${monthName}` }).waitFor();
    await economist.getByRole('region', { name: 'Enheter i körningen' }).getByRole('link', { name: school.code }).click();
    await economist.getByRole('heading', { level: 1, name: `Debiteringsunderlag ${school.name} (${school.code})` }).waitFor();
    await economist.getByRole('row', { name: new RegExp(`^${SERIAL}\\s.*Korttidshyra.*2 veckor\\s+250,00\\skr/vecka\\s+500,00\\skr`) }).waitFor();
  });
});
