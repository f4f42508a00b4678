import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Page } from 'playwright-core';
import type { AvailabilityReport, ItFunctionList, OutageList } from '../../src/operations/contract.ts';
import { now } from '../../src/platform/clock.ts';
import type { TestClient, TestContext } from '../support/app.ts';
import { type BrowserSuite, expectAccessible, startBrowserSuite, itCategoryIds, mainMenu, openTicketPage, signInToStart } from './web.ts';

const SUBJECT = 'E-posten går inte att nå på kommunhuset';
const PUBLIC_TEXT = 'E-posten går inte att nå. Ring it-servicedesken om det är akut.';
const RESOLVED_TEXT = 'E-posten fungerar igen sedan servern startats om.';

/**
 * Issue 19 in the browser, as of the suite's day (support/clock.ts): a call
 * about mail that affects operations came in to Tranemo two hours ago. A third-line technician opens
 * the ticket, starts an outage from it with the IT function "E-post", publishes a disruption from the
 * outage's page, and the public operations page of Tranemo (no sign-in) and its Atom feed, read by a
 * feed parser, show it — Ulricehamn's page does not. The technician ends the outage with a text that
 * it is solved: the public page says "Åtgärdat" with that text, and the year's availability report
 * counts the outage among the year's outages and incidents, with the function's downtime below 100 %.
 * axe-core checks every state (web.ts), the public page included.
 */
describe('web: operations — from a ticket to a published disruption and the year report (issue 19)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let technician: TestClient;
  let ticket: { id: string; number: string };
  let mailFunction: string;

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    technician = await ctx.userClient({ username: 'tina.tekniker', roles: ['agent'], municipality: null, team: 'infrastruktur', line: 3 });
    const categoryId = await itCategoryIds(technician);
    const functions = await technician.json<ItFunctionList>('GET', '/api/v1/it-functions');
    const mail = functions.body.items.find((f) => /e-post/i.test(f.name));
    assert.ok(mail, 'the mission’s IT functions include mail');
    mailFunction = mail.name;
    const created = await technician.json<{ id: string; number: string }>('POST', '/api/v1/tickets', {
      municipalityId: ctx.municipalities.tranemo,
      categoryId: categoryId('fel'),
      subject: SUBJECT,
      description: 'Ingen på kommunhuset kommer åt sin e-post.',
      affectsOperations: true,
      receivedAt: new Date(now().getTime() - 2 * 3_600_000).toISOString(),
      onBehalfOf: { name: 'Receptionen', phone: '0325-123 45' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ticket = created.body;
  });

  after(async () => {
    await suite?.close();
  });

  const year = () => Number(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(now()));

  async function publicFeedTitles(code: string): Promise<string[]> {
    const res = await fetch(`${server.url}/api/v1/public/operations/${code}/atom`);
    assert.equal(res.status, 200);
    const feed = parseFeed(await res.text());
    return feed.items.map((i) => i.title ?? '');
  }

  test('issue 19: a technician starts an outage from a ticket, publishes it, the public page and feed show it, and once ended the year report counts it', async (t) => {
    const page: Page | undefined = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'tina.tekniker');
    await openTicketPage(page, server.url, ticket, SUBJECT);

    // The ticket affects operations: "Starta avbrott" registers an ongoing outage from it.
    await page.getByRole('button', { name: 'Starta avbrott' }).click();
    const start = page.getByRole('dialog', { name: 'Starta avbrott från ärendet' });
    await start.getByRole('checkbox', { name: mailFunction, exact: true }).check();
    await start.getByRole('button', { name: 'Starta avbrottet' }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await page.getByText('Pågår fortfarande').waitFor();
    await page.getByRole('link', { name: `Ärende ${ticket.number}: ${SUBJECT}` }).waitFor();
    await expectAccessible(page, 'the ongoing outage');

    // Published as a disruption in Tranemo.
    await page.getByRole('button', { name: 'Publicera driftstörning' }).click();
    const publish = page.getByRole('dialog', { name: 'Publicera driftstörning' });
    await publish.getByRole('textbox', { name: 'Text till verksamheten' }).fill(PUBLIC_TEXT);
    await publish.getByRole('button', { name: 'Publicera' }).click();
    await publish.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Driftmeddelanden' }).getByText('Pågår').waitFor();

    // The public page (no sign-in) and the feed show it; Ulricehamn's do not.
    const visitor = await page.context().browser()!.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    try {
      const publicPage = await visitor.newPage();
      await publicPage.goto(`${server.url}/drift/tranemo`);
      await publicPage.getByRole('heading', { level: 1, name: /Tranemo/ }).waitFor();
      await publicPage.getByText(PUBLIC_TEXT).waitFor();
      const titles = await publicFeedTitles('tranemo');
      assert.equal(titles.length, 1, JSON.stringify(titles));
      assert.match(titles[0]!, /E-post/);
      assert.deepEqual(await publicFeedTitles('ulricehamn'), []);
      await publicPage.goto(`${server.url}/drift/ulricehamn`);
      await publicPage.getByRole('heading', { level: 1, name: /Ulricehamn/ }).waitFor();
      assert.equal(await publicPage.getByText(PUBLIC_TEXT).count(), 0);

      // Ended with a text that it is solved: the message is resolved with it.
      await page.getByRole('button', { name: 'Avsluta avbrott' }).click();
      const end = page.getByRole('dialog', { name: 'Avsluta avbrottet' });
      await end.getByRole('textbox', { name: 'Text om att det är löst' }).fill(RESOLVED_TEXT);
      await end.getByRole('button', { name: 'Avsluta avbrottet' }).click();
      await end.waitFor({ state: 'detached' });
      await page.getByRole('region', { name: 'Driftmeddelanden' }).getByText('Åtgärdat').waitFor();
      assert.equal(await page.getByText('Pågår fortfarande').count(), 0);

      // The page may be kept up to a minute (Cache-Control); a reload asks the server again (ETag).
      await publicPage.goto(`${server.url}/drift/tranemo`);
      await publicPage.reload();
      await publicPage.getByText(RESOLVED_TEXT).waitFor();
      await publicPage.getByText('Åtgärdat', { exact: false }).first().waitFor();
    } finally {
      await visitor.close();
    }

    // The year's availability report counts it.
    await mainMenu(page).getByRole('link', { name: 'Drift', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Drift och tillgänglighet' }).waitFor();
    await page
      .getByRole('table', { name: `Avbrott ${year()}` })
      .getByRole('link', { name: SUBJECT })
      .waitFor();
    await page.getByRole('tab', { name: 'Tillgänglighet' }).click();
    const counted = page.getByRole('table', { name: `Avbrott och it-incidenter som räknas ${year()}` });
    await counted.getByText(SUBJECT).waitFor();
    await expectAccessible(page, 'the availability report');

    // The same figure through the API: the function's downtime in Tranemo is the outage's length.
    const outages = await technician.json<OutageList>('GET', `/api/v1/outages?year=${year()}`);
    const outage = outages.body.items.find((o) => o.title === SUBJECT);
    assert.ok(outage && !outage.ongoing);
    assert.ok(outage.minutes >= 120, `about two hours: ${outage.minutes}`);
    const report = await technician.json<AvailabilityReport>('GET', `/api/v1/availability?year=${year()}`);
    const fn = outage.functions[0];
    assert.equal(fn?.name, mailFunction);
    const pair = report.body.wholeYear.pairs.find((p) => p.municipalityId === ctx.municipalities.tranemo && p.functionId === fn.id);
    assert.ok(pair, JSON.stringify(report.body.wholeYear.pairs.slice(0, 2)));
    assert.equal(pair.downtimeMinutes, outage.minutes);
    assert.ok(pair.withoutWindows !== null && pair.withoutWindows < 1);
  });
});
