import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD, type TestClient } from '../support/app.ts';
import { signIn, startBrowserSuite, type BrowserSuite } from './web.ts';

/**
 * Issue 16 "check required fields before sending": a form names each required field left blank by
 * the label it shows ("Fyll i förnamn.") and sends nothing to the API until they are filled in; then
 * the same form saves. Role-based locators, Swedish texts, axe-core on every state (web.ts).
 */
describe('web: forms check their required fields before sending (issue 16)', () => {
  let suite: BrowserSuite;
  let admin: TestClient;

  before(async () => {
    suite = await startBrowserSuite();
    admin = await suite.ctx.userClient({ username: 'admin.formular', roles: ['admin'], municipality: 'tranemo' });
  });
  after(async () => {
    await suite?.close();
  });

  /** Counts the requests that would change something (POST, PATCH) sent to the API from now on. */
  function countWrites(page: Page): { readonly count: number; readonly sent: string[] } {
    const sent: string[] = [];
    page.on('request', (r) => {
      if ((r.method() === 'POST' || r.method() === 'PATCH') && new URL(r.url()).pathname.startsWith('/api/')) sent.push(`${r.method()} ${r.url()}`);
    });
    return {
      get count() {
        return sent.length;
      },
      sent,
    };
  }

  /** Lets a request that the click might have started reach the page's listener before counting. */
  const settle = (page: Page) => page.waitForTimeout(300);

  test('the sign-in form names the blank username and password and posts nothing', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await page.goto(suite.server.url);
    const writes = countWrites(page);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByText('Fyll i användarnamn.').waitFor();
    await page.getByText('Fyll i lösenord.').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Användarnamn' }).getAttribute('aria-invalid'), 'true');
    await settle(page);
    assert.deepEqual(writes.sent, [], 'nothing is sent with blank required fields');

    // Typing in a field takes its message away; the filled form signs in.
    await page.getByRole('textbox', { name: 'Användarnamn' }).fill('admin.formular');
    assert.equal(await page.getByText('Fyll i användarnamn.').count(), 0);
    await page.getByRole('textbox', { name: 'Lösenord' }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Välkommen, admin.formular' }).waitFor();
    assert.equal(writes.count, 1, 'the filled form is sent once');
  });

  test('"Ny person" names the blank first and last name, sends nothing, then creates the person', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signIn(page, suite.server.url, 'admin.formular', TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Välkommen, admin.formular' }).waitFor();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Personer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personer' }).waitFor();
    await page.getByRole('button', { name: 'Ny person' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny person' });
    // The municipality is chosen for the form as soon as the list has loaded.
    await dialog.getByRole('combobox', { name: 'Kommun' }).and(page.locator(':enabled')).waitFor();

    const writes = countWrites(page);
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await dialog.getByText('Fyll i förnamn.').waitFor();
    await dialog.getByText('Fyll i efternamn.').waitFor();
    assert.equal(await dialog.getByRole('textbox', { name: 'Förnamn' }).getAttribute('aria-invalid'), 'true');
    assert.equal(await dialog.getByRole('textbox', { name: 'Efternamn' }).getAttribute('aria-invalid'), 'true');
    await settle(page);
    assert.deepEqual(writes.sent, [], 'nothing is sent with blank required fields');

    // Only whitespace is blank too.
    await dialog.getByRole('textbox', { name: 'Förnamn' }).fill('Frida');
    await dialog.getByRole('textbox', { name: 'Efternamn' }).fill('   ');
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await dialog.getByText('Fyll i efternamn.').waitFor();
    assert.equal(await dialog.getByText('Fyll i förnamn.').count(), 0, 'the filled field has no message');
    await settle(page);
    assert.deepEqual(writes.sent, []);

    await dialog.getByRole('textbox', { name: 'Efternamn' }).fill('Formulär');
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Personen är skapad.').waitFor();
    assert.equal(writes.count, 1, 'the filled form is sent once');
    const found = await admin.json<{ items: { firstName: string; lastName: string }[] }>('GET', '/api/v1/people?q=Formul%C3%A4r');
    assert.deepEqual(
      found.body.items.map((p) => `${p.firstName} ${p.lastName}`),
      ['Frida Formulär'],
    );
  });

  test('"Ny användare" names the blank username, name and roles, sends nothing, then creates the account', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signIn(page, suite.server.url, 'admin.formular', TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Välkommen, admin.formular' }).waitFor();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Användare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användare' }).waitFor();
    await page.getByRole('button', { name: 'Ny användare' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny användare' });
    await dialog.getByRole('checkbox', { name: 'Slutanvändare', exact: true }).uncheck();

    const writes = countWrites(page);
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await dialog.getByText('Fyll i användarnamn.').waitFor();
    await dialog.getByText('Fyll i namn.').waitFor();
    await dialog.getByText('Välj roller.').waitFor();
    await settle(page);
    assert.deepEqual(writes.sent, [], 'nothing is sent with blank required fields');

    await dialog.getByRole('textbox', { name: 'Användarnamn' }).fill('frida.formular');
    await dialog.getByRole('textbox', { name: 'Namn', exact: true }).fill('Frida Formulär');
    await dialog.getByRole('checkbox', { name: 'Slutanvändare', exact: true }).check();
    assert.equal(await dialog.getByText('Välj roller.').count(), 0, 'choosing a role takes its message away');
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await page.getByRole('dialog', { name: 'Engångslösenord' }).waitFor();
    assert.equal(writes.count, 1, 'the filled form is sent once');
    const users = await admin.json<{ items: { username: string; displayName: string; roles: string[] }[] }>('GET', '/api/v1/users');
    const created = users.body.items.find((u) => u.username === 'frida.formular');
    assert.deepEqual(created && { displayName: created.displayName, roles: created.roles }, { displayName: 'Frida Formulär', roles: ['end_user'] });
  });
});
