import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD, type TestClient, type TestContext } from '../support/app.ts';
import { signIn, startBrowserSuite, type BrowserSuite } from './web.ts';

/**
 * Browser journeys through the real UI (built by Vite) against a fresh database: sign-in, the shell
 * in Swedish, tenancy in the organisation screens, errors, keyboard use, English, and the forced
 * change of a one-time password. Locators are role-based, as a screen reader sees the page.
 */
describe('web: sign-in and organisation screens', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let tranemoAdmin: TestClient;
  const newPage = (t: NodeTestContext) => suite.newPage(t);

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    tranemoAdmin = await ctx.userClient({ username: 'admin.tranemo', roles: ['admin'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'admin.ulricehamn', roles: ['admin'], municipality: 'ulricehamn' });
    await ctx.userClient({ username: 'tangent', roles: ['end_user'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'engelska', roles: ['admin'], municipality: 'ulricehamn' });
  });

  after(async () => {
    await suite?.close();
  });

  const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

  test('a Tranemo administrator signs in, sees the Swedish shell and only Tranemo’s organisation', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signIn(page, server.url, 'admin.tranemo', TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Välkommen, admin.tranemo' }).waitFor();
    assert.equal(await lang(page), 'sv');
    const banner = page.getByRole('banner');
    await banner.getByText('Samdesk', { exact: true }).waitFor();
    await banner.getByText('Inloggad som admin.tranemo').waitFor();
    await banner.getByRole('button', { name: 'Logga ut' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    // Sites and the laptop pool (issue 22) are live: nothing is listed as coming any more.
    await nav.getByRole('link', { name: 'Platser och nät', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Lånedatorer', exact: true }).waitFor();
    assert.equal(await nav.getByText('Kommande funktioner').count(), 0, 'nothing is listed as coming');
    assert.equal(await nav.getByRole('listitem').filter({ hasText: 'Kommer snart' }).count(), 0);
    // The tertial follow-up (issue 21) is live.
    await nav.getByRole('link', { name: 'Uppföljning', exact: true }).waitFor();
    // Development requests (issue 20) are live.
    await nav.getByRole('link', { name: 'Utvecklingsärenden', exact: true }).waitFor();
    // Application agreements (issue 18) are live.
    await nav.getByRole('link', { name: 'Applikationer', exact: true }).waitFor();
    // Billing (issue 8) is live.
    await nav.getByRole('link', { name: 'Fakturering', exact: true }).waitFor();
    // The inventory (issue 7) is live.
    await nav.getByRole('link', { name: 'Inventarier', exact: true }).waitFor();
    // The service desk (issue 4) is live: the portal for everyone, the agent workspace for IT staff.
    await nav.getByRole('link', { name: 'Mina ärenden' }).waitFor();
    await nav.getByRole('link', { name: 'Ärenden', exact: true }).waitFor();
    await page.getByRole('main').getByText('Tranemo kommun').waitFor();

    await nav.getByRole('link', { name: 'Enheter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enheter' }).waitFor();
    await page.getByText('Barn- och utbildningsförvaltningen').waitFor();
    await page.getByText('Ljungsarpsskolan').waitFor();
    assert.equal(await page.getByText('Förvaltningen för lärande').count(), 0, 'no Ulricehamn units');
    const options = await page.getByRole('combobox', { name: 'Kommun' }).locator('option').allTextContents();
    assert.deepEqual(options, ['Tranemo kommun']);

    await nav.getByRole('link', { name: 'Personer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personer' }).waitFor();
    await page.getByRole('searchbox', { name: 'Sök' }).waitFor();
    await page.getByText('Inga personer matchar.').waitFor();
    assert.deepEqual(
      await page.getByRole('combobox', { name: 'Kommun' }).locator('option').allTextContents(),
      ['Tranemo kommun'],
      'no "all municipalities" for a municipality administrator',
    );

    await nav.getByRole('link', { name: 'Användare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användare' }).waitFor();
    await page.getByRole('cell', { name: 'admin.tranemo', exact: true }).first().waitFor();
    assert.equal(await page.getByRole('cell', { name: 'admin.ulricehamn', exact: true }).count(), 0, 'no Ulricehamn accounts');
  });

  test('an Ulricehamn administrator sees Ulricehamn’s units and not Tranemo’s', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signIn(page, server.url, 'admin.ulricehamn', TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: /Välkommen/ }).waitFor();
    await page.getByRole('link', { name: 'Enheter' }).click();
    await page.getByText('Förvaltningen för lärande').waitFor();
    await page.getByText('Ätradalsskolan').waitFor();
    assert.equal(await page.getByText('Barn- och utbildningsförvaltningen').count(), 0, 'no Tranemo units');
    const options = await page.getByRole('combobox', { name: 'Kommun' }).locator('option').allTextContents();
    assert.deepEqual(options, ['Ulricehamns kommun']);
  });

  test('a wrong password shows the Swedish message; keyboard-only sign-in works', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signIn(page, server.url, 'tangent', 'inte-rätt-lösenord');
    await page.getByRole('alert').getByText('Fel användarnamn eller lösenord.').waitFor();

    await page.goto(server.url);
    const username = page.getByRole('textbox', { name: 'Användarnamn' });
    await username.waitFor();
    for (let i = 0; i < 6 && !(await username.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await username.evaluate((el) => el === document.activeElement), 'Tab reaches the username field');
    await page.keyboard.type('tangent');
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    // The show-password toggle is the next stop and works with Enter (Mantine hides it from the keyboard by default).
    await page.keyboard.press('Tab');
    const toggle = page.getByRole('button', { name: 'Visa lösenordet (Lösenord)' });
    assert.ok(await toggle.evaluate((el) => el === document.activeElement), 'Tab reaches the show-password toggle');
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('textbox', { name: 'Lösenord' }).getAttribute('type'), 'text');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Välkommen, tangent' }).waitFor();
    // An end user gets no organisation administration.
    assert.equal(await page.getByRole('link', { name: 'Enheter' }).count(), 0);

    // The first Tab in the shell lands on the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Hoppa till huvudinnehållet' });
    assert.ok(await skipLink.evaluate((el) => el === document.activeElement), 'skip link is the first stop');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
  });

  test('switching to English changes the UI texts and the page language', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signIn(page, server.url, 'engelska', TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Välkommen, engelska' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, engelska' }).waitFor();
    assert.equal(await lang(page), 'en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await nav.getByRole('link', { name: 'Units' }).click();
    await page.getByRole('heading', { level: 1, name: 'Units' }).waitFor();
    await page.getByRole('combobox', { name: 'Municipality' }).waitFor();
    // The choice is stored on the account: a reload keeps English.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Units' }).waitFor();
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enheter' }).waitFor();
    assert.equal(await lang(page), 'sv');
  });

  test('a user with a one-time password must change it, then lands in the app', async (t) => {
    const created = await tranemoAdmin.json<{ user: { id: string }; oneTimePassword: string }>('POST', '/api/v1/users', {
      username: 'ny.anvandare',
      displayName: 'Ny Användare',
      municipalityId: ctx.municipalities.tranemo,
      roles: ['end_user'],
    });
    assert.equal(created.status, 201);
    const page = await newPage(t);
    if (!page) return;
    await signIn(page, server.url, 'ny.anvandare', created.body.oneTimePassword);
    await page.getByRole('heading', { level: 1, name: 'Byt lösenord' }).waitFor();
    assert.equal(await page.getByRole('navigation').count(), 0, 'nothing else before the change');
    await page.getByRole('textbox', { name: 'Nuvarande lösenord' }).fill(created.body.oneTimePassword);
    await page.getByRole('textbox', { name: 'Nytt lösenord', exact: true }).fill('för-kort');
    await page.getByRole('textbox', { name: 'Upprepa nytt lösenord' }).fill('för-kort');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByText('Lösenordet måste ha minst 12 tecken.').waitFor();
    const fresh = 'ett-eget-langt-losenord-2023';
    await page.getByRole('textbox', { name: 'Nytt lösenord', exact: true }).fill(fresh);
    await page.getByRole('textbox', { name: 'Upprepa nytt lösenord' }).fill(fresh);
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByRole('heading', { level: 1, name: 'Välkommen, Ny Användare' }).waitFor();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).waitFor();
  });
});
