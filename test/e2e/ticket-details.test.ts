import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import type { TestClient, TestContext } from '../support/app.ts';
import { type BrowserSuite, expectAccessible, itCategoryIds, openTicketPage, signInToStart, startBrowserSuite } from './web.ts';
import { now } from '../../src/platform/clock.ts';

/**
 * Issue 16, the last items of "Hardening" for tickets: SLA and status badges are whole at 1366 px
 * (the queue and a ticket), an agent sets a ticket's unit on the ticket page, a call registered
 * afterwards keeps the time it came (and a time in the future is refused), and the ticket forms check
 * their required fields before they send anything. The suite runs as of the test clock
 * (support/clock.ts); every date here is counted from it, never from the wall clock.
 */

interface ApiTicket {
  id: string;
  number: string;
  version: number;
  status: string;
  unit: { id: string; code: string; name: string } | null;
  receivedAt: string;
  onCall: boolean;
}

const LAPTOP = { width: 1366, height: 768 };
const ZONE = 'Europe/Stockholm';
/** As the app shows an instant (web/src/format.ts formatDateTime). */
const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'medium' });

/** The Stockholm calendar date `days` from the suite's today, as yyyy-mm-dd. */
function stockholmDate(days: number): string {
  return Temporal.Instant.fromEpochMilliseconds(now().getTime()).toZonedDateTimeISO(ZONE).toPlainDate().add({ days }).toString();
}

/** A local Stockholm date and time ("2026-12-02T21:15") as an instant. */
function stockholmInstant(local: string): Date {
  return new Date(Temporal.PlainDateTime.from(local).toZonedDateTime(ZONE).epochMilliseconds);
}

/** The POSTs the page sends to paths matching `path`, counted from now on. */
function postsTo(page: Page, path: RegExp): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && path.test(new URL(r.url()).pathname)) seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

/**
 * Every Mantine badge inside `scope`, and what is wrong with each: its label's text does not fit
 * (scrollWidth > clientWidth: an ellipsis or clipped text), the badge reaches outside its table cell
 * (or, outside a table, its section), or an element that clips (a sideways-scrolling table, hidden
 * overflow) or the window hides part of it.
 */
async function badges(scope: Locator): Promise<{ text: string; problem: string | null }[]> {
  // No named functions inside: tsx would wrap them in a __name helper the page does not have.
  return scope.evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('.mantine-Badge-root')].map((badge) => {
      const label = badge.querySelector<HTMLElement>('.mantine-Badge-label') ?? badge;
      const text = (badge.textContent ?? '').trim();
      const problem = (() => {
        if (label.scrollWidth > label.clientWidth) return `label cut off: ${label.scrollWidth} px of text in ${label.clientWidth} px`;
        if (badge.scrollWidth > badge.clientWidth) return `badge cut off: ${badge.scrollWidth} px of content in ${badge.clientWidth} px`;
        const box = badge.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return 'not shown';
        const container = badge.closest('td, th') ?? badge.closest('section') ?? badge.parentElement;
        if (container) {
          const c = container.getBoundingClientRect();
          if (box.left < c.left - 0.5 || box.right > c.right + 0.5 || box.top < c.top - 0.5 || box.bottom > c.bottom + 0.5) {
            return `outside its <${container.tagName.toLowerCase()} class="${container.className}"> (badge ${Math.round(box.left)}–${Math.round(box.right)} px, container ${Math.round(c.left)}–${Math.round(c.right)} px)`;
          }
        }
        if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
          return `outside the window (${Math.round(box.left)}–${Math.round(box.right)} px of ${window.innerWidth})`;
        }
        for (let a = badge.parentElement; a; a = a.parentElement) {
          if (getComputedStyle(a).overflowX === 'visible') continue;
          const outer = a.getBoundingClientRect();
          if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) {
            return `hidden by <${a.tagName.toLowerCase()} class="${a.className}"> (badge ${Math.round(box.left)}–${Math.round(box.right)} px, visible ${Math.round(outer.left)}–${Math.round(outer.right)} px)`;
          }
        }
        return null;
      })();
      return { text, problem };
    }),
  );
}

/** Asserts that every badge in `scope` is whole; answers their texts. */
async function everyBadgeWhole(scope: Locator, where: string): Promise<string[]> {
  const found = await badges(scope);
  assert.ok(found.length > 0, `${where}: badges to check`);
  const bad = found.filter((b) => b.problem !== null).map((b) => `"${b.text}": ${b.problem ?? ''}`);
  assert.deepEqual(bad, [], `${where} at ${LAPTOP.width} px: ${bad.join('; ')}`);
  return found.map((b) => b.text);
}

describe('web: ticket details (issue 16)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let agentApi: TestClient;
  let categoryId: (code: string) => string;
  const AGENT = 'forsta.linjen';
  const CALLER = { name: 'Nattsköterska Nina Karlsson-Öberg', phone: '0325-123 45' };

  /** A call registered by the agent through the API, as of `receivedAt` (default now). */
  async function call(subject: string, extra: Record<string, unknown> = {}): Promise<ApiTicket> {
    const res = await agentApi.json<ApiTicket>('POST', '/api/v1/tickets', {
      municipalityId: ctx.municipalities.tranemo,
      categoryId: categoryId('fel'),
      subject,
      description: `${subject}.`,
      onBehalfOf: CALLER,
      ...extra,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function signedIn(t: NodeTestContext, username: string, viewport = LAPTOP): Promise<Page | undefined> {
    const page = await suite.newPage(t, viewport);
    if (!page) return undefined;
    await signInToStart(page, server.url, username);
    return page;
  }

  const openTicket = (page: Page, ticket: Pick<ApiTicket, 'id' | 'number'>, subject: string) => openTicketPage(page, server.url, ticket, subject);

  async function ticketsWithSubject(subject: string): Promise<number> {
    const rows = await ctx.database.query<{ n: string | number }>('select count(*) as n from tickets where subject = $1', [subject]);
    return Number(rows[0]?.n ?? 0);
  }

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    await ctx.userClient({ username: 'tove.tranemo', roles: ['end_user'], municipality: 'tranemo' });
    agentApi = await ctx.userClient({ username: AGENT, roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
    categoryId = await itCategoryIds(agentApi);
  });

  after(async () => {
    await suite?.close();
  });

  test('at 1366 px every SLA and status badge in the queue and on a ticket shows its whole text inside its cell', async (t) => {
    // Long subjects and names squeeze the columns; the SLA texts are the longest the queue shows:
    // late by working days, hours and minutes; paused while waiting; on call.
    const late = await call('Skrivaren i personalrummet på Dalstorps skola skriver inte ut några dokument alls sedan i måndags', {
      categoryId: categoryId('intefunktion'),
      intefunktion: 'utskrift',
      receivedAt: new Date(now().getTime() - 10 * 86_400_000 - 47 * 60_000).toISOString(),
    });
    const waitingSubject = 'Teams-möten hackar på eftermiddagarna i hela förvaltningshuset på Storgatan';
    const waiting = await call(waitingSubject, { receivedAt: new Date(now().getTime() - 26 * 3_600_000).toISOString() });
    const asked = await agentApi.json<ApiTicket>('POST', `/api/v1/tickets/${waiting.id}/status`, {
      version: waiting.version,
      status: 'waiting',
      comment: 'Sitter du på trådlöst eller i docka med kabel?',
    });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const onCallSubject = 'Journalsystemet på Solgårdens boende går inte att nå från någon av avdelningarna';
    const onCall = await call(onCallSubject, { affectsOperations: true, receivedAt: stockholmInstant(`${stockholmDate(-1)}T21:15`).toISOString() });
    assert.equal(onCall.onCall, true, 'a call the evening before that cannot wait is on call');
    await call('Kan jag få en extra skärm till arbetsplatsen i receptionen på kommunhuset?', { categoryId: categoryId('fraga') });

    const agent = await signedIn(t, AGENT);
    if (!agent) return;
    await agent.goto(`${server.url}/arenden`);
    await agent.getByRole('heading', { level: 1, name: 'Ärenden' }).waitFor();
    const queue = agent.getByRole('region', { name: 'Användarstöd 1:a linjen' });
    for (const x of [late, waiting, onCall]) await queue.getByRole('row', { name: new RegExp(x.number) }).waitFor();
    await queue
      .getByRole('row', { name: new RegExp(late.number) })
      .getByText(/^Försenat \d+ arbetsdag/)
      .waitFor();
    await queue
      .getByRole('row', { name: new RegExp(waiting.number) })
      .getByText('Pausad (väntar på kund)', { exact: true })
      .waitFor();
    const texts = await everyBadgeWhole(queue.getByRole('table'), 'the queue');
    const rows = await queue.locator('tbody tr').count();
    assert.ok(rows >= 4, `the four tickets are listed (${rows} rows)`);
    assert.equal(texts.length, 2 * rows, `a status and an SLA badge on each row: ${texts.join(' | ')}`);
    assert.ok(texts.includes('Väntar på kund') && texts.includes('Ny'), `status badges: ${texts.join(' | ')}`);
    await expectAccessible(agent, 'the queue at 1366 px');

    // The ticket pages: status, on call, affects operations, the SLA state, and the time log's badge.
    await openTicket(agent, onCall, onCallSubject);
    const overview = agent.getByRole('region', { name: 'Översikt' });
    await overview.getByText('Beredskap', { exact: true }).waitFor();
    const onTicket = await everyBadgeWhole(overview, 'the on-call ticket’s overview');
    assert.deepEqual(onTicket.slice(0, 3), ['Ny', 'Beredskap', 'Påverkar verksamheten'], 'status, on call and affects operations');
    assert.equal(onTicket.length, 4, `and the SLA: ${onTicket.join(' | ')}`);
    assert.match(onTicket[3] ?? '', /^SLA: /);
    await everyBadgeWhole(agent.getByRole('region', { name: 'Tidrapportering' }), 'the time log');

    await openTicket(agent, waiting, waitingSubject);
    await overview.getByText('SLA: Pausad (väntar på kund)').waitFor();
    assert.deepEqual(await everyBadgeWhole(overview, 'the waiting ticket’s overview'), ['Väntar på kund', 'SLA: Pausad (väntar på kund)']);
    await everyBadgeWhole(agent.getByRole('region', { name: 'Konversation och interna anteckningar' }), 'the conversation');
  });

  test('an agent chooses the unit of a ticket without one on the ticket page, and it is there after a reload', async (t) => {
    const subject = 'Skrivaren på biblioteket behöver ny toner';
    const ticket = await call(subject);
    assert.equal(ticket.unit, null, 'no unit to begin with');
    const units = await agentApi.json<{ items: { id: string; code: string; name: string; active: boolean }[] }>(
      'GET',
      `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`,
    );
    const unit = units.body.items.find((u) => u.active);
    assert.ok(unit, 'Tranemo has an active unit');
    const elsewhere = (await agentApi.json<{ items: { name: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`))
      .body.items[0];
    assert.ok(elsewhere, 'Ulricehamn has a unit');

    const agent = await signedIn(t, AGENT);
    if (!agent) return;
    await openTicket(agent, ticket, subject);
    const overview = agent.getByRole('region', { name: 'Översikt' });
    const unitRow = overview.getByRole('row', { name: /^Enhet \(kostnadsbärare\)/ });
    await unitRow.getByText('Ingen enhet', { exact: true }).waitFor();
    const sent = postsTo(agent, /\/api\/v1\/tickets\/[^/]+\/unit$/);

    await unitRow.getByRole('button', { name: 'Välj enhet' }).click();
    const picker = unitRow.getByRole('combobox', { name: 'Enhet (kostnadsbärare)' });
    const label = `${unit.name} (${unit.code})`;
    await picker.locator('option', { hasText: label }).waitFor({ state: 'attached' });
    assert.equal(
      await picker.locator('option', { hasText: `${elsewhere.name} (${elsewhere.code})` }).count(),
      0,
      'only units of the ticket’s municipality are offered',
    );
    await picker.selectOption({ label });
    const [saved] = await Promise.all([
      agent.waitForResponse((r) => r.request().method() === 'POST' && /\/unit$/.test(new URL(r.url()).pathname)),
      unitRow.getByRole('button', { name: 'Spara enhet' }).click(),
    ]);
    assert.equal(saved.status(), 200);
    await agent.getByText('Enheten är sparad.').waitFor();
    await unitRow.getByText(label, { exact: true }).waitFor();
    assert.equal(sent.length, 1, 'one request to set the unit');

    await agent.reload();
    await agent.getByRole('heading', { level: 1, name: `Ärende ${ticket.number}: ${subject}` }).waitFor();
    await unitRow.getByText(label, { exact: true }).waitFor();
    assert.equal(await unitRow.getByText('Ingen enhet', { exact: true }).count(), 0);
    const stored = await agentApi.json<ApiTicket>('GET', `/api/v1/tickets/${ticket.id}`);
    assert.equal(stored.body.unit?.id, unit.id, 'the server has the unit');
  });

  test('a call from the evening before is registered with the time it came (on call); a time in the future is refused and nothing is sent', async (t) => {
    const agent = await signedIn(t, AGENT);
    if (!agent) return;
    const yesterdayEvening = `${stockholmDate(-1)}T21:15`;
    const subject = 'Larmet på Solgårdens boende går inte att kvittera';

    /** The register-a-call form filled in for a call that came at `at` (a datetime-local value). */
    async function fillCall(page: Page, at: string, what: string): Promise<Locator> {
      await page.goto(`${server.url}/arenden/samtal`);
      await page.getByRole('heading', { level: 1, name: 'Registrera samtal' }).waitFor();
      const form = page.getByRole('form', { name: 'Registrera samtal' });
      await form.getByRole('combobox', { name: 'Kommun' }).selectOption({ label: 'Tranemo kommun' });
      await form.getByRole('textbox', { name: 'Namn', exact: true }).fill(CALLER.name);
      await form.getByRole('textbox', { name: 'Telefon' }).fill(CALLER.phone);
      await form.getByLabel('Samtalet kom').fill(at);
      const category = form.getByRole('combobox', { name: 'Kategori' });
      await category.locator('option', { hasText: 'Övrigt fel' }).waitFor({ state: 'attached' });
      await category.selectOption({ label: 'Övrigt fel' });
      await form.getByRole('textbox', { name: 'Rubrik' }).fill(what);
      await form.getByRole('textbox', { name: 'Beskrivning' }).fill('Nattpersonalen ringde kl. 21.15, larmet piper och kan inte kvitteras.');
      await form.getByRole('checkbox', { name: 'Påverkar verksamheten och kan inte vänta' }).check();
      return form;
    }

    // --- The call came yesterday at 21.15, after opening hours, and could not wait: on call.
    const sent = postsTo(agent, /^\/api\/v1\/tickets$/);
    const form = await fillCall(agent, yesterdayEvening, subject);
    await form.getByRole('button', { name: 'Registrera samtal' }).click();
    const heading = agent.getByRole('heading', { level: 1, name: new RegExp(`^Ärende \\d{4}-\\d{6}: ${subject}$`) });
    await heading.waitFor();
    const expected = shown.format(stockholmInstant(yesterdayEvening));
    assert.match(expected, /21:15:00$/);
    const overview = agent.getByRole('region', { name: 'Översikt' });
    const checkShown = async () => {
      await overview
        .getByRole('row', { name: /^Mottaget/ })
        .getByRole('cell', { name: expected, exact: true })
        .waitFor();
      await overview
        .getByRole('row', { name: /^Kanal/ })
        .getByRole('cell', { name: 'Telefon' })
        .waitFor();
      await overview.getByText('Beredskap', { exact: true }).waitFor();
      await agent
        .getByRole('region', { name: 'Historik' })
        .getByRole('row', { name: /Skapat/ })
        .getByRole('cell', { name: expected, exact: true })
        .waitFor();
    };
    await checkShown();
    await agent.reload();
    await heading.waitFor();
    await checkShown();
    const id = /\/arende\/([0-9a-f-]{36})/.exec(agent.url())?.[1];
    assert.ok(id);
    const stored = await agentApi.json<ApiTicket>('GET', `/api/v1/tickets/${id}`);
    assert.equal(stored.body.receivedAt, stockholmInstant(yesterdayEvening).toISOString(), 'the server keeps the time the call came');
    assert.equal(stored.body.onCall, true);
    assert.equal(sent.length, 1, 'the call was sent once (and a sent ticket is seen)');

    // --- Tomorrow morning has not happened: refused on the page, nothing sent, nothing created.
    const futureSubject = 'Ett samtal som inte har kommit ännu';
    const future = await fillCall(agent, `${stockholmDate(1)}T09:00`, futureSubject);
    await future.getByRole('button', { name: 'Registrera samtal' }).click();
    await expectProblem(future.getByLabel('Samtalet kom'), 'Tiden får inte ligga i framtiden.');
    await agent.getByRole('heading', { level: 1, name: 'Registrera samtal' }).waitFor();
    assert.equal(sent.length, 1, 'no other ticket was sent');
    assert.equal(await ticketsWithSubject(futureSubject), 0, 'nothing was created');
  });

  test('the ticket forms name each blank required field in Swedish and send nothing', async (t) => {
    const agent = await signedIn(t, AGENT);
    if (!agent) return;

    // --- Registrera samtal with nothing filled in (and the time emptied).
    await agent.goto(`${server.url}/arenden/samtal`);
    await agent.getByRole('heading', { level: 1, name: 'Registrera samtal' }).waitFor();
    const form = agent.getByRole('form', { name: 'Registrera samtal' });
    await form.getByRole('combobox', { name: 'Kategori' }).locator('option', { hasText: 'Övrigt fel' }).waitFor({ state: 'attached' });
    await form.getByLabel('Samtalet kom').fill('');
    const sent = postsTo(agent, /^\/api\/v1\/tickets/);
    await form.getByRole('button', { name: 'Registrera samtal' }).click();
    const problems: [Locator, string][] = [
      [form.getByRole('textbox', { name: 'Namn', exact: true }), 'Ange namnet på den som ringer.'],
      [form.getByLabel('Samtalet kom'), 'Fyll i när samtalet kom.'],
      [form.getByRole('combobox', { name: 'Kategori' }), 'Välj kategori.'],
      [form.getByRole('textbox', { name: 'Rubrik' }), 'Fyll i rubrik.'],
      [form.getByRole('textbox', { name: 'Beskrivning' }), 'Fyll i beskrivning.'],
    ];
    for (const [field, message] of problems) await expectProblem(field, message);
    // A subject of only blanks is blank.
    await form.getByRole('textbox', { name: 'Rubrik' }).fill('   ');
    await form.getByRole('button', { name: 'Registrera samtal' }).click();
    await expectProblem(form.getByRole('textbox', { name: 'Rubrik' }), 'Fyll i rubrik.');
    assert.deepEqual(sent, [], 'nothing was sent from Registrera samtal');

    // --- The escalation's reason on a ticket page.
    const subject = 'Datorn i sammanträdesrummet startar inte';
    const ticket = await call(subject);
    await openTicket(agent, ticket, subject);
    await agent.getByRole('button', { name: 'Eskalera' }).click();
    const dialog = agent.getByRole('dialog', { name: `Eskalera ärende ${ticket.number}` });
    await dialog.getByRole('textbox', { name: 'Anledning' }).fill('  ');
    await dialog.getByRole('button', { name: 'Eskalera' }).click();
    await expectProblem(dialog.getByRole('textbox', { name: 'Anledning' }), 'Fyll i anledning.');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // --- The time log and the composer keep their buttons disabled while blank (desk-journeys checks
    // that); submitted anyway, the handler names the field and sends nothing.
    const time = agent.getByRole('region', { name: 'Tidrapportering' });
    const timeForm = time.getByRole('form', { name: 'Registrera tid' });
    assert.equal(await timeForm.getByRole('button', { name: 'Registrera tid' }).isDisabled(), true);
    await timeForm.evaluate((f: HTMLFormElement) => f.requestSubmit());
    await expectProblem(timeForm.getByRole('textbox', { name: 'Minuter' }), 'Fyll i minuter.');

    const composer = agent.getByRole('form', { name: 'Skriv svar eller intern anteckning' });
    await composer.getByRole('textbox', { name: 'Svar till beställaren' }).fill('   ');
    await composer.evaluate((f: HTMLFormElement) => f.requestSubmit());
    await expectProblem(composer.getByRole('textbox', { name: 'Svar till beställaren' }), 'Fyll i svar till beställaren.');
    assert.deepEqual(sent, [], 'nothing was sent from the ticket page');
    assert.equal((await agentApi.json<ApiTicket>('GET', `/api/v1/tickets/${ticket.id}`)).body.version, ticket.version, 'the ticket is unchanged');

    // --- The requester's portal form.
    const requester = await signedIn(t, 'tove.tranemo');
    if (!requester) return;
    await requester.goto(`${server.url}/mina-arenden/ny`);
    await requester.getByRole('heading', { level: 1, name: 'Anmäl fel eller ställ en fråga' }).waitFor();
    const category = requester.getByRole('combobox', { name: 'Kategori' });
    await category.locator('option', { hasText: 'Övrigt fel' }).waitFor({ state: 'attached' });
    const portalSent = postsTo(requester, /^\/api\/v1\/tickets/);
    await requester.getByRole('button', { name: 'Skicka' }).click();
    await expectProblem(category, 'Välj kategori.');
    await expectProblem(requester.getByRole('textbox', { name: 'Rubrik' }), 'Fyll i rubrik.');
    await expectProblem(requester.getByRole('textbox', { name: 'Beskrivning' }), 'Fyll i beskrivning.');
    assert.equal(await category.evaluate((el) => el === document.activeElement), true, 'the first blank field has focus');
    // A subject that is there but too short keeps its own message.
    await category.selectOption({ label: 'Övrigt fel' });
    await requester.getByRole('textbox', { name: 'Rubrik' }).fill('PC');
    await requester.getByRole('button', { name: 'Skicka' }).click();
    await expectProblem(requester.getByRole('textbox', { name: 'Rubrik' }), 'Skriv en rubrik på minst 3 tecken.');
    await expectProblem(requester.getByRole('textbox', { name: 'Beskrivning' }), 'Fyll i beskrivning.');
    assert.notEqual(await category.getAttribute('aria-invalid'), 'true', 'a chosen category is no longer marked');
    assert.deepEqual(portalSent, [], 'nothing was sent from the portal form');
  });
});

/** `field` is marked invalid and its accessible description is `message` (Mantine's error text). */
async function expectProblem(field: Locator, message: string): Promise<void> {
  const page = field.page();
  await page
    .waitForFunction(
      ([el, text]) =>
        el instanceof HTMLElement &&
        el.getAttribute('aria-invalid') === 'true' &&
        (el.getAttribute('aria-describedby') ?? '').split(/\s+/).some((id) => document.getElementById(id)?.textContent?.trim() === text),
      [await field.elementHandle(), message] as const,
      { timeout: 5_000 },
    )
    .catch(async () => {
      const described = await field.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
          .join(' | '),
      );
      assert.fail(`expected "${message}" on the field (aria-invalid=${await field.getAttribute('aria-invalid')}; described by: ${described})`);
    });
}
