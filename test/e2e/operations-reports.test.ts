import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { IncidentReportList, IncidentTemplateList, ItFunctionList, Outage } from '../../src/operations/contract.ts';
import { mailSendJob } from '../../src/mail/outbox.ts';
import { now } from '../../src/platform/clock.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { stockholmInstant, stockholmParts } from '../../web/src/format.ts';
import type { TestClient, TestContext } from '../support/app.ts';
import { startMailSink, type MailSink } from '../support/mail.ts';
import { type BrowserSuite, escapeRegExp, expectAccessible, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

const TITLE = 'Lönesystemet gick inte att nå';
const CAUSE = 'Ett certifikat på lönesystemets server hade gått ut.';
const NEW_CAUSE = 'Certifikatet på lönesystemets server hade gått ut och förnyades inte automatiskt.';
const RECIPIENT = 'informationssakerhet@tranemo.se';

/**
 * Issue 19, R-9.3 in the browser, as of the suite's day (support/clock.ts): an unplanned outage of
 * Tranemo's IT, yesterday 08:00–10:00 Stockholm time, is registered as an IT incident (through the
 * API, by a third-line technician). IT management opens Drift → Mallar för incidentrapporter, moves
 * a section down and up again with the keyboard (focus follows the section), adds a recipient to
 * Tranemo's template and saves it; then opens the outage, where Tranemo's report is a draft filled
 * in from the outage that cannot be sent before it is saved. The cause is rewritten, the report
 * saved and sent after a confirmation naming the recipient; it then reads "Skickad … till …" and
 * can no longer be changed, and the mail queued to the recipient carries the report as PDF. axe-core
 * checks every state (web.ts).
 */
describe('web: operations — an IT incident reported to Tranemo in its own template (issue 19, R-9.3)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let sink: MailSink;
  let outage: Outage;
  let management: TestClient;

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    sink = await startMailSink();
    const technician = await ctx.userClient({ username: 'tina.tekniker', roles: ['agent'], municipality: null, team: 'infrastruktur', line: 3 });
    management = await ctx.userClient({ username: 'ivar.itledning', roles: ['it_management'], municipality: null });
    const functions = await technician.json<ItFunctionList>('GET', '/api/v1/it-functions');
    const fn = functions.body.items.find((f) => f.municipalities.some((m) => m.id === ctx.municipalities.tranemo));
    assert.ok(fn, 'an IT function is measured in Tranemo');
    // Yesterday in Stockholm, 08:00–10:00 (the offset of that day, winter or summer).
    const yesterday = stockholmParts(new Date(now().getTime() - 24 * 3_600_000)).date;
    const created = await technician.json<Outage>('POST', '/api/v1/outages', {
      title: TITLE,
      startsAt: stockholmInstant(yesterday, '08:00'),
      endsAt: stockholmInstant(yesterday, '10:00'),
      kind: 'unplanned',
      plannedReason: null,
      incident: true,
      functionIds: [fn.id],
      municipalityIds: [ctx.municipalities.tranemo],
      cause: CAUSE,
      actions: 'Certifikatet förnyades och tjänsten startades om.',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    outage = created.body;
  });

  after(async () => {
    await sink?.close();
    await suite?.close();
  });

  /** The accessible name of the focused element. */
  const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

  test('R-9.3: IT management adds a recipient to Tranemo’s template, then saves and sends the incident’s report, which is mailed as PDF and closed', async (t) => {
    const page: Page | undefined = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'ivar.itledning');
    await mainMenu(page).getByRole('link', { name: 'Drift', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Drift och tillgänglighet' }).waitFor();
    await page.getByRole('tab', { name: 'Mallar för incidentrapporter' }).click();
    const template = page.getByRole('form', { name: 'Mall för Tranemo kommun' });
    await template.waitFor();
    await expectAccessible(page, 'the templates');

    // The sections are reordered with the keyboard; focus stays with the section moved.
    const sections = template.getByRole('list', { name: 'Avsnitten i mallen för Tranemo kommun' });
    await sections.getByRole('button', { name: 'Flytta ner Vad hände' }).focus();
    await page.keyboard.press('Enter');
    await sections.getByRole('group', { name: 'Avsnitt 2: Vad hände' }).waitFor();
    assert.equal(await focusedName(page), 'Flytta ner Vad hände');
    await sections.getByRole('button', { name: 'Flytta upp Vad hände' }).focus();
    await page.keyboard.press('Enter');
    await sections.getByRole('group', { name: 'Avsnitt 1: Vad hände' }).waitFor();
    // First again, it cannot move up: focus goes to "Flytta ner".
    assert.equal(await focusedName(page), 'Flytta ner Vad hände');

    // A recipient added and the template saved.
    await template.getByText('Inga mottagare än.', { exact: false }).waitFor();
    await template.getByRole('textbox', { name: 'Ny mottagare' }).fill(RECIPIENT);
    await template.getByRole('button', { name: 'Lägg till mottagare' }).click();
    await template
      .getByRole('list', { name: 'Mottagare för Tranemo kommun' })
      .getByRole('button', { name: `Ta bort ${RECIPIENT}` })
      .waitFor();
    await template.getByRole('button', { name: 'Spara mallen för Tranemo kommun' }).click();
    await page.getByText('Mallen för Tranemo kommun är sparad.').waitFor();
    const saved = await management.json<IncidentTemplateList>('GET', '/api/v1/incident-report-templates');
    const tranemo = saved.body.items.find((x) => x.municipality.id === ctx.municipalities.tranemo);
    assert.deepEqual(tranemo?.recipients, [RECIPIENT]);
    assert.equal(tranemo?.sections[0]?.heading, 'Vad hände', 'the order is as it was');

    // The outage's report to Tranemo: a draft filled in from the outage.
    await page.goto(`${server.url}/drift-och-tillganglighet/avbrott/${outage.id}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const reports = page.getByRole('region', { name: 'Incidentrapporter' });
    const report = reports.getByRole('form', { name: 'Incidentrapport till Tranemo kommun' });
    const cause = report.getByRole('textbox', { name: 'Orsak', exact: true });
    await cause.waitFor();
    assert.equal(await cause.inputValue(), CAUSE);
    await reports.getByText('Utkastet är ifyllt från avbrottet och inte sparat än.').waitFor();
    const send = report.getByRole('button', { name: 'Skicka till kommunen: rapporten till Tranemo kommun' });
    assert.equal(await send.isDisabled(), true, 'a draft is saved before it is sent');
    await report.getByText('spara rapporten först', { exact: false }).waitFor();
    const pdf = report.getByRole('link', { name: 'Ladda ner PDF av rapporten till Tranemo kommun' });
    assert.equal(await pdf.getAttribute('href'), `/api/v1/outages/${outage.id}/reports/${ctx.municipalities.tranemo}/pdf`);
    await expectAccessible(page, 'the draft report');

    // Rewritten, saved, then sent after the confirmation naming the recipient.
    await cause.fill(NEW_CAUSE);
    await report.getByRole('button', { name: 'Spara rapporten till Tranemo kommun' }).click();
    await page.getByText('Rapporten till Tranemo kommun är sparad.').waitFor();
    await reports.getByText('Rapporten är sparad men inte skickad.').waitFor();
    await send.click();
    const confirm = page.getByRole('dialog', { name: 'Skicka rapporten till Tranemo kommun' });
    await confirm.getByText(RECIPIENT, { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Skicka rapporten' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('Rapporten är skickad till Tranemo kommun.').waitFor();

    // Sent: said with the day and the recipient, and read-only.
    await reports.getByText(new RegExp(`^Skickad .+ till ${escapeRegExp(RECIPIENT)}\\.$`)).waitFor();
    await reports.getByText('En skickad rapport kan inte ändras.').waitFor();
    await reports.getByText(NEW_CAUSE).waitFor();
    assert.equal(await reports.getByRole('textbox').count(), 0, 'no field to change');
    assert.equal(await reports.getByRole('button', { name: /Spara|Skicka/ }).count(), 0);
    await reports.getByRole('link', { name: 'Ladda ner PDF av rapporten till Tranemo kommun' }).waitFor();
    await expectAccessible(page, 'the sent report');

    const list = await management.json<IncidentReportList>('GET', `/api/v1/outages/${outage.id}/reports`);
    const sent = list.body.items.find((r) => r.municipality.id === ctx.municipalities.tranemo);
    assert.deepEqual(sent?.sentTo, [RECIPIENT]);
    assert.equal(sent?.sections.find((s) => s.key === 'orsak')?.text, NEW_CAUSE);

    // The mail was queued to the recipient with the report as PDF.
    await runJobOnce(ctx.deps.database.db, mailSendJob(ctx.deps.config, ctx.deps.secret, sink.transport()));
    const mails = sink.received.filter((m) => m.subject?.includes(TITLE));
    assert.equal(mails.length, 1, JSON.stringify(sink.received.map((m) => m.subject)));
    const to = mails[0]!.to;
    assert.match((Array.isArray(to) ? to : [to]).map((a) => a?.text ?? '').join(', '), new RegExp(escapeRegExp(RECIPIENT)));
    const attachment = mails[0]!.attachments.find((a) => a.contentType === 'application/pdf');
    assert.ok(attachment, 'the mail carries the PDF');
    assert.equal(attachment.content.subarray(0, 5).toString('latin1'), '%PDF-', 'the attachment is a PDF');
  });
});
