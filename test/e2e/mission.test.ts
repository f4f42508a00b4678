import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import type { DevelopmentRequest, RequestInput } from '../../src/governance/contract.ts';
import type { MissionSummaryList, MissionVersion } from '../../src/mission/contract.ts';
import type { TestClient } from '../support/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { type BrowserSuite, expectAccessible, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

/**
 * Issue 20 (R-8.4) in the browser, as of the suite's day (support/clock.ts): IT management copies the
 * mission in force to next year, changes the Friday closing time and the survey rate, sees the
 * generated change list, and — the executive boards' decisions recorded on the development request —
 * publishes it. Then a deadline on a Friday in that year uses the new closing time while one in the year
 * before does not (the calendar API). An impossible closing time is refused with its field named first.
 * axe-core checks every state (web.ts).
 */
describe('web: the yearly mission — copied, edited, published and in force from its date (issue 20, R-8.4)', () => {
  let suite: BrowserSuite;
  let manager: TestClient;
  let year: number;

  before(async () => {
    suite = await startBrowserSuite();
    const { ctx } = suite;
    manager = await ctx.userClient({ username: 'ida.itchef', roles: ['it_management'], municipality: null });
    const strategist = await ctx.userClient({ username: 'sara.strateg', roles: ['it_strategist'], municipality: null });
    year = (await manager.json<MissionSummaryList>('GET', '/api/v1/missions')).body.nextYear;
    // The political decisions, recorded on the development request that changes next year's mission.
    const today = Temporal.Instant.fromEpochMilliseconds(TEST_NOW.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();
    const input: RequestInput = {
      title: `Ramuppdrag it ${year}`,
      description: 'Kortare öppettid på fredagar och fler enkäter.',
      benefit: 'Bättre bemanning och bättre underlag för uppföljningen.',
      costEstimateOre: 0,
      size: 'large',
      kind: 'change',
      changesMission: true,
      missionYear: year,
      serviceEffect: 'none',
      serviceName: null,
      municipalityId: null,
      raisedByUnitId: null,
    };
    let r = (await manager.json<DevelopmentRequest>('POST', '/api/v1/development-requests', input)).body;
    const step = async (client: TestClient, body: Record<string, unknown>) => {
      const res = await client.json<DevelopmentRequest>('POST', `/api/v1/development-requests/${r.id}/steps`, {
        version: r.version,
        decidedOn: today,
        ...body,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      r = res.body;
    };
    await step(strategist, { action: 'prepare', minutesRef: 'IT-forum utveckling § 3' });
    await step(manager, { action: 'prioritise', minutesRef: 'It-styrgruppen § 5' });
    await step(manager, { action: 'record_board_decision', municipalityId: ctx.municipalities.tranemo, outcome: 'approved', minutesRef: 'KS Tranemo § 120' });
    await step(manager, {
      action: 'record_board_decision',
      municipalityId: ctx.municipalities.ulricehamn,
      outcome: 'approved',
      minutesRef: 'KS Ulricehamn § 88',
    });
    assert.equal(r.state, 'boards_approved');
  });

  after(async () => {
    await suite?.close();
  });

  test('R-8.4: next year’s mission with a shorter Friday and a higher survey rate, published, rules the deadlines of its own year only', async (t) => {
    const page: Page | undefined = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, suite.server.url, 'ida.itchef');
    await mainMenu(page).getByRole('link', { name: 'Ramuppdrag', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Versioner' }).waitFor();
    await expectAccessible(page, 'the missions and their versions');

    await page.getByRole('textbox', { name: 'År för utkastet' }).waitFor();
    await page.getByRole('button', { name: `Skapa utkast ${year}` }).click();
    await page.getByRole('heading', { level: 1, name: `Utkast: Ramuppdrag it ${year}` }).waitFor();
    const changes = page.getByRole('list', { name: 'Ändringar från föregående ramuppdrag' });
    await changes.getByText(`Ramuppdragets år ändras från 2023 till ${year}.`).waitFor();
    // Not yet saved with the changes: publishing waits for the boards' decisions only through the request.
    await expectAccessible(page, 'a new draft');

    // A closing time before the opening is refused, the field named in Swedish.
    const close = page.getByRole('textbox', { name: 'Stänger, fredag' });
    await close.fill('07:00');
    await page.getByRole('button', { name: 'Spara utkastet' }).first().click();
    await page.getByRole('alert').filter({ hasText: 'Öppettider, fredag, stängningstid' }).waitFor();
    await expectAccessible(page, 'a refused draft');

    await close.fill('15:00');
    const share = page.getByRole('textbox', { name: 'Andel avslutade ärenden som får enkät (%)' });
    await share.fill('30');
    await page.getByRole('button', { name: 'Spara utkastet' }).first().click();
    await page.getByText('Utkastet är sparat.').waitFor();
    await changes.getByText('Öppettiden fredagar ändras från 07:30–16:00 till 07:30–15:00.').waitFor();
    await changes.getByText('Andelen avslutade ärenden som får enkät ändras från 25 % till 30 %.').waitFor();
    await expectAccessible(page, 'the saved draft and its changes');

    // The text for the board's papers.
    const text = await page.request.get(`${suite.server.url}/api/v1/mission-versions/${page.url().split('/').at(-1) ?? ''}/changes.txt`);
    assert.equal(text.status(), 200);
    assert.match(await text.text(), /07:30–15:00/);

    await page.getByRole('button', { name: 'Publicera', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Publicera Ramuppdrag it ${year}?` });
    await dialog.getByText(`1 januari ${year}`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Publicera', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: `Ramuppdrag it ${year}` }).waitFor();
    await page.getByText('Publicerat', { exact: true }).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Spara utkastet' }).count(), 0, 'a published mission is not edited');
    await expectAccessible(page, 'the published mission');

    // The calendar reads the mission in force on each date: from a Thursday 15:45, one
    // working day ends on Friday at 15:00 in the new year and at 15:45 in the year before.
    const fridayIn = (y: number) => {
      let d = Temporal.PlainDate.from({ year: y, month: 3, day: 1 });
      while (d.dayOfWeek !== 5) d = d.add({ days: 1 });
      return d;
    };
    const deadline = async (friday: Temporal.PlainDate) => {
      const start = `${friday.subtract({ days: 1 }).toString()}T15:45:00+01:00`;
      const res = await manager.json<{ deadline: string }>('GET', `/api/v1/calendar/deadline?start=${encodeURIComponent(start)}&workingDays=1`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.deadline;
    };
    assert.equal(await deadline(fridayIn(year)), `${fridayIn(year).toString()}T15:00:00+01:00`);
    assert.equal(await deadline(fridayIn(year - 1)), `${fridayIn(year - 1).toString()}T15:45:00+01:00`);
    const inForce = await manager.json<MissionVersion>('GET', `/api/v1/mission?date=${year}-06-01`);
    assert.equal(inForce.body.document.support.survey.sampleShare, 0.3);
  });
});
