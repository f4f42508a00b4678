import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import { considerSurvey } from '../../src/surveys/service.ts';
import { surveyToken } from '../../src/surveys/token.ts';
import { TEST_PASSWORD, type TestContext } from '../support/app.ts';
import { signIn, startBrowserSuite, type BrowserSuite } from './web.ts';
import { now } from '../../src/platform/clock.ts';

/**
 * Issue 5 / R-3.7: an anonymous visitor on a phone opens the survey link from the mail, answers with
 * the keyboard only, and an IT manager then reads the answer on the Enkätsvar page. Role-based
 * locators, as a screen reader sees the page.
 */
describe('web: satisfaction survey', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let link = '';
  let ticketNumber = '';
  const newPage = (t: NodeTestContext, viewport?: { width: number; height: number }) => suite.newPage(t, viewport);

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    const requester = await ctx.userClient({ username: 'sara.svarar', roles: ['end_user'], municipality: 'tranemo' });
    await ctx.userClient({ username: 'it.chefen', roles: ['it_management'], municipality: null });
    const desks = await requester.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
    const categoryId = desks.body.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fraga')?.id;
    const created = await requester.json<{ id: string; number: string; municipalityId: string; requester: { userId: string | null; email: string | null } }>(
      'POST',
      '/api/v1/tickets',
      { categoryId, subject: 'Kan inte logga in i Teams', description: 'Det står att kontot är låst.' },
    );
    assert.equal(created.status, 201);
    ticketNumber = created.body.number;
    const t = created.body;
    const survey = await considerSurvey(
      ctx.database.db,
      { id: t.id, municipalityId: t.municipalityId, requesterUserId: t.requester.userId, requesterEmail: t.requester.email },
      now(),
      { random01: () => 0 },
    );
    assert.ok(survey);
    link = `${server.url}/enkat/${surveyToken(ctx.deps.secret, survey.surveyId, survey.expiresAt.getTime())}`;
  });

  after(async () => {
    await suite?.close();
  });

  test('an anonymous visitor answers on a phone with the keyboard; IT reads the answer', async (t) => {
    const page = await newPage(t, { width: 390, height: 844 });
    if (!page) return;
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Vad tyckte du om hjälpen från IT?' }).waitFor();
    await page.getByText(`Ärende ${ticketNumber}: Kan inte logga in i Teams`).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling on a phone');

    const first = page.getByRole('group', { name: '1. Anser du att IT löste ditt ärende/problem tillfredsställande?' });
    const second = page.getByRole('group', { name: '2. Hur upplevde du IT-personalens bemötande i samband med ditt ärende?' });
    assert.deepEqual(await first.getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels?.[0]?.textContent)), [
      '1 – Inte alls',
      '2',
      '3',
      '4',
      '5 – Helt och hållet',
    ]);
    await second.getByRole('radio', { name: '5 – Mycket bra' }).waitFor();
    // Large touch targets: every option is at least 44 px high.
    for (const box of await first.locator('.mantine-Radio-root').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
      assert.ok(box >= 44, `target ${box}px`);
    }

    // Sending without answers: the problems are announced and nothing is stored.
    const submit = page.getByRole('button', { name: 'Skicka svar' });
    await submit.focus();
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.getByText('Svaret skickades inte. Rätta det som är markerat:').waitFor();
    assert.equal(await alert.getByRole('link').count(), 2);
    assert.equal(await first.getByRole('radio').first().getAttribute('aria-invalid'), 'true');

    // Keyboard only: Space picks the first step, arrows move within a group, Tab moves on.
    await first.getByRole('radio', { name: '1 – Inte alls' }).focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    assert.ok(await first.getByRole('radio', { name: '4' }).isChecked());
    await page.keyboard.press('Tab');
    assert.ok(await second.getByRole('radio', { name: '1 – Mycket dåligt' }).evaluate((e) => e === document.activeElement));
    await page.keyboard.press('Space');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    assert.ok(await second.getByRole('radio', { name: '5 – Mycket bra' }).isChecked());
    await page.keyboard.press('Tab');
    assert.ok(
      await page.getByRole('textbox', { name: 'Kommentar (frivillig)' }).evaluate((e) => e === document.activeElement),
      'Tab leads from the last question to the comment',
    );
    await page.keyboard.type('Snabbt och vänligt.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tack för ditt svar!' }).waitFor();
    await page
      .getByRole('status')
      .getByText(/Ditt svar är sparat/)
      .waitFor();

    // The link cannot be used twice.
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Enkäten är redan besvarad' }).waitFor();
    // A tampered link says so instead of showing a form.
    await page.goto(`${link.slice(0, -3)}AAA`);
    await page.getByRole('heading', { level: 1, name: 'Länken fungerar inte' }).waitFor();

    const it = await newPage(t);
    if (!it) return;
    await signIn(it, server.url, 'it.chefen', TEST_PASSWORD);
    await it.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Enkätsvar' }).click();
    await it.getByRole('heading', { level: 1, name: 'Enkätsvar' }).waitFor();
    const row = it.getByRole('row', { name: new RegExp(ticketNumber) });
    await row.getByRole('cell', { name: 'Snabbt och vänligt.' }).waitFor();
    assert.deepEqual((await row.getByRole('cell').allTextContents()).slice(5, 7), ['4', '5']);
    const summary = it.getByRole('region', { name: 'Sammanfattning' });
    await summary.getByText('Skickade enkäter').waitFor();
    await summary.getByText(/^1 \(100\s?%\)$/).waitFor();
  });

  test('an end user has no Enkätsvar in the menu', async (t) => {
    const page = await newPage(t);
    if (!page) return;
    await signIn(page, server.url, 'sara.svarar', TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Välkommen, sara.svarar' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Enkätsvar' }).count(), 0);
  });
});
