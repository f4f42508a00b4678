import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { TEST_PASSWORD, type TestClient, type TestContext } from '../support/app.ts';
import { registerBilledAsset } from '../support/billing.ts';
import { expectAccessible, signIn, startBrowserSuite, type BrowserSuite } from './web.ts';

const PHONE = { width: 390, height: 844 };

/**
 * Issue 16: on a phone (390 px) the agent's queue and the finance pages (runs, a run, a unit's basis)
 * show every cell of every row — SLA, status and amounts included — inside the screen and not cut
 * off, and no page is wider than the screen (WCAG 1.4.10 reflow). ScrollTable lays rows out as cards
 * below 40rem; a table scrolling sideways in its container counts as cut off here. axe-core checks
 * every page (web.ts), and once more explicitly on each page checked here.
 */
describe('web: narrow screens (issue 16)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let admin: TestClient;
  const newPage = (t: NodeTestContext) => suite.newPage(t, PHONE);

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
    const finance = await ctx.userClient({ username: 'eva.ekonom', roles: ['finance'], municipality: 'ulricehamn' });
    const requester = await ctx.userClient({ username: 'tove.tranemo', roles: ['end_user'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'forsta.linjen', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });

    // Three tickets in the 1st line's queue.
    const desks = await requester.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
    const categories = desks.body.items.find((d) => d.isIt)?.categories ?? [];
    const category = (code: string) => categories.find((c) => c.code === code)?.id ?? '';
    for (const [code, subject] of [
      ['fraga', 'Hur byter jag lösenord i det nya intranätet för förskolorna?'],
      ['fel', 'Projektorn i aulan visar ingen bild'],
      ['fraga', 'Kan jag få en extra skärm?'],
    ] as const) {
      const made = await requester.json('POST', '/api/v1/tickets', { categoryId: category(code), subject, description: 'Från telefonen.' });
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }

    // A March 2023 run of Ulricehamn with two units, as in the billing journey.
    const units = (await admin.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`)).body
      .items;
    const unit = (code: string) => units.find((u) => u.code === code)?.id ?? '';
    await registerBilledAsset(ctx, admin, {
      serial: 'NARROW-1',
      unitId: unit('FFL-GR-ATR'),
      periods: [{ from: '2022-11-15', to: null }],
      articleCode: 'DATOR-ADM',
    });
    await registerBilledAsset(ctx, admin, {
      serial: 'NARROW-2',
      unitId: unit('FFL-GR-STB'),
      periods: [{ from: '2022-05-02', to: null }],
      articleCode: 'DATOR-ADM-PLUS',
    });
    const run = await finance.json('POST', '/api/v1/billing/runs', { municipality: 'ulricehamn', month: '2023-03' });
    assert.equal(run.status, 201, JSON.stringify(run.body));
  });

  after(async () => {
    await suite?.close();
  });

  async function signInAs(page: Page, username: string): Promise<void> {
    await signIn(page, server.url, username, TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: `Välkommen, ${username}` }).waitFor();
  }

  /** What is wrong with where `cell` is shown: outside the window, clipped by a scrolling or hidden-overflow ancestor, or text cut off inside it. */
  async function clipping(cell: Locator): Promise<string | null> {
    return cell.evaluate((el) => {
      // Scrolled to vertically only: scrolling it into view sideways would hide the very problem.
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 100);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return 'not shown';
      if (box.left < -0.5 || box.right > window.innerWidth + 0.5) return `outside the window (${Math.round(box.left)}–${Math.round(box.right)} px)`;
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflowX === 'visible') continue;
        const outer = a.getBoundingClientRect();
        if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) return `cut off by <${a.tagName.toLowerCase()} class="${a.className}">`;
      }
      for (const inner of [el, ...el.querySelectorAll('*')]) {
        if (getComputedStyle(inner).overflowX !== 'visible' && inner.scrollWidth > inner.clientWidth + 1) {
          return `text cut off in <${inner.tagName.toLowerCase()} class="${inner.className}">`;
        }
      }
      return null;
    });
  }

  /**
   * Every cell of every row of `table` is whole on screen; each body row shows the named columns
   * (its cells under those column names are not empty). Returns the number of rows checked.
   */
  async function everyCellShown(table: Locator, columns: string[]): Promise<number> {
    const rows = table.locator('tbody tr, tfoot tr');
    const count = await rows.count();
    assert.ok(count > 0, 'rows to check');
    for (let r = 0; r < count; r++) {
      const cells = rows.nth(r).locator('td, th');
      for (let c = 0; c < (await cells.count()); c++) {
        const cell = cells.nth(c);
        // An empty cell (a footer's filler) may be left out of the card; nothing else may.
        if (!(await cell.isVisible()) && ((await cell.textContent()) ?? '').trim() === '') continue;
        const problem = await clipping(cell);
        assert.equal(problem, null, `row ${r + 1}, cell ${c + 1} (${(await cell.textContent())?.trim()}): ${problem}`);
      }
    }
    const body = table.locator('tbody tr');
    for (let r = 0; r < (await body.count()); r++) {
      for (const name of columns) {
        const text = (await body.nth(r).locator(`[data-label="${name}"]`).textContent())?.trim() ?? '';
        assert.ok(text.length > 0, `row ${r + 1} shows its ${name}`);
      }
    }
    return count;
  }

  async function noSidewaysScroll(page: Page, where: string): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    // The message names the innermost elements that reach past the screen's edge.
    const past = await page.evaluate((w) => {
      const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > w + 0.5);
      return wide
        .filter((el) => !wide.some((o) => o !== el && el.contains(o)))
        .slice(0, 5)
        .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${(el.textContent ?? '').slice(0, 40)}`);
    }, PHONE.width);
    assert.ok(width <= PHONE.width, `${where} is ${width} px wide on a ${PHONE.width} px screen: ${past.join('; ')}`);
  }

  test('an agent reads the queue on a phone: every ticket’s status and SLA are on screen', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signInAs(page, 'forsta.linjen');
    await page.goto(`${server.url}/arenden`);
    await page.getByRole('heading', { level: 1, name: 'Ärenden' }).waitFor();
    const queue = page.getByRole('region', { name: 'Användarstöd 1:a linjen' });
    await queue.getByRole('row', { name: /Projektorn i aulan/ }).waitFor();
    assert.equal(await everyCellShown(queue.getByRole('table'), ['Status', 'SLA']), 3);
    await noSidewaysScroll(page, 'the queue');
    await expectAccessible(page, 'the queue at 390 px');
  });

  test('an economist reads the runs, a run and a unit’s basis on a phone: statuses and amounts are on screen, nothing scrolls sideways', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signInAs(page, 'eva.ekonom');
    await page.goto(`${server.url}/fakturering`);
    await page.getByRole('heading', { level: 1, name: 'Fakturering' }).waitFor();
    const runs = page.getByRole('region', { name: 'Körningar, Ulricehamns kommun' });
    await runs.getByRole('link', { name: 'mars 2023' }).waitFor();
    await everyCellShown(runs.getByRole('table'), ['Status', 'Summa']);
    await noSidewaysScroll(page, 'the list of runs');
    await expectAccessible(page, 'the runs at 390 px');

    await runs.getByRole('link', { name: 'mars 2023' }).click();
    await page.getByRole('heading', { level: 1, name: 'Faktureringskörning Ulricehamns kommun, mars 2023' }).waitFor();
    const units = page.getByRole('region', { name: 'Enheter i körningen' });
    await units.getByRole('link', { name: 'FFL-GR-ATR' }).waitFor();
    assert.equal(await everyCellShown(units.getByRole('table'), ['Summa']), 3, 'two units and the total');
    await noSidewaysScroll(page, 'the run page');
    await expectAccessible(page, 'the run at 390 px');

    await units.getByRole('link', { name: 'FFL-GR-ATR' }).click();
    await page.getByRole('heading', { level: 1, name: 'Debiteringsunderlag Ätradalsskolan (FFL-GR-ATR)' }).waitFor();
    const lines = page.getByRole('region', { name: 'Periodiska tjänster, rader' });
    await lines.getByRole('row', { name: /NARROW-1/ }).waitFor();
    await everyCellShown(lines.getByRole('table'), ['Belopp']);
    await noSidewaysScroll(page, 'the unit’s basis');
    await expectAccessible(page, 'the unit’s basis at 390 px');
  });
});
