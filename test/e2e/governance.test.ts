import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import type { Backlog, DevelopmentRequest, RequestInput, RequestList } from '../../src/governance/contract.ts';
import type { TestClient } from '../support/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { type BrowserSuite, escapeRegExp, expectAccessible, factText, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

const TITLE = 'Samlad e-arkivlösning';
const PILOT = 'Pilot: AI-stöd i servicedesken';
const OTHERS = ['Ny växellösning', 'Digital signering'];

/**
 * Issue 20 in the browser, as of the suite's day (support/clock.ts):
 * (a) an IT strategist opens Utvecklingsärenden from the main menu, raises a large request, changes
 *     its cost while it is registered, records
 *     IT-forum utveckling's preparation (a date after today is refused by the server, said at the
 *     field), and an IT manager records the steering group's prioritisation;
 * (b) on Prioriteringslista, with three prioritised requests (the other two made through the API, as
 *     test/api/governance.test.ts does), the manager moves the new one up with the keyboard buttons,
 *     hears its new place, sees the order stand after a reload, and drags another to the top;
 * (c) a small pilot in progress cannot be closed before its evaluation — the refused button's reason
 *     is written beside it — and is evaluated and closed.
 * axe-core checks every state (web.ts), and explicitly the list, the form, the request and the backlog.
 */
describe('web: development requests through the boards (issue 20)', () => {
  let suite: BrowserSuite;
  let server: BrowserSuite['server'];
  let strategist: TestClient;
  let management: TestClient;
  let pilot: DevelopmentRequest;
  /** Today in Stockholm by the app's test clock. */
  let today: string;

  const base = (over: Partial<RequestInput>): RequestInput => ({
    title: 'Utvecklingsärende',
    description: 'En förändring som båda kommunerna behöver.',
    benefit: 'Enklare arbete för verksamheten.',
    costEstimateOre: 30_000_000,
    size: 'large',
    kind: 'change',
    changesMission: false,
    missionYear: null,
    serviceEffect: 'none',
    serviceName: null,
    municipalityId: null,
    raisedByUnitId: null,
    ...over,
  });

  async function raise(client: TestClient, over: Partial<RequestInput>): Promise<DevelopmentRequest> {
    const r = await client.json<DevelopmentRequest>('POST', '/api/v1/development-requests', base(over));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  }

  async function step(client: TestClient, r: DevelopmentRequest, body: Record<string, unknown>): Promise<DevelopmentRequest> {
    const res = await client.json<DevelopmentRequest>('POST', `/api/v1/development-requests/${r.id}/steps`, { version: r.version, decidedOn: today, ...body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }

  before(async () => {
    suite = await startBrowserSuite();
    server = suite.server;
    const { ctx } = suite;
    strategist = await ctx.userClient({ username: 'sara.strateg', roles: ['it_strategist'], municipality: null });
    management = await ctx.userClient({ username: 'leif.ledning', roles: ['it_management'], municipality: null });
    today = Temporal.Instant.fromEpochMilliseconds(TEST_NOW.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();

    // Two large requests already in the steering group's backlog, in this order.
    for (const title of OTHERS) {
      let r = await raise(management, { title });
      r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum utveckling § 2' });
      await step(management, r, { action: 'prioritise', minutesRef: 'It-styrgruppen § 3' });
    }
    // A small pilot, prepared, decided by the strategist and started.
    pilot = await raise(strategist, { title: PILOT, size: 'small', kind: 'pilot', costEstimateOre: 2_000_000 });
    pilot = await step(strategist, pilot, { action: 'prepare', minutesRef: 'IT-forum utveckling § 8' });
    pilot = await step(strategist, pilot, { action: 'decide', minutesRef: 'Delegationsbeslut IT 15' });
    pilot = await step(strategist, pilot, { action: 'start' });
    assert.equal(pilot.state, 'in_progress');
  });

  after(async () => {
    await suite?.close();
  });

  /** The request raised in the browser, as the API sees it. */
  const raised = async (): Promise<DevelopmentRequest> => {
    const list = await strategist.json<RequestList>('GET', '/api/v1/development-requests');
    const head = list.body.items.find((r) => r.title === TITLE);
    assert.ok(head, 'the request is registered');
    return (await strategist.json<DevelopmentRequest>('GET', `/api/v1/development-requests/${head.id}`)).body;
  };

  test('R-8.1: a strategist raises a large request and records IT-forum’s preparation; IT management records the prioritisation', async (t) => {
    const page: Page | undefined = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'sara.strateg');
    await mainMenu(page).getByRole('link', { name: 'Utvecklingsärenden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Utvecklingsärenden' }).waitFor();
    const list = page.getByRole('table', { name: 'Utvecklingsärenden' });
    await list.getByRole('link', { name: PILOT }).waitFor();
    await expectAccessible(page, 'the list of development requests');

    await page.getByRole('link', { name: 'Nytt utvecklingsärende' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nytt utvecklingsärende' }).waitFor();
    const form = page.getByRole('form', { name: 'Nytt utvecklingsärende' });
    await form.getByRole('textbox', { name: 'Rubrik' }).fill(TITLE);
    await form.getByRole('textbox', { name: 'Beskrivning' }).fill('Ett e-arkiv för båda kommunernas verksamhetssystem.');
    await form.getByRole('textbox', { name: 'Nytta' }).fill('Handlingar bevaras enligt arkivlagen utan pappersarkiv.');
    await form.getByRole('textbox', { name: 'Uppskattad kostnad (kr)' }).fill('1 250 000');
    await form.getByRole('radio', { name: 'Stort – prioriteras av it-styrgruppen' }).check();
    assert.equal(await form.getByRole('radio', { name: 'Förändring' }).isChecked(), true, 'a change unless chosen otherwise');
    assert.equal(await form.getByRole('combobox', { name: 'Kommun' }).inputValue(), '', 'both municipalities unless chosen otherwise');
    const unit = form.getByRole('combobox', { name: 'Enhet som lyfter ärendet' });
    assert.equal(await unit.locator('option:checked').textContent(), 'It-enheten');
    await expectAccessible(page, 'the new request, filled in');
    await form.getByRole('button', { name: 'Registrera ärendet' }).click();

    const heading = page.getByRole('heading', { level: 1, name: new RegExp(`^UT-\\d{4}-\\d{3} ${escapeRegExp(TITLE)}$`) });
    await heading.waitFor();
    assert.equal(await factText(page, 'Status'), 'Registrerat');
    assert.equal(await factText(page, 'Uppskattad kostnad'), '1 250 000,00 kr');
    assert.equal(await factText(page, 'Storlek'), 'Stort – prioriteras av it-styrgruppen');
    assert.equal(await factText(page, 'Kommun'), 'Båda kommunerna');
    assert.equal(await factText(page, 'Lyft av'), 'sara.strateg, It-enheten');
    await page.getByText('Inget är beslutat ännu.', { exact: false }).waitFor();
    await expectAccessible(page, 'the registered request');

    // Until IT-forum has prepared it, the request can be changed.
    const actions = page.getByRole('group', { name: 'Hantera ärendet' });
    await actions.getByRole('button', { name: 'Ändra ärendet' }).click();
    const edit = page.getByRole('dialog', { name: 'Ändra utvecklingsärendet' });
    const cost = edit.getByRole('textbox', { name: 'Uppskattad kostnad (kr)' });
    assert.equal(await cost.inputValue(), '1250000,00');
    await cost.fill('1 300 000');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await edit.waitFor({ state: 'detached' });
    assert.equal(await factText(page, 'Uppskattad kostnad'), '1 300 000,00 kr');

    // IT-forum's preparation: a date after today is the server's to refuse, and it says so at the field.
    await actions.getByRole('button', { name: 'Bered (IT-forum utveckling)' }).click();
    const prepare = page.getByRole('dialog', { name: 'För in IT-forum utvecklings beredning' });
    const decidedOn = prepare.getByLabel('Beslutsdatum');
    assert.equal(await decidedOn.inputValue(), today, 'the decision is dated today unless changed');
    await decidedOn.fill(Temporal.PlainDate.from(today).add({ days: 1 }).toString());
    await prepare.getByRole('textbox', { name: 'Protokollsreferens' }).fill('IT-forum utveckling § 4');
    await prepare.getByRole('button', { name: 'Registrera beredningen' }).click();
    await prepare.getByText('ett beslut kan inte dateras framåt i tiden').waitFor();
    assert.equal(await decidedOn.getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the preparation refused for its date');
    await decidedOn.fill(today);
    await prepare.getByRole('button', { name: 'Registrera beredningen' }).click();
    await prepare.waitFor({ state: 'detached' });
    assert.equal(await factText(page, 'Status'), 'Berett av IT-forum utveckling');
    const steps = page.getByRole('table', { name: 'Ärendets beslut och steg' });
    await steps.getByRole('row', { name: /Berett av IT-forum utveckling\s+IT-forum utveckling\s+IT-forum utveckling § 4/ }).waitFor();
    // A large request is not decided by the strategist: the next step is the steering group's prioritisation.
    assert.equal(await actions.getByRole('button', { name: 'Besluta (it-strategen)' }).count(), 0);
    assert.equal(await actions.getByRole('button', { name: 'Prioritera (it-styrgruppen)' }).isEnabled(), true);

    // IT management records the steering group's prioritisation.
    const manager = await suite.newPage(t);
    if (!manager) return;
    await signInToStart(manager, server.url, 'leif.ledning');
    await mainMenu(manager).getByRole('link', { name: 'Utvecklingsärenden', exact: true }).click();
    await manager.getByRole('table', { name: 'Utvecklingsärenden' }).getByRole('link', { name: TITLE }).click();
    await manager.getByRole('heading', { level: 1, name: new RegExp(`${escapeRegExp(TITLE)}$`) }).waitFor();
    await manager.getByRole('group', { name: 'Hantera ärendet' }).getByRole('button', { name: 'Prioritera (it-styrgruppen)' }).click();
    const prioritise = manager.getByRole('dialog', { name: 'För in it-styrgruppens prioritering' });
    await prioritise.getByRole('textbox', { name: 'Protokollsreferens' }).fill('It-styrgruppen § 7');
    await prioritise.getByRole('button', { name: 'Registrera prioriteringen' }).click();
    await prioritise.waitFor({ state: 'detached' });
    assert.equal(await factText(manager, 'Status'), 'Prioriterat av it-styrgruppen');
    await manager
      .getByRole('table', { name: 'Ärendets beslut och steg' })
      .getByRole('row', { name: /Prioriterat av it-styrgruppen\s+It-styrgruppen\s+It-styrgruppen § 7\s+–\s+leif\.ledning/ })
      .waitFor();
    await expectAccessible(manager, 'the prioritised request');
    assert.equal((await raised()).priority, 3, 'last in the backlog');
  });

  test('R-8.1: the steering group’s backlog is reordered with the keyboard, said aloud, and the order stands', async (t) => {
    const r = await raised();
    assert.equal(r.state, 'prioritised', 'the first journey prioritised the request');
    const page = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'leif.ledning');
    await mainMenu(page).getByRole('link', { name: 'Utvecklingsärenden', exact: true }).click();
    await page.getByRole('tab', { name: 'Prioriteringslista' }).click();
    const table = page.getByRole('table', { name: 'Prioriteringslista' });
    const order = () => table.getByRole('link').allTextContents();
    await table.getByRole('link', { name: TITLE }).waitFor();
    assert.deepEqual(await order(), [...OTHERS, TITLE]);
    await expectAccessible(page, 'the backlog');

    // "Flytta upp" from the keyboard: the request moves, its place is said, and the focus stays on it.
    const up = table.getByRole('button', { name: `Flytta upp ${r.number} ${TITLE}` });
    await up.focus();
    await page.keyboard.press('Enter');
    const status = page.getByRole('status').filter({ hasText: 'ligger nu på plats' });
    await status.filter({ hasText: `${r.number} ligger nu på plats 2 av 3.` }).waitFor();
    assert.deepEqual(await order(), [OTHERS[0], TITLE, OTHERS[1]]);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Flytta upp ${r.number} ${TITLE}`);
    await page.keyboard.press('Enter');
    await status.filter({ hasText: `${r.number} ligger nu på plats 1 av 3.` }).waitFor();
    assert.deepEqual(await order(), [TITLE, ...OTHERS]);
    // First in the list it cannot move up: the focus is on its "Flytta ned" instead.
    assert.equal(await up.isDisabled(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Flytta ned ${r.number} ${TITLE}`);
    await expectAccessible(page, 'the backlog reordered');

    await page.reload();
    await page.getByRole('table', { name: 'Prioriteringslista' }).getByRole('link', { name: TITLE }).waitFor();
    assert.deepEqual(await order(), [TITLE, ...OTHERS]);

    // Dragged with the mouse: the last request dropped on the first takes its place.
    const row = (title: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
    await row(OTHERS[1]!).dragTo(row(TITLE));
    await status.filter({ hasText: 'ligger nu på plats 1 av 3.' }).waitFor();
    assert.deepEqual(await order(), [OTHERS[1], TITLE, OTHERS[0]]);
    const saved = await management.json<Backlog>('GET', '/api/v1/development-requests/backlog');
    assert.deepEqual(
      saved.body.items.map((i) => [i.title, i.priority]),
      [
        [OTHERS[1], 1],
        [TITLE, 2],
        [OTHERS[0], 3],
      ],
    );
  });

  test('R-8.2: a pilot cannot be closed before its evaluation; evaluated, it is closed', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'sara.strateg');
    await mainMenu(page).getByRole('link', { name: 'Utvecklingsärenden', exact: true }).click();
    await page.getByRole('table', { name: 'Utvecklingsärenden' }).getByRole('link', { name: PILOT }).click();
    await page.getByRole('heading', { level: 1, name: `${pilot.number} ${PILOT}` }).waitFor();
    assert.equal(await factText(page, 'Status'), 'Pågår');
    const evaluation = page.getByRole('region', { name: 'Pilotens utvärdering' });
    await evaluation.getByText('Piloten är inte utvärderad ännu.', { exact: false }).waitFor();

    // Closing is refused, and why is written beside the button, not only in a tooltip.
    const actions = page.getByRole('group', { name: 'Hantera ärendet' });
    const close = actions.getByRole('button', { name: 'Avsluta piloten' });
    assert.equal(await close.isDisabled(), true);
    const why = actions.getByText('Avsluta piloten: registrera pilotens utvärdering innan den avslutas.');
    await why.waitFor();
    assert.equal(await close.getAttribute('aria-describedby'), await why.getAttribute('id'));
    await expectAccessible(page, 'the pilot before its evaluation');

    await actions.getByRole('button', { name: 'Registrera utvärdering' }).click();
    const evaluate = page.getByRole('dialog', { name: 'Registrera pilotens utvärdering' });
    await evaluate.getByRole('textbox', { name: 'Resultat' }).fill('Svarstiden i servicedesken sjönk med 20 %.');
    await evaluate.getByRole('textbox', { name: 'Rekommendation' }).fill('Inför AI-stödet i ordinarie drift.');
    await evaluate.getByRole('button', { name: 'Spara utvärderingen' }).click();
    await evaluate.waitFor({ state: 'detached' });
    assert.equal(await factText(page, 'Resultat'), 'Svarstiden i servicedesken sjönk med 20 %.');
    assert.equal(await factText(page, 'Rekommendation'), 'Inför AI-stödet i ordinarie drift.');

    assert.equal(await close.isEnabled(), true);
    await close.click();
    const closing = page.getByRole('dialog', { name: 'Avsluta piloten' });
    await closing.getByRole('button', { name: 'Avsluta piloten' }).click();
    await closing.waitFor({ state: 'detached' });
    assert.equal(await factText(page, 'Status'), 'Avslutat');
    await page.getByText('Ärendet är avslutat. Inga fler steg kan registreras.').waitFor();
    await page
      .getByRole('table', { name: 'Ärendets beslut och steg' })
      .getByRole('row', { name: /Piloten avslutad\s+It-enheten/ })
      .waitFor();
    await expectAccessible(page, 'the closed pilot');
    const closed = await strategist.json<DevelopmentRequest>('GET', `/api/v1/development-requests/${pilot.id}`);
    assert.equal(closed.body.state, 'closed');
  });
});
