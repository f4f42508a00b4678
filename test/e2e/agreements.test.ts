import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Application, ApplicationList, CostModel } from '../../src/agreements/contract.ts';
import type { TestClient, TestContext } from '../support/app.ts';
import { pdfToText } from '../support/poppler.ts';
import { type BrowserSuite, escapeRegExp, expectAccessible, factText, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

/** a model with one driver per heading used, prices in öre per unit and year (as test/api/agreements.test.ts). */
const DRIVERS = [
  { code: 'virtuell-server', label: 'Virtuell server', unit: 'st', heading: 'server', unitPriceOre: 1_200_000 },
  { code: 'databas', label: 'Databas', unit: 'st', heading: 'database', unitPriceOre: 600_000 },
  { code: 'lagring-gb', label: 'Lagring', unit: 'GB', heading: 'storage', unitPriceOre: 250 },
  { code: 'supporttimme', label: 'Support', unit: 'timme', heading: 'support', unitPriceOre: 65_000 },
] as const;

/**
 * Issue 18 in the browser, as of the suite's day (support/clock.ts):
 * (a) an IT strategist of Tranemo registers an application with its agreement — owners, two paying
 *     units sharing 60/40, quantities of the year's cost model and a system sketch of three components
 *     and two relations, drawn as she types — then sees the drawing on the application's page (an
 *     image whose text is the drawing's own title and description), the cost with its arithmetic and
 *     each unit's part, and downloads the agreement as a PDF, read back by poppler;
 * (b) she books the yearly review (date, time, place, the owners invited with one button and one more
 *     by hand), sees it among the booked reviews, records it as held with minutes and a revised
 *     description, and sees version 2 of the agreement on the page;
 * (c) an economist opens the year's cost model, reads what its prices do against last year's per
 *     application and per unit, raises a price and sees the comparison follow; the register offers
 *     finance no "Ny applikation", and the strategist reads the model without changing it.
 *
 * The cost models are made through the API as finance before the browser starts (last year's, copied
 * to this year with a dearer gigabyte, as test/api/agreements.test.ts does). axe-core checks every
 * state (web.ts), and explicitly the register, the application page and the cost model page.
 */
describe('web: application agreements (issue 18)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let strategist: TestClient;
  let year: number;
  let today: string;
  let units: { id: string; code: string; name: string }[];

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    const admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
    const finance = await ctx.userClient({ username: 'eva.ekonom', roles: ['finance'], municipality: 'tranemo' });
    strategist = await ctx.userClient({ username: 'anna.strateg', roles: ['it_strategist'], municipality: 'tranemo' });

    today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.deps.clock.now());
    year = Number(today.slice(0, 4));

    // Last year's model, copied to this year with the gigabyte 2,50 kr → 3,00 kr.
    const last = await finance.json<CostModel>('POST', '/api/v1/agreement-models', { year: year - 1, drivers: DRIVERS });
    assert.equal(last.status, 201, JSON.stringify(last.body));
    const copied = await finance.json<CostModel>('POST', `/api/v1/agreement-models/${year - 1}/copy`, { toYear: year });
    assert.equal(copied.status, 201, JSON.stringify(copied.body));
    const raised = copied.body.drivers.map((d) => (d.code === 'lagring-gb' ? { ...d, unitPriceOre: 300 } : d));
    assert.equal((await finance.json('PUT', `/api/v1/agreement-models/${year}`, { version: copied.body.version, drivers: raised })).status, 200);

    // The system owner: a person of Tranemo with an e-mail address, so the owners can be invited.
    const owner = await admin.json('POST', '/api/v1/people', {
      municipalityId: ctx.municipalities.tranemo,
      firstName: 'Åsa',
      lastName: 'Öberg',
      email: 'asa.oberg@example.se',
      personRole: 'anstalld',
    });
    assert.equal(owner.status, 201, JSON.stringify(owner.body));
    units = (
      await admin.json<{ items: { id: string; code: string; name: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`)
    ).body.items
      .filter((u) => u.code)
      .slice(0, 2);
    assert.equal(units.length, 2);
  });

  after(async () => {
    await suite?.close();
  });

  const signInAs = (page: Page, username: string) => signInToStart(page, server.url, username);
  const menu = mainMenu;
  const unitLabel = (u: { code: string; name: string }) => `${u.name} (${u.code})`;
  const application = async (): Promise<Application> => {
    const list = await strategist.json<ApplicationList>('GET', '/api/v1/applications');
    const head = list.body.items.find((a) => a.name === 'Skolplattformen');
    assert.ok(head, 'the application is registered');
    return (await strategist.json<Application>('GET', `/api/v1/applications/${head.id}`)).body;
  };
  const SKETCH_TITLE = 'Systemskiss för Skolplattformen: 3 delar och 2 kopplingar';

  test('issue 18 (a): an IT strategist registers an application with a three-part sketch, sees it drawn and downloads the agreement as PDF', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'anna.strateg');
    await menu(page).getByRole('link', { name: 'Applikationer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Applikationer' }).waitFor();
    await page.getByText('Det finns inga applikationer ännu.').waitFor();
    await expectAccessible(page, 'the empty register');

    await page.getByRole('link', { name: 'Ny applikation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ny applikation' }).waitFor();
    const form = page.getByRole('form', { name: 'Ny applikation' });
    await form.getByRole('textbox', { name: 'Namn', exact: true }).fill('Skolplattformen');
    await form.getByRole('radio', { name: 'Applikationsavtal' }).check();

    // Owners: the system owner by person (searched), the business owner by role.
    await form.getByRole('searchbox', { name: 'Sök systemägare' }).fill('Öberg');
    const systemOwner = form.getByRole('combobox', { name: 'Systemägare' });
    await systemOwner.locator('option', { hasText: 'Åsa Öberg' }).waitFor({ state: 'attached' });
    await systemOwner.selectOption({ label: 'Åsa Öberg (asa.oberg@example.se)' });
    await form.getByRole('group', { name: 'Verksamhetsansvarig' }).getByRole('textbox', { name: 'Roll' }).fill('Skolchef');

    // Two paying units, 60 % and 40 %; the sum is said as it changes.
    const [first, second] = units as [(typeof units)[0], (typeof units)[0]];
    const payer1 = form.getByRole('group', { name: 'Betalande enhet 1' });
    await payer1.getByRole('combobox', { name: 'Enhet' }).selectOption({ label: unitLabel(first) });
    await payer1.getByRole('textbox', { name: 'Andel (%)' }).fill('60');
    await form.getByRole('status').filter({ hasText: 'Summa: 60 %' }).waitFor();
    await form.getByRole('button', { name: 'Lägg till enhet' }).click();
    const payer2 = form.getByRole('group', { name: 'Betalande enhet 2' });
    await payer2.getByRole('combobox', { name: 'Enhet' }).selectOption({ label: unitLabel(second) });
    await payer2.getByRole('textbox', { name: 'Andel (%)' }).fill('40');
    await form.getByRole('status').filter({ hasText: 'Summa: 100 %' }).waitFor();

    // The agreement: description, responsibilities and quantities of this year's model.
    await form.getByRole('textbox', { name: 'Beskrivning', exact: true }).fill('Lärplattform för grundskolan');
    await form.getByRole('textbox', { name: 'IT:s ansvar (teknisk systemförvaltning)' }).fill('Drift, säkerhetskopiering och uppgraderingar');
    await form.getByRole('textbox', { name: 'Verksamhetens ansvar (systemförvaltning)' }).fill('Behörigheter, utbildning och förvaltningsplan');
    await form.getByRole('textbox', { name: 'Virtuell server (st)' }).fill('2');
    await form.getByRole('textbox', { name: 'Lagring (GB)' }).fill('1000');
    await form
      .getByRole('status')
      .filter({ hasText: `Årskostnad ${year}: 27 000,00 kr` })
      .waitFor();

    // The sketch: three components and two relations, edited as rows.
    const parts: [string, string][] = [
      ['Klient', 'Webbläsare'],
      ['Server', 'Appserver'],
      ['Databas', 'Databas'],
    ];
    for (const [i, [kind, name]] of parts.entries()) {
      await form.getByRole('button', { name: 'Lägg till del' }).click();
      const part = form.getByRole('group', { name: `Del ${i + 1}` });
      await part.getByRole('combobox', { name: 'Typ av del' }).selectOption({ label: kind });
      await part.getByRole('textbox', { name: 'Namn på delen' }).fill(name);
    }
    const relations: [string, string, string][] = [
      ['Webbläsare', 'Appserver', 'HTTPS'],
      ['Appserver', 'Databas', 'SQL'],
    ];
    for (const [i, [from, to, label]] of relations.entries()) {
      await form.getByRole('button', { name: 'Lägg till koppling' }).click();
      const relation = form.getByRole('group', { name: `Koppling ${i + 1}` });
      await relation.getByRole('combobox', { name: 'Från' }).selectOption({ label: from });
      await relation.getByRole('combobox', { name: 'Till' }).selectOption({ label: to });
      await relation.getByRole('textbox', { name: 'Beskrivning av kopplingen' }).fill(label);
    }
    // The preview is the server's drawing; its text alternative is the drawing's own title and description.
    const preview = form.getByRole('img', { name: new RegExp(`^${escapeRegExp(SKETCH_TITLE)}\\.`) });
    await preview.waitFor();
    assert.match((await preview.getAttribute('alt')) ?? '', /Webbläsare \(klient\).*Appserver till Databas \(SQL\)/);
    await expectAccessible(page, 'the new application form, filled in');

    await form.getByRole('button', { name: 'Registrera applikationen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Skolplattformen' }).waitFor();
    await page.getByText('Skolplattformen är registrerad.').waitFor();
    assert.equal(await factText(page, 'Status'), 'Under upprättande');
    assert.equal(await factText(page, 'Systemägare'), 'Åsa Öberg');
    assert.equal(await factText(page, 'Verksamhetsansvarig'), 'Skolchef');
    assert.match(await factText(page, 'Avtalsversion'), /^Version 1, /);

    // The agreement, the cost with its arithmetic per heading, and who pays what.
    const agreement = page.getByRole('region', { name: 'Avtalet (version 1)' });
    await agreement.getByText('Lärplattform för grundskolan').waitFor();
    await agreement.getByText('Drift, säkerhetskopiering och uppgraderingar').waitFor();
    const cost = page.getByRole('region', { name: `Kostnad ${year} per rubrik` });
    await cost.getByRole('row', { name: /^Server\s+Virtuell server: 2 st × 12\s000,00\skr = 24\s000,00\skr\s+24\s000,00\skr$/ }).waitFor();
    await cost.getByRole('row', { name: /^Lagring\s+Lagring: 1\s000 GB × 3,00\skr = 3\s000,00\skr\s+3\s000,00\skr$/ }).waitFor();
    await cost.getByRole('row', { name: /^Backup\s+Ingen kostnad\s+0,00\skr$/ }).waitFor();
    await cost.getByRole('row', { name: new RegExp(`^Årskostnad ${year}\\s+27\\s000,00\\skr$`) }).waitFor();
    const payers = page.getByRole('region', { name: `Betalande enheter ${year}` });
    await payers.getByRole('row', { name: new RegExp(`^${escapeRegExp(first.name)}\\s+60\\s%\\s+16\\s200,00\\skr$`) }).waitFor();
    await payers.getByRole('row', { name: new RegExp(`^${escapeRegExp(second.name)}\\s+40\\s%\\s+10\\s800,00\\skr$`) }).waitFor();

    // The sketch drawn on the page, the same drawing as the PDF's.
    const drawing = page.getByRole('region', { name: 'Systemskiss' }).getByRole('img');
    await drawing.waitFor();
    const alt = (await drawing.getAttribute('alt')) ?? '';
    assert.ok(alt.startsWith(`${SKETCH_TITLE}. Delar: Webbläsare (klient), `), alt);
    for (const name of ['Appserver (server)', 'Databas (databas)', 'Webbläsare till Appserver (HTTPS)']) assert.ok(alt.includes(name), name);
    assert.ok(await drawing.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the drawing is shown');
    const svg = decodeURIComponent(((await drawing.getAttribute('src')) ?? '').replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    assert.match(svg, new RegExp(`<title[^>]*>${escapeRegExp(SKETCH_TITLE)}</title>`));
    await page
      .getByRole('region', { name: 'Versioner' })
      .getByRole('row', { name: /Version 1 \(gäller\).*Första versionen/ })
      .waitFor();
    await expectAccessible(page, 'the application page');

    // The agreement as PDF, downloaded as the browser does and read back by poppler.
    const link = page.getByRole('link', { name: 'Ladda ner avtal (PDF)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const text = pdfToText(new Uint8Array(readFileSync(file)), { layout: false }).replace(/\s+/g, ' ');
    for (const expected of [
      'Applikationsavtal: Skolplattformen',
      'Lärplattform för grundskolan',
      'IT:s ansvar (teknisk systemförvaltning)',
      '2 st × 12 000,00 kr',
      '1 000 GB × 3,00 kr',
      'Webbläsare',
      'Appserver',
    ]) {
      assert.ok(text.includes(expected), `the PDF says "${expected}"`);
    }
  });

  test('issue 18 (b): the strategist books the yearly review, holds it with minutes and a revised description, and sees version 2', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    const app = await application();
    // A week from the suite's day, in Stockholm.
    const day = new Date(`${today}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 7);
    const date = day.toISOString().slice(0, 10);

    await signInAs(page, 'anna.strateg');
    await page.goto(`${server.url}/applikationer/${app.id}`);
    await page.getByRole('heading', { level: 1, name: 'Skolplattformen' }).waitFor();
    await page.getByRole('region', { name: 'Genomgångar' }).getByText('Inga genomgångar ännu.').waitFor();

    await page.getByRole('group', { name: 'Åtgärder' }).getByRole('button', { name: 'Boka genomgång' }).click();
    const booking = page.getByRole('dialog', { name: 'Boka årlig genomgång' });
    await booking.getByLabel('Datum').fill(date);
    await booking.getByLabel('Börjar').fill('09:00');
    await booking.getByLabel('Slutar').fill('10:30');
    await booking.getByRole('textbox', { name: 'Plats' }).fill('Ljuset, Tranemo');
    // The owners named by person are invited with one button; the business owner (a role) by hand.
    await booking.getByRole('button', { name: 'Bjud in de ansvariga' }).click();
    const firstInvitee = booking.getByRole('group', { name: 'Inbjuden 1' });
    await firstInvitee.getByRole('textbox', { name: 'E-post' }).and(page.locator('[value="asa.oberg@example.se"]')).waitFor();
    assert.equal(await firstInvitee.getByRole('textbox', { name: 'Namn' }).inputValue(), 'Åsa Öberg');
    await booking.getByRole('button', { name: 'Lägg till inbjuden' }).click();
    const secondInvitee = booking.getByRole('group', { name: 'Inbjuden 2' });
    await secondInvitee.getByRole('textbox', { name: 'Namn' }).fill('Skolchef');
    await secondInvitee.getByRole('textbox', { name: 'E-post' }).fill('skolchef@example.se');
    await booking.getByRole('button', { name: 'Boka och skicka inbjudningar' }).click();
    await booking.waitFor({ state: 'detached' });
    await page.getByText(/^Genomgången är bokad till .* och inbjudningarna skickas\.$/).waitFor();

    const reviews = page.getByRole('region', { name: 'Genomgångar' });
    const review = reviews.getByRole('region', { name: /^Genomgång / });
    await review.getByText('Bokad', { exact: true }).waitFor();
    assert.equal(await factText(page, 'Tid'), '09:00–10:30');
    assert.equal(await factText(page, 'Plats'), 'Ljuset, Tranemo');
    assert.equal(await factText(page, 'Inbjudna'), 'Åsa Öberg och Skolchef');
    const [queued] = await ctx.database.query<{ n: string }>("select count(*)::text as n from mail_outbox where subject like '%Skolplattformen%'");
    assert.equal(queued?.n, '2', 'an invitation to each invitee');

    // The reviews overview lists it as booked.
    await menu(page).getByRole('link', { name: 'Avtalsgenomgångar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Avtalsgenomgångar' }).waitFor();
    await page
      .getByRole('region', { name: 'Bokade genomgångar, Tranemo kommun' })
      .getByRole('row', { name: /Skolplattformen.*Ljuset, Tranemo.*Åsa Öberg, Skolchef/ })
      .waitFor();
    await page.getByRole('link', { name: 'Skolplattformen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Skolplattformen' }).waitFor();

    // Held: the minutes and the agreement as revised at the review, a new version.
    await review.getByRole('button', { name: 'Registrera som hållen' }).click();
    const hold = page.getByRole('dialog', { name: 'Registrera genomgången som hållen' });
    assert.equal(await hold.getByLabel('Hölls').inputValue(), date, 'held on the day booked');
    await hold.getByRole('textbox', { name: 'Protokoll' }).fill('Avtalet gicks igenom. Gymnasiet börjar använda plattformen.');
    await hold.getByRole('textbox', { name: 'Beskrivning', exact: true }).fill('Lärplattform för grundskolan och gymnasiet');
    await hold.getByRole('textbox', { name: 'Vad har ändrats' }).fill('Gymnasiet tillkommer efter årets genomgång');
    await hold.getByRole('img', { name: new RegExp(`^${escapeRegExp(SKETCH_TITLE)}\\.`) }).waitFor();
    await hold.getByRole('button', { name: 'Spara genomgången' }).click();
    await hold.waitFor({ state: 'detached' });
    await page.getByText('Genomgången är registrerad som hållen. Avtalet har nu version 2.').waitFor();

    const revised = page.getByRole('region', { name: 'Avtalet (version 2)' });
    await revised.getByText('Lärplattform för grundskolan och gymnasiet').waitFor();
    assert.match(await factText(page, 'Avtalsversion'), /^Version 2, /);
    const versions = page.getByRole('region', { name: 'Versioner' });
    await versions.getByRole('row', { name: /Version 2 \(gäller\).*Gymnasiet tillkommer efter årets genomgång/ }).waitFor();
    await versions.getByRole('row', { name: /^Version 1 .*Första versionen/ }).waitFor();
    await review.getByText('Hållen', { exact: true }).waitFor();
    assert.equal(await factText(page, 'Gav'), 'Version 2');
    assert.equal(await factText(page, 'Protokoll'), 'Avtalet gicks igenom. Gymnasiet börjar använda plattformen.');
    assert.equal(await review.getByRole('button', { name: 'Registrera som hållen' }).count(), 0, 'a held review is not held again');
    // The drawing is unchanged: the sketch was kept at the review.
    await page
      .getByRole('region', { name: 'Systemskiss' })
      .getByRole('img', { name: new RegExp(`^${escapeRegExp(SKETCH_TITLE)}\\.`) })
      .waitFor();
    await expectAccessible(page, 'the application page after the review');
  });

  test('issue 18 (c): an economist compares this year’s model with last year’s and raises a price; the strategist only reads the model', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'eva.ekonom');
    await menu(page).getByRole('link', { name: 'Applikationer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Applikationer' }).waitFor();
    await page.getByRole('row', { name: new RegExp(`Skolplattformen.*Applikationsavtal.*Under upprättande.*27\\s000,00\\skr`) }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Ny applikation' }).count(), 0, 'finance registers no applications');
    await expectAccessible(page, 'the register with an application');

    await menu(page).getByRole('link', { name: 'Kostnadsmodell' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kostnadsmodell' }).waitFor();
    await page.getByRole('link', { name: `Kostnadsmodell ${year}` }).click();
    await page.getByRole('heading', { level: 1, name: `Kostnadsmodell ${year}` }).waitFor();
    await page.getByText(`Kopierad från modellen för ${year - 1}.`).waitFor();

    // Against last year's model: the gigabyte went from 2,50 kr to 3,00 kr, 1 000 GB → +500 kr.
    const perApplication = page.getByRole('region', { name: 'Per applikation' });
    await perApplication.getByRole('row', { name: /^Skolplattformen\s+26\s500,00\skr\s+27\s000,00\skr\s+\+500,00\skr$/ }).waitFor();
    const perUnit = page.getByRole('region', { name: 'Per betalande enhet' });
    await perUnit
      .getByRole('row', { name: new RegExp(`^${escapeRegExp(units[0]!.name)}\\s+15\\s900,00\\skr\\s+16\\s200,00\\skr\\s+\\+300,00\\skr$`) })
      .waitFor();
    await perUnit.getByRole('row', { name: /^Totalt\s+26\s500,00\skr\s+27\s000,00\skr\s+\+500,00\skr$/ }).waitFor();
    await expectAccessible(page, 'the cost model page');

    // A server costs 13 000 kr from now: saved, and the comparison follows (+2 000 kr for two servers).
    const server1 = page.getByRole('group', { name: 'Kostnadsdrivare 1: Virtuell server' });
    await server1.getByRole('textbox', { name: 'Styckpris per år (kr)' }).fill('13 000');
    await page.getByRole('button', { name: 'Spara modellen' }).click();
    await page.getByText(`Kostnadsmodellen för ${year} är sparad.`).waitFor();
    await perApplication.getByRole('row', { name: /^Skolplattformen\s+26\s500,00\skr\s+29\s000,00\skr\s+\+2\s500,00\skr$/ }).waitFor();

    // The strategist reads the model and is told why she cannot change it.
    const reader = await suite.newPage(t);
    if (!reader) return;
    await signInAs(reader, 'anna.strateg');
    await reader.goto(`${server.url}/applikationer/kostnadsmodell/${year}`);
    await reader.getByRole('heading', { level: 1, name: `Kostnadsmodell ${year}` }).waitFor();
    await reader.getByText('Du kan inte ändra modellen: bara ekonomi ändrar kostnadsmodellen.').waitFor();
    await reader
      .getByRole('region', { name: 'Kostnadsdrivare och styckpriser' })
      .getByRole('row', { name: /Virtuell server.*Server.*st.*13\s000,00\skr per st/ })
      .waitFor();
    assert.equal(await reader.getByRole('button', { name: 'Spara modellen' }).count(), 0);
    assert.equal(await reader.getByRole('button', { name: 'Kopiera modellen' }).count(), 0);
  });
});
