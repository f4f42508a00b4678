import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import { TEST_PASSWORD, type TestContext } from '../support/app.ts';
import { signIn, startBrowserSuite, type BrowserSuite } from './web.ts';

/**
 * R-3.8 and issue 4's configurable SLA targets: a municipal administrator gives HR its own desk with
 * a category and an agent; an employee reports to it; the HR agent finds it in the desk's queue and
 * sees none of IT's tickets. Locators are role-based, as a screen reader sees the page.
 */
describe('web: a department gets its own service desk', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  const newPage = (t: NodeTestContext) => suite.newPage(t, { width: 1400, height: 1000 });

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    await ctx.userClient({ username: 'admin.hr', roles: ['admin'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'hanna.hr', roles: ['agent'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'erik.anstalld', roles: ['end_user'], municipality: 'tranemo' });
  });

  after(async () => {
    await suite?.close();
  });

  test('an administrator creates the HR desk with a category and an agent; a report lands in its queue only', async (t) => {
    const admin = await newPage(t);
    if (!admin) return;
    await signIn(admin, server.url, 'admin.hr', TEST_PASSWORD);
    await admin.getByRole('heading', { level: 1, name: 'Välkommen, admin.hr' }).waitFor();
    await admin.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Servicedeskar' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Servicedeskar' }).waitFor();
    // The shared IT desk is not a municipal administrator's to change.
    await admin.getByText('IT-supporten delas av båda kommunerna').waitFor();

    await admin.getByRole('button', { name: 'Ny servicedesk' }).click();
    const create = admin.getByRole('dialog', { name: 'Ny servicedesk' });
    await create.getByRole('textbox', { name: 'Namn' }).fill('HR-servicedesk Tranemo');
    await create.getByRole('textbox', { name: 'Kod' }).fill('HR Tranemo');
    await create.getByRole('button', { name: 'Skapa servicedesk' }).click();
    // A code with a space is refused on the field, in Swedish.
    await create.getByRole('textbox', { name: 'Kod' }).and(admin.locator('[aria-invalid="true"]')).waitFor();
    await create.getByRole('textbox', { name: 'Kod' }).fill('hr-tranemo');
    await create.getByRole('button', { name: 'Skapa servicedesk' }).click();
    await create.waitFor({ state: 'hidden' });
    await admin.getByText('Förvaltningens servicedesk i Tranemo kommun.').waitFor();
    await admin.getByText('Servicedesken har inga kategorier än.').waitFor();

    const add = admin.getByRole('form', { name: 'Lägg till kategori' });
    await add.getByRole('textbox', { name: 'Namn' }).fill('Lönefrågor');
    await add.getByRole('textbox', { name: 'Kod' }).fill('lon');
    await add.getByRole('combobox', { name: 'Slag' }).selectOption({ label: 'Fråga' });
    await add.getByRole('radio', { name: 'Minuter arbetstid' }).check();
    await add.getByRole('spinbutton', { name: 'Minuter arbetstid' }).fill('240');
    await add.getByRole('button', { name: 'Lägg till kategori' }).click();
    const row = admin.getByRole('row', { name: /Lönefrågor/ });
    await row.getByRole('cell', { name: '240 minuter arbetstid' }).waitFor();

    // Change the target to two working days.
    await admin.getByRole('button', { name: 'Redigera kategorin Lönefrågor' }).click();
    const edit = admin.getByRole('dialog', { name: 'Redigera kategorin Lönefrågor' });
    await edit.getByRole('radio', { name: 'Arbetsdagar' }).check();
    await edit.getByRole('spinbutton', { name: 'Arbetsdagar' }).fill('2');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await edit.waitFor({ state: 'hidden' });
    await row.getByRole('cell', { name: '2 arbetsdagar' }).waitFor();

    const agents = admin.getByRole('region', { name: 'Handläggare' });
    await agents.getByText('Inga handläggare än.').waitFor();
    await agents.getByRole('combobox', { name: 'Lägg till handläggare' }).selectOption({ label: 'hanna.hr (hanna.hr)' });
    await agents.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await agents.getByRole('button', { name: 'Ta bort hanna.hr som handläggare' }).waitFor();

    // --- An employee reports to the HR desk.
    const employee = await newPage(t);
    if (!employee) return;
    await signIn(employee, server.url, 'erik.anstalld', TEST_PASSWORD);
    await employee.getByRole('heading', { level: 1, name: 'Välkommen, erik.anstalld' }).waitFor();
    await employee.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anmäl fel eller ställ en fråga' }).click();
    const desk = employee.getByRole('combobox', { name: 'Servicedesk' });
    await desk.locator('option', { hasText: 'HR-servicedesk Tranemo' }).waitFor({ state: 'attached' });
    await desk.selectOption({ label: 'HR-servicedesk Tranemo' });
    await employee.getByRole('combobox', { name: 'Kategori' }).selectOption({ label: 'Lönefrågor' });
    await employee.getByRole('textbox', { name: 'Rubrik' }).fill('OB-tillägget saknas på lönebeskedet');
    await employee.getByRole('textbox', { name: 'Beskrivning' }).fill('Jag arbetade tre kvällar i oktober.');
    await employee.getByRole('button', { name: 'Skicka' }).click();
    const heading = employee.getByRole('heading', { level: 1, name: /^Ärende \d{4}-\d{6}: OB-tillägget saknas på lönebeskedet$/ });
    await heading.waitFor();
    const number = /(\d{4}-\d{6})/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
    await employee.getByRole('region', { name: 'Översikt' }).getByText('SLA: I tid').waitFor();
    // And one for IT, which HR must not see.
    const it = await ctx.userClient({ username: 'erik.api', roles: ['end_user'], municipality: 'tranemo' });
    const desks = await it.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
    const fraga = desks.body.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fraga')?.id;
    assert.equal(
      (await it.json('POST', '/api/v1/tickets', { categoryId: fraga, subject: 'Lönesystemet går inte att nå', description: 'Hemifrån' })).status,
      201,
    );

    // --- The HR agent's queue is the desk's, by default.
    const agent = await newPage(t);
    if (!agent) return;
    await signIn(agent, server.url, 'hanna.hr', TEST_PASSWORD);
    await agent.getByRole('heading', { level: 1, name: 'Välkommen, hanna.hr' }).waitFor();
    await agent.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden', exact: true }).click();
    const queue = agent.getByRole('combobox', { name: 'Kö' });
    await queue.locator('option', { hasText: 'HR-servicedesk Tranemo' }).waitFor({ state: 'attached' });
    assert.equal(await queue.locator('option:checked').textContent(), 'HR-servicedesk Tranemo');
    assert.equal(await queue.locator('option', { hasText: 'Användarstöd' }).count(), 0, 'no IT team queues for a department agent');
    const region = agent.getByRole('region', { name: 'HR-servicedesk Tranemo' });
    const hrRow = region.getByRole('row', { name: new RegExp(number) });
    await hrRow.getByText(/ kvar$/).waitFor();
    assert.equal(await agent.getByText('Lönesystemet går inte att nå').count(), 0, 'IT’s ticket is not in HR’s queue');
    await agent.getByRole('searchbox', { name: 'Sök' }).fill('lönesystemet');
    await agent.getByText('Inga ärenden matchar ”lönesystemet”.').waitFor();
  });
});
