import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import { TEST_PASSWORD, type TestContext } from '../support/app.ts';
import { signIn, startBrowserSuite, type BrowserSuite } from './web.ts';

/**
 * Issue 3: the calendar page. An end user opens Kalender, reads a year's closed days and service
 * windows with the holiday clashes flagged in text (24 Dec 2024 julafton, 26 Dec 2023 annandag jul),
 * and computes a deadline. Locators are role-based, as a screen reader sees the page.
 */
describe('web: calendar page', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  const newPage = (t: NodeTestContext) => suite.newPage(t);

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    await ctx.userClient({ username: 'kalle.kalender', roles: ['end_user'], municipality: 'tranemo' });
  });

  after(async () => {
    await suite?.close();
  });

  test('an end user reads closed days and service-window clashes, and computes a deadline', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signIn(page, server.url, 'kalle.kalender', TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Välkommen, kalle.kalender' }).waitFor();

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kalender' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kalender' }).waitFor();
    assert.equal(await page.title(), 'Kalender – Samdesk');
    // A Tranemo user sees Tranemo by default, and no "both" choice.
    const municipality = page.getByRole('combobox', { name: 'Kommun' });
    await municipality.locator('option', { hasText: 'Tranemo kommun' }).waitFor({ state: 'attached' });
    assert.deepEqual(await municipality.locator('option').allTextContents(), ['Tranemo kommun']);

    // 2024: midsommarafton among the closed days; the secondary window on julafton is flagged.
    await page.getByRole('combobox', { name: 'År' }).selectOption('2024');
    const closed = page.getByRole('region', { name: 'Stängda dagar 2024', exact: true });
    await closed
      .getByRole('row', { name: /fredag 21 juni 2024/ })
      .getByRole('cell', { name: 'Midsommarafton' })
      .waitFor();
    await closed
      .getByRole('row', { name: /fredag 21 juni 2024/ })
      .getByRole('cell', { name: 'De facto ledig dag' })
      .waitFor();
    // The table's scroll container is a named region in the tab order (keyboard-scrollable).
    assert.equal(await closed.getByRole('region', { name: 'Tabell över stängda dagar 2024' }).getAttribute('tabindex'), '0');
    const summary = page.getByRole('region', { name: 'Sammanfattning 2024', exact: true });
    await summary
      .getByRole('row', { name: /Arbetsdagar/ })
      .getByRole('cell', { name: '251' })
      .waitFor();
    const windows2024 = page.getByRole('region', { name: 'Servicefönster 2024', exact: true });
    const julafton = windows2024.getByRole('row', { name: /tisdag 24 december 2024/ });
    await julafton.getByText('Stängd dag: Julafton').waitFor();
    await julafton.getByRole('cell', { name: /Reserv/ }).waitFor();
    await windows2024.getByRole('note').getByText('Servicefönster på stängda dagar').waitFor();
    await page.getByText(/Reserv \(vid behov\), tisdag 24 december 2024 18:00–21:00: Julafton/).waitFor();
    // An ordinary window is not flagged.
    assert.equal(
      await windows2024
        .getByRole('row', { name: /tisdag 17 december 2024/ })
        .getByText(/Stängd dag/)
        .count(),
      0,
    );

    // The previous-year button (keyboard) goes to 2023: annandag jul clashes with the secondary window.
    const previous = page.getByRole('button', { name: 'Föregående år' });
    await previous.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Stängda dagar 2023' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'År' }).inputValue(), '2023');
    const windows2023 = page.getByRole('region', { name: 'Servicefönster 2023', exact: true });
    await windows2023
      .getByRole('row', { name: /tisdag 26 december 2023/ })
      .getByText('Stängd dag: Annandag jul')
      .waitFor();
    assert.ok(page.url().includes('ar=2023'), 'the year is in the address');

    // Deadline: Friday 2023-09-15 17:00 + 1 working day → Tuesday 19 September 07:30 (Monday is open, but 17:00 is after Friday's closing).
    const form = page.getByRole('region', { name: 'Räkna ut deadline', exact: true });
    await form.getByRole('textbox', { name: 'Start (svensk tid)' }).fill('2023-09-15 17:00');
    await form.getByRole('textbox', { name: 'Antal arbetsdagar' }).fill('1');
    await form.getByRole('button', { name: 'Räkna ut deadline' }).click();
    await form.getByRole('status').getByText('Deadline: tisdag 19 september 2023 kl. 07:30').waitFor();

    // A bad start shows the API's field error on the start input.
    await form.getByRole('textbox', { name: 'Start (svensk tid)' }).fill('inte ett datum');
    await form.getByRole('button', { name: 'Räkna ut deadline' }).click();
    await form.getByRole('alert').first().waitFor();
    const start = form.getByRole('textbox', { name: 'Start (svensk tid)' });
    assert.equal(await start.getAttribute('aria-invalid'), 'true');
  });
});
