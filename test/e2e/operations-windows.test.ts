import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ItFunctionList, PublicMessages, ServiceWindowPlan } from '../../src/operations/contract.ts';
import { now } from '../../src/platform/clock.ts';
import type { TestClient } from '../support/app.ts';
import { type BrowserSuite, expectAccessible, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

type PlanWindow = ServiceWindowPlan['windows'][number];

const TITLE = 'Uppdatering av e-postservern';
const PUBLIC_TEXT = 'E-posten går inte att nå under arbetet. Skicka viktiga meddelanden före kl. 18.';
const SECONDARY_TITLE = 'Byte av brandvägg';

/**
 * Issue 19, R-2.5 in the browser, as of the suite's day (support/clock.ts): a third-line technician
 * opens Drift → Servicefönster, plans work in the next primary window (found from the calendar's plan
 * as of `now()`, never a fixed date) for Tranemo's mail, sees it listed as planned, announces it, and
 * Tranemo's public operations list (JSON, no sign-in) shows it as coming planned work. Choosing the
 * secondary window instead asks why not the primary one before anything is sent. axe-core checks
 * every state (web.ts).
 */
describe('web: operations — work planned in a service window and announced (issue 19, R-2.5)', () => {
  let suite: BrowserSuite;
  let server: BrowserSuite['server'];
  let technician: TestClient;
  let primary: PlanWindow;
  let secondary: PlanWindow;
  let mailFunction: string;

  const yearOf = (d: Date) => Number(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(d));

  before(async () => {
    suite = await startBrowserSuite();
    server = suite.server;
    const { ctx } = suite;
    technician = await ctx.userClient({ username: 'tina.tekniker', roles: ['agent'], municipality: null, team: 'infrastruktur', line: 3 });
    // The next primary window from today, and the secondary window after it (this year's or next).
    const windows: PlanWindow[] = [];
    for (const year of [yearOf(now()), yearOf(now()) + 1]) {
      const plan = await technician.json<ServiceWindowPlan>('GET', `/api/v1/service-windows/plan?year=${year}`);
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      windows.push(...plan.body.windows);
    }
    const at = windows.findIndex((w) => w.kind === 'primary' && Date.parse(w.startsAt) > now().getTime());
    assert.ok(at >= 0, 'a primary window lies ahead');
    primary = windows[at]!;
    const next = windows.slice(at + 1).find((w) => w.kind === 'secondary');
    assert.ok(next, 'a secondary window follows the primary');
    secondary = next;
    const functions = await technician.json<ItFunctionList>('GET', '/api/v1/it-functions');
    const mail = functions.body.items.find((f) => /e-post/i.test(f.name) && f.municipalities.some((m) => m.id === ctx.municipalities.tranemo));
    assert.ok(mail, 'mail is measured in Tranemo');
    mailFunction = mail.name;
  });

  after(async () => {
    await suite?.close();
  });

  test('R-2.5: a technician plans work in the next primary window, announces it on the public list, and the secondary window asks why', async (t) => {
    const page: Page | undefined = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'tina.tekniker');
    await mainMenu(page).getByRole('link', { name: 'Drift', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Drift och tillgänglighet' }).waitFor();
    await page.getByRole('tab', { name: 'Servicefönster' }).click();

    const year = Number(primary.date.slice(0, 4));
    if (year !== yearOf(now())) await page.getByRole('combobox', { name: 'År' }).selectOption(String(year));
    const table = page.getByRole('table', { name: `Servicefönster ${year}` });
    await table.waitFor();

    // Planned in the next primary window: the whole window, mail down, in Tranemo.
    await page.getByRole('button', { name: 'Planera arbete', exact: true }).click();
    const plan = page.getByRole('dialog', { name: 'Planera arbete i servicefönster' });
    await plan.getByRole('combobox', { name: 'Servicefönster' }).selectOption(primary.date);
    await plan.getByRole('textbox', { name: 'Rubrik' }).fill(TITLE);
    await plan.getByRole('textbox', { name: 'Text till verksamheten' }).fill(PUBLIC_TEXT);
    await plan.getByRole('checkbox', { name: 'Tranemo kommun', exact: true }).check();
    await plan.getByRole('checkbox', { name: mailFunction, exact: true }).check();
    if (primary.onClosedDay) await plan.getByRole('checkbox', { name: /Jag bekräftar/ }).check();
    assert.equal(await plan.getByRole('textbox', { name: 'Varför inte det primära fönstret' }).count(), 0, 'no reason asked for the primary window');
    await plan.getByRole('button', { name: 'Planera arbetet' }).click();
    await plan.waitFor({ state: 'detached' });

    const item = table.getByRole('listitem').filter({ hasText: TITLE });
    await item.getByText('Planerat', { exact: true }).waitFor();
    await item.getByText('Hela fönstret').waitFor();
    await item.getByText(mailFunction).waitFor();
    await expectAccessible(page, 'the planned work in its window');

    // Announced: the public list of Tranemo shows it as coming planned work.
    await item.getByRole('button', { name: `Annonsera ${TITLE}` }).click();
    const announce = page.getByRole('dialog', { name: 'Annonsera planerat arbete' });
    await announce.getByText(PUBLIC_TEXT).waitFor();
    await announce.getByRole('button', { name: 'Annonsera', exact: true }).click();
    await announce.waitFor({ state: 'detached' });
    await item.getByText('Annonserat', { exact: true }).waitFor();
    assert.equal(await item.getByRole('button', { name: `Annonsera ${TITLE}` }).count(), 0, 'announced once');

    const res = await fetch(`${server.url}/api/v1/public/operations/tranemo`);
    assert.equal(res.status, 200);
    const list = (await res.json()) as PublicMessages;
    const message = list.items.find((m) => m.title === TITLE);
    assert.ok(message, JSON.stringify(list.items.map((m) => m.title)));
    assert.equal(message.kind, 'planned');
    assert.equal(message.state, 'upcoming');
    assert.equal(message.body, PUBLIC_TEXT);
    assert.equal(Date.parse(message.startsAt), Date.parse(primary.startsAt), 'the whole window');
    assert.equal(Date.parse(message.expectedEndAt ?? ''), Date.parse(primary.endsAt));

    // The secondary window: the reason the primary could not be used is asked for before sending.
    await page.getByRole('button', { name: 'Planera arbete', exact: true }).click();
    const second = page.getByRole('dialog', { name: 'Planera arbete i servicefönster' });
    await second.getByRole('combobox', { name: 'Servicefönster' }).selectOption(secondary.date);
    await second.getByText('Det här är ett sekundärt fönster.', { exact: false }).waitFor();
    await second.getByRole('textbox', { name: 'Rubrik' }).fill(SECONDARY_TITLE);
    await second.getByRole('checkbox', { name: 'Tranemo kommun', exact: true }).check();
    if (secondary.onClosedDay) await second.getByRole('checkbox', { name: /Jag bekräftar/ }).check();
    await second.getByRole('button', { name: 'Planera arbetet' }).click();
    await second.getByText('Fyll i varför inte det primära fönstret.').waitFor();
    const reason = second.getByRole('textbox', { name: 'Varför inte det primära fönstret' });
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the secondary window asking why');
    await second.getByRole('button', { name: 'Avbryt' }).click();
    await second.waitFor({ state: 'detached' });
    assert.equal(await table.getByText(SECONDARY_TITLE).count(), 0, 'nothing was planned in the secondary window');
  });
});
