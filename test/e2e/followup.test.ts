import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { now } from '../../src/platform/clock.ts';
import type { Ticket } from '../../src/tickets/contract.ts';
import type { TestClient, TestContext } from '../support/app.ts';
import { pdfToText } from '../support/poppler.ts';
import { type BrowserSuite, expectAccessible, itCategoryIds, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

const FIRST = 'Skrivaren i receptionen drar inte in papper';
const SECOND = 'Nätverksdisken svarar långsamt';
const ULRICEHAMN = 'Kan inte öppna lönespecifikationen';

/**
 * Issue 21 in the browser, as of the suite's day (support/clock.ts): in the tertial going on,
 * the 1st line solves one Tranemo ticket and one Ulricehamn ticket, and a second Tranemo ticket is
 * escalated and solved by the 2nd line — so 2 of 3 (66,7 %) are solved by the 1st line for both
 * municipalities, 1 of 2 (50 %) for Tranemo. IT management opens the follow-up (the latest tertial
 * that is over), switches to the tertial going on and to Tranemo, follows the 1st-line share down to
 * the queue (the one ticket), and downloads the PDF (read by pdftotext) and the XLSX (read back by
 * exceljs). axe-core checks every state (web.ts).
 */
describe('web: the tertial follow-up (issue 21)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];

  // The tertial of the suite's day, by the mission's periods (T1 January–April, T2 May–August, T3 September–December).
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: 'numeric' }).formatToParts(now());
  const year = Number(local.find((p) => p.type === 'year')?.value);
  const month = Number(local.find((p) => p.type === 'month')?.value);
  const tertial = `T${Math.ceil(month / 4)}`;

  async function solvedTicket(
    by: TestClient,
    input: { municipalityId: string; categoryId: string; subject: string },
    escalateTo?: TestClient,
  ): Promise<Ticket> {
    const created = await by.json<Ticket>('POST', '/api/v1/tickets', {
      ...input,
      description: 'Anmält på telefon.',
      receivedAt: new Date(now().getTime() - 60 * 60_000).toISOString(),
      onBehalfOf: { name: 'Receptionen', phone: '0321-123 45' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    let ticket = created.body;
    let solver = by;
    if (escalateTo) {
      const esc = await by.json<Ticket>('POST', `/api/v1/tickets/${ticket.id}/escalate`, {
        version: ticket.version,
        team: 'anvandarstod',
        line: 2,
        reason: 'Behöver behörighet i lagringen',
      });
      assert.equal(esc.status, 200, JSON.stringify(esc.body));
      ticket = esc.body;
      solver = escalateTo;
    }
    const solved = await solver.json<Ticket>('POST', `/api/v1/tickets/${ticket.id}/status`, { version: ticket.version, status: 'solved', comment: 'Klart.' });
    assert.equal(solved.status, 200, JSON.stringify(solved.body));
    assert.equal(solved.body.solvedLine, escalateTo ? 2 : 1);
    return solved.body;
  }

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    const first = await ctx.userClient({ username: 'frida.forsta', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
    const second = await ctx.userClient({ username: 'anders.andra', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 2 });
    await ctx.userClient({ username: 'ingrid.itchef', roles: ['it_management'], municipality: null });
    const category = await itCategoryIds(first);
    await solvedTicket(first, { municipalityId: ctx.municipalities.tranemo, categoryId: category('fel'), subject: FIRST });
    await solvedTicket(first, { municipalityId: ctx.municipalities.tranemo, categoryId: category('fel'), subject: SECOND }, second);
    await solvedTicket(first, { municipalityId: ctx.municipalities.ulricehamn, categoryId: category('fel'), subject: ULRICEHAMN });
  });

  after(async () => {
    await suite?.close();
  });

  const shareCard = (page: Page) => page.getByRole('article', { name: 'Andel lösta av första linjen' });

  test('R-10: IT management opens the report, switches tertial and municipality, follows the 1st-line share to its ticket, and downloads PDF and XLSX', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInToStart(page, server.url, 'ingrid.itchef');
    await mainMenu(page).getByRole('link', { name: 'Uppföljning', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Uppföljning per tertial' }).waitFor();
    // Opened on the latest tertial that is over, for both municipalities.
    await page.getByRole('heading', { level: 2, name: /– Båda kommunerna$/ }).waitFor();
    await expectAccessible(page, 'the follow-up, latest tertial over');

    // The tertial going on: the three tickets solved today.
    await page.getByLabel('År', { exact: true }).selectOption(String(year));
    await page.getByLabel('Period', { exact: true }).selectOption(tertial);
    await page.getByRole('heading', { level: 2, name: new RegExp(`^${tertial} ${year} .* – Båda kommunerna$`) }).waitFor();
    await page.getByText(/Perioden pågår/).waitFor();
    await shareCard(page).getByText('66,7 %', { exact: true }).waitFor();
    await shareCard(page).getByText('Målet nås', { exact: true }).waitFor();
    await page.getByRole('article', { name: 'Lösta ärenden' }).getByText('3', { exact: true }).waitFor();
    // The trend's chart has its table beneath, the tertial going on last.
    const trend = page.getByRole('region', { name: 'Andel lösta av första linjen per tertial' });
    await trend.getByRole('rowheader', { name: `${tertial} ${year}` }).waitFor();
    await expectAccessible(page, 'the follow-up, the tertial going on, both municipalities');

    await page.getByLabel('Kommun', { exact: true }).selectOption({ label: 'Tranemo kommun' });
    await page.getByRole('heading', { level: 2, name: new RegExp(`^${tertial} ${year} .* – Tranemo kommun$`) }).waitFor();
    await shareCard(page).getByText('50 %', { exact: true }).waitFor();
    await expectAccessible(page, 'the follow-up, Tranemo');

    // Down to the tickets behind the share: the queue, filtered, shows the one the 1st line solved.
    await shareCard(page).getByRole('link', { name: 'Visa underlaget för andel lösta av första linjen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ärenden' }).waitFor();
    await page.getByText(/löst av första linjen/).waitFor();
    await page.getByRole('row', { name: new RegExp(FIRST) }).waitFor();
    await page.getByText('1 ärende visas', { exact: true }).waitFor();
    assert.equal(await page.getByRole('row', { name: new RegExp(SECOND) }).count(), 0, 'the 2nd line solved the other one');
    assert.equal(await page.getByRole('row', { name: new RegExp(ULRICEHAMN) }).count(), 0, 'Ulricehamn is not Tranemo');
    await expectAccessible(page, 'the queue behind the share');
    await page.goBack();
    await shareCard(page).getByText('50 %', { exact: true }).waitFor();

    // The whole report as PDF (its text read by poppler) and as a workbook (read back: numbers as numbers).
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner som PDF' }).click()]);
    assert.equal(pdf.suggestedFilename(), `uppfoljning-${year}-${tertial}-tranemo.pdf`);
    const text = pdfToText(await readFile(await pdf.path()));
    assert.match(text, new RegExp(`Uppföljning ${tertial} ${year}`));
    assert.match(text, /Andel lösta av första linjen/);
    assert.match(text, /50\s*%/);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner som Excel' }).click()]);
    const book = new ExcelJS.Workbook();
    const bytes = await readFile(await xlsx.path());
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const summary = book.getWorksheet('Sammanfattning');
    assert.ok(summary, 'a summary sheet');
    let share: unknown;
    summary.eachRow((row) => {
      if (row.values instanceof Array && row.values.includes('Andel lösta av första linjen')) share = row.getCell(3).value;
    });
    assert.equal(share, 0.5, 'the share is the number 0.5 in the workbook');
  });
});
