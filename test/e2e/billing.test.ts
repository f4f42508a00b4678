import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestClient, TestContext } from '../support/app.ts';
import { registerBilledAsset, unitManagerOf } from '../support/billing.ts';
import { type BrowserSuite, fact, factText, mainMenu, signInToStart, startBrowserSuite } from './web.ts';

type Run = { id: string; runMonth: string; status: string };

/**
 * Issue 8 in the browser, on the seeded 2023 price list and mission (Ulricehamn
 * debited monthly, Tranemo every tertial):
 * (a) an economist of Ulricehamn computes the March 2023 run, reads its units and one unit's lines,
 *     marks it reviewed and then sees "Godkänn" disabled with the server's reason (four eyes, issue 16:
 *     the page offers only what the server allows); a second economist approves it after a
 *     confirmation that lists the run's open warnings (cancelled once first); Tranemo in March is
 *     refused on the month field;
 * (b) after a return recorded late, the April run carries the correction with its reason and the unit's
 *     changes since March;
 * (c) a unit manager reads the approved basis of their own unit and no other;
 * (d) the economist discards the April draft after confirming (cancel first, with the keyboard; a
 *     confirmation on a draft recomputed meanwhile is refused as stale in the dialog).
 *
 * Set-up written straight into the database before the browser starts, as test/api/billing.test.ts
 * does: each computer's price article and billing periods (the lifecycle writes them; here they are
 * chosen), and later the history a late return leaves. Role-based locators throughout.
 */
describe('web: billing runs (issue 8)', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let admin: TestClient;
  let school: { id: string; code: string; name: string };
  let other: { id: string; code: string; name: string };
  const assets: Record<string, string> = {};

  before(async () => {
    suite = await startBrowserSuite();
    ({ ctx, server } = suite);
    admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
    await ctx.userClient({ username: 'eva.ekonom', roles: ['finance'], municipality: 'ulricehamn' });
    await ctx.userClient({ username: 'olof.ekonomichef', roles: ['finance'], municipality: 'ulricehamn' });
    await ctx.userClient({ username: 'it.chef', roles: ['it_management'], municipality: null });

    const units = await admin.json<{ items: { id: string; code: string; name: string }[] }>(
      'GET',
      `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`,
    );
    const unit = (code: string) => {
      const u = units.body.items.find((x) => x.code === code);
      assert.ok(u, `unit ${code}`);
      return u;
    };
    school = unit('FFL-GR-ATR');
    other = unit('FFL-GR-STB');

    // The principal of Ätradalsskolan manages it (a unit manager is the account of a person of the unit).
    await unitManagerOf(ctx, admin, { username: 'maja.chef', firstName: 'Maja', unitId: school.id, municipality: 'ulricehamn' });

    // Two rented computers at the school (450 kr a month), one at the other school (550 kr a month).
    const register = async (serial: string, unitId: string, from: string, articleCode: string) => {
      assets[serial] = await registerBilledAsset(ctx, admin, { serial, unitId, periods: [{ from, to: null }], articleCode });
    };
    await register('BILL-1', school.id, '2022-11-15', 'DATOR-ADM');
    await register('BILL-2', school.id, '2023-02-10', 'DATOR-ADM');
    await register('BILL-3', other.id, '2022-05-02', 'DATOR-ADM-PLUS');
  });

  after(async () => {
    await suite?.close();
  });

  const signInAs = (page: Page, username: string) => signInToStart(page, server.url, username);
  const menu = mainMenu;
  async function openBilling(page: Page): Promise<void> {
    await menu(page).getByRole('link', { name: 'Fakturering', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fakturering' }).waitFor();
  }
  /** Fills the compute form and submits it. */
  async function compute(page: Page, month: string, municipality?: string): Promise<void> {
    const form = page.getByRole('form', { name: 'Beräkna körning' });
    if (municipality) await form.getByRole('combobox', { name: 'Kommun', exact: true }).selectOption({ label: municipality });
    await form.getByRole('textbox', { name: 'Månad', exact: true }).fill(month);
    await form.getByRole('button', { name: 'Beräkna' }).click();
  }
  const actions = (page: Page) => page.getByRole('group', { name: 'Åtgärder' });
  const runsOf = async (): Promise<Run[]> => (await admin.json<{ items: Run[] }>('GET', '/api/v1/billing/runs?municipality=ulricehamn')).body.items;

  test('issue 8 (a): an economist computes Ulricehamn’s March run, drills into a unit and reviews it; her own approval is refused (four eyes), a second economist approves; Tranemo in March is refused on the month', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'eva.ekonom');
    await openBilling(page);
    await page.getByRole('region', { name: 'Ulricehamns kommun' }).getByText('Inga körningar ännu.').waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Kommun', exact: true }).count(), 0, 'an economist of one municipality computes her own');

    // Compute March: the run opens as a draft of the month itself, debited internally.
    await compute(page, '2023-03');
    await page.getByRole('heading', { level: 1, name: 'Faktureringskörning Ulricehamns kommun, mars 2023' }).waitFor();
    await fact(page, 'Status').getByText('Utkast', { exact: true }).waitFor();
    assert.equal(await factText(page, 'Summa'), '1 450,00 kr');
    assert.equal(await factText(page, 'Rader'), '3');
    assert.equal(await factText(page, 'Månader som debiteras'), 'mars 2023');
    assert.equal(await factText(page, 'Central kostnad'), 'Ingen');
    assert.equal(await factText(page, 'Debiteras'), 'Internt (intern debitering)');
    assert.equal(await factText(page, 'Jämförs med'), 'Ingen tidigare godkänd körning');
    await page.getByText('Inga varningar.').waitFor();

    // The units, sortable and filterable.
    const units = page.getByRole('region', { name: 'Enheter i körningen' });
    await units.getByRole('row', { name: /FFL-GR-ATR.*Ätradalsskolan.*900,00\skr.*0,00\skr.*\+900,00\skr/ }).waitFor();
    await units.getByRole('row', { name: /FFL-GR-STB.*Stenbocksskolan.*550,00\skr/ }).waitFor();
    await units.getByRole('row', { name: /^Summa\s+1\s450,00\skr/ }).waitFor();
    /** Waits until the first unit of the table is `code`. */
    const firstUnitIs = (code: string) => units.getByRole('row').nth(1).getByRole('rowheader', { name: code, exact: true }).waitFor();
    const total = units.getByRole('columnheader', { name: 'Summa' });
    await firstUnitIs('FFL-GR-ATR');
    assert.equal(await units.getByRole('columnheader', { name: 'Enhetskod' }).getAttribute('aria-sort'), 'ascending', 'by unit code at first');
    await total.getByRole('button', { name: 'Summa' }).click();
    await firstUnitIs('FFL-GR-STB');
    assert.equal(await total.getAttribute('aria-sort'), 'ascending', 'the smaller total first');
    assert.equal(await units.getByRole('columnheader', { name: 'Enhetskod' }).getAttribute('aria-sort'), 'none');
    await total.getByRole('button', { name: 'Summa' }).press('Enter');
    await firstUnitIs('FFL-GR-ATR');
    assert.equal(await total.getAttribute('aria-sort'), 'descending', 'the larger total first');
    await page.getByRole('searchbox', { name: 'Filtrera enheter' }).fill('sten');
    await units.getByRole('link', { name: 'FFL-GR-ATR' }).waitFor({ state: 'detached' });
    await page.getByText('1 av 2 enheter').waitFor();
    await page.getByRole('searchbox', { name: 'Filtrera enheter' }).fill('');
    await units.getByRole('link', { name: 'FFL-GR-ATR' }).waitFor();

    // The exports are plain downloads; SIE only once approved.
    const exports = page.getByRole('region', { name: 'Exporter' });
    const run = (await runsOf())[0];
    assert.ok(run);
    assert.equal(await exports.getByRole('link', { name: 'CSV, alla rader' }).getAttribute('href'), `/api/v1/billing/runs/${run.id}/export.csv`);
    assert.equal(await exports.getByRole('link', { name: 'CSV, alla rader' }).getAttribute('download'), '');
    assert.equal(await exports.getByRole('link', { name: /^Excel/ }).getAttribute('href'), `/api/v1/billing/runs/${run.id}/export.xlsx`);
    assert.equal(await exports.getByRole('link', { name: /SIE/ }).count(), 0);
    // Fetched as the signed-in browser would download it (same cookies).
    const csv = await page.context().request.get(new URL(`/api/v1/billing/runs/${run.id}/export.csv`, server.url).toString());
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'] ?? '', /^text\/csv/);

    // Drill into the school: its accounting string and its lines, each with the rule that reached it.
    await units.getByRole('link', { name: 'FFL-GR-ATR' }).click();
    await page.getByRole('heading', { level: 1, name: 'Debiteringsunderlag Ätradalsskolan (FFL-GR-ATR)' }).waitFor();
    assert.equal(await factText(page, 'Konteringssträng'), 'Ansvar 5210 · Verksamhet 425');
    assert.equal(await factText(page, 'Denna faktura'), '900,00 kr');
    assert.equal(await factText(page, 'Föregående faktura'), 'ingen föregående faktura');
    await page.getByRole('note').getByText('Körningen är inte godkänd; underlaget kan ändras.').waitFor();
    const periodic = page.getByRole('region', { name: 'Periodiska tjänster, rader' });
    for (const serial of ['BILL-1', 'BILL-2']) {
      await periodic
        .getByRole('row', { name: new RegExp(`^${serial}.*DATOR-ADM.*mars 2023.*1 månad.*450,00\\skr/mån.*450,00\\skr.*månaden efter leverans`) })
        .waitFor();
    }
    await periodic.getByRole('row', { name: /^Summa\s+900,00\skr/ }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Rättelser, rader' }).count(), 0);
    await page
      .getByRole('region', { name: 'Förändringar sedan föregående faktura' })
      .getByText('Det finns ingen tidigare godkänd faktura att jämföra med.')
      .waitFor();
    assert.equal(
      await page.getByRole('link', { name: 'Debiteringsunderlag (PDF)' }).getAttribute('href'),
      `/api/v1/billing/runs/${run.id}/units/${school.id}/basis.pdf`,
    );

    // Back to the run: mark it reviewed, then try to approve it herself.
    await fact(page, 'Körning').getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Faktureringskörning Ulricehamns kommun, mars 2023' }).waitFor();
    assert.deepEqual(await actions(page).getByRole('button').allTextContents(), ['Granska', 'Räkna om', 'Ta bort utkastet']);
    await actions(page).getByRole('button', { name: 'Granska' }).click();
    await fact(page, 'Status').getByText('Granskad', { exact: true }).waitFor();
    assert.match(await factText(page, 'Granskad'), /, av dig$/);
    // Issue 16: the server's answer says she may not approve her own review; the page shows exactly that.
    assert.deepEqual(await actions(page).getByRole('button').allTextContents(), ['Godkänn', 'Skicka tillbaka']);
    const ownApproval = actions(page).getByRole('button', { name: 'Godkänn' });
    assert.equal(await ownApproval.isDisabled(), true, 'the reviewer sees Godkänn disabled');
    assert.equal(await actions(page).getByRole('button', { name: 'Skicka tillbaka' }).isDisabled(), false);
    await page.getByRole('list', { name: 'Steg du inte kan ta' }).getByText('Godkänn: körningen ska godkännas av någon annan än den som granskade').waitFor();
    assert.match((await ownApproval.getAttribute('aria-describedby')) ?? '', /run-action-why-approve/, 'the reason is the disabled button’s description');
    assert.equal((await runsOf())[0]?.status, 'reviewed', 'nothing changed');

    // A second economist approves it from the list.
    const second = await suite.newPage(t);
    if (!second) return;
    await signInAs(second, 'olof.ekonomichef');
    await openBilling(second);
    const list = second.getByRole('region', { name: 'Körningar, Ulricehamns kommun' });
    await list.getByRole('row', { name: /mars 2023.*Granskad.*1\s450,00\skr.*3.*0/ }).waitFor();
    // An open warning on the run (written straight into the draft, as a price missing for a month would).
    await ctx.database.query('update billing_runs set warnings = $1::jsonb where id = $2', [
      JSON.stringify([
        {
          subjectId: assets['BILL-1'],
          subjectLabel: 'BILL-9',
          reason: 'article SKARM-24 has no monthly fee on 2023-03-01',
          reasonSv: 'artikel SKARM-24 saknar månadsavgift 2023-03-01',
        },
      ]),
      run.id,
    ]);
    await list.getByRole('link', { name: 'mars 2023' }).click();
    await second.getByRole('heading', { level: 1, name: 'Faktureringskörning Ulricehamns kommun, mars 2023' }).waitFor();
    assert.equal(await second.getByRole('list', { name: 'Steg du inte kan ta' }).count(), 0, 'the second economist may take every step offered');
    // Approving asks first and lists the open warnings; Cancel has the focus and changes nothing.
    await actions(second).getByRole('button', { name: 'Godkänn' }).click();
    const confirm = second.getByRole('dialog', { name: 'Godkänna körningen för mars 2023?' });
    await confirm.waitFor();
    await confirm.getByText(/Körningen har en varning som inte är åtgärdad/).waitFor();
    assert.deepEqual(await confirm.getByRole('list', { name: 'Varningar i körningen' }).getByRole('listitem').allTextContents(), [
      'BILL-9: artikel SKARM-24 saknar månadsavgift 2023-03-01',
    ]);
    assert.equal(await confirm.getByRole('button', { name: 'Avbryt' }).evaluate((el) => el === document.activeElement), true, 'Cancel has the focus');
    await second.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    assert.equal((await runsOf())[0]?.status, 'reviewed', 'cancelled: nothing changed');
    await actions(second).getByRole('button', { name: 'Godkänn' }).click();
    await second.getByRole('dialog', { name: 'Godkänna körningen för mars 2023?' }).getByRole('button', { name: 'Godkänn' }).click();
    await fact(second, 'Status').getByText('Godkänd', { exact: true }).waitFor();
    // Who reviewed is named to the approver (the reviewer's display name).
    assert.match(await factText(second, 'Granskad'), /, av eva\.ekonom$/);
    assert.match(await factText(second, 'Godkänd'), /, av dig$/);
    await second.getByText('En godkänd körning ändras aldrig; rättelser kommer i nästa körning.').waitFor();
    assert.equal(await actions(second).count(), 0, 'an approved run offers nothing');
    assert.equal(
      await second.getByRole('region', { name: 'Exporter' }).getByRole('link', { name: 'SIE 4I för bokföringen' }).getAttribute('href'),
      `/api/v1/billing/runs/${run.id}/export.se`,
    );
    assert.equal((await runsOf())[0]?.status, 'approved');

    // IT management spans both municipalities: Tranemo is invoiced per tertial, so March is refused on the month.
    const chief = await suite.newPage(t);
    if (!chief) return;
    await signInAs(chief, 'it.chef');
    await openBilling(chief);
    await chief.getByRole('region', { name: 'Tranemo kommun' }).getByText('Inga körningar ännu.').waitFor();
    await chief.getByRole('region', { name: 'Körningar, Ulricehamns kommun' }).getByRole('link', { name: 'mars 2023' }).waitFor();
    await compute(chief, '2023-03', 'Tranemo kommun');
    const month = chief.getByRole('form', { name: 'Beräkna körning' }).getByRole('textbox', { name: 'Månad', exact: true });
    await chief.getByText('Tranemo kommun faktureras inte 2023-03; körningar görs i januari, maj, september').waitFor();
    assert.equal(await month.getAttribute('aria-invalid'), 'true');
    await chief.getByRole('heading', { level: 1, name: 'Fakturering' }).waitFor();
    const tranemo = await admin.json<{ items: Run[] }>('GET', '/api/v1/billing/runs?municipality=tranemo');
    assert.equal(tranemo.body.items.length, 0, 'nothing was written');
  });

  test('issue 8 (b): after a return recorded late, the April run shows the correction with its reason and the unit’s changes since March', async (t) => {
    // BILL-1 was returned on 10 February, but recorded only now, after March was approved.
    const b1 = assets['BILL-1'] ?? '';
    await ctx.database.query("update asset_billing_periods set to_on = '2023-02-10' where asset_id = $1", [b1]);
    // Recorded at the app's now (its clock), not the database's: as of a January test day the database's would be earlier.
    await ctx.database.query(
      "insert into asset_events (asset_id, municipality_id, kind, occurred_on, from_status, to_status, at) select id, municipality_id, 'return', '2023-02-10', 'active', 'returned', $2 from assets where id = $1",
      [b1, ctx.deps.clock.now().toISOString()],
    );

    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'eva.ekonom');
    await openBilling(page);
    await compute(page, '2023-04');
    await page.getByRole('heading', { level: 1, name: 'Faktureringskörning Ulricehamns kommun, april 2023' }).waitFor();
    assert.equal(await factText(page, 'Jämförs med'), 'godkänd körning mars 2023 (1 450,00 kr)');
    assert.equal(await factText(page, 'Summa'), '550,00 kr');
    const units = page.getByRole('region', { name: 'Enheter i körningen' });
    // The school: April's charge for BILL-2 and March credited for BILL-1 → 0 kr, 900 kr less than March.
    await units.getByRole('row', { name: /FFL-GR-ATR.*Ätradalsskolan.*0,00\skr.*900,00\skr.*−900,00\skr.*−450,00\skr/ }).waitFor();
    await units.getByRole('row', { name: /FFL-GR-STB.*Stenbocksskolan.*550,00\skr.*550,00\skr.*0,00\skr/ }).waitFor();

    await units.getByRole('link', { name: 'FFL-GR-ATR' }).click();
    await page.getByRole('heading', { level: 1, name: 'Debiteringsunderlag Ätradalsskolan (FFL-GR-ATR)' }).waitFor();
    assert.equal(await factText(page, 'Föregående faktura'), '900,00 kr (mars 2023)');
    assert.equal(await factText(page, 'Förändring'), '−900,00 kr');
    await page
      .getByRole('region', { name: 'Periodiska tjänster, rader' })
      .getByRole('row', { name: /^BILL-2.*april 2023.*450,00\skr/ })
      .waitFor();
    const corrections = page.getByRole('region', { name: 'Rättelser, rader' });
    await corrections.getByRole('row', { name: /^BILL-1.*mars 2023.*450,00\skr.*−450,00\skr.*återlämnad 2023-02-10/ }).waitFor();
    await corrections.getByRole('row', { name: /^Summa\s+−450,00\skr/ }).waitFor();

    const changes = page.getByRole('region', { name: 'Förändringar sedan föregående faktura' });
    await changes.getByText('Jämfört med den godkända körningen mars 2023.', { exact: false }).waitFor();
    await changes.getByRole('row', { name: /^BILL-1.*Borttagen.*450,00\skr.*0,00\skr.*−450,00\skr.*återlämnad 2023-02-10/ }).waitFor();
    await changes.getByRole('row', { name: /^BILL-1.*Tillagd.*0,00\skr.*−450,00\skr.*−450,00\skr.*rättelse: återlämnad 2023-02-10/ }).waitFor();
    await changes.getByRole('row', { name: /^Förändring totalt\s+−900,00\skr/ }).waitFor();
    assert.equal(await changes.getByRole('row', { name: /^BILL-2/ }).count(), 0, 'BILL-2 costs what it did');
  });

  test('issue 8 (c): a unit manager reads the approved basis of their own unit and not others', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'maja.chef');
    await openBilling(page);
    await page.getByText('Godkända debiteringsunderlag för de enheter du är chef för.').waitFor();
    assert.equal(await page.getByRole('form', { name: 'Beräkna körning' }).count(), 0, 'managers compute nothing');
    const list = page.getByRole('region', { name: 'Körningar, Ulricehamns kommun' });
    // Her units' total (900 kr of Ätradalsskolan), not the municipality's.
    await list.getByRole('row', { name: /mars 2023.*Godkänd.*900,00\skr/ }).waitFor();
    assert.equal(await list.getByRole('link', { name: 'april 2023' }).count(), 0, 'the April draft is finance’s');

    await list.getByRole('link', { name: 'mars 2023' }).click();
    await page.getByRole('heading', { level: 1, name: 'Faktureringskörning Ulricehamns kommun, mars 2023' }).waitFor();
    await page.getByText('Enheterna du är chef för.').waitFor();
    assert.equal(await actions(page).count(), 0);
    assert.equal(await page.getByRole('region', { name: 'Exporter' }).count(), 0);
    const units = page.getByRole('region', { name: 'Enheter i körningen' });
    await units.getByRole('row', { name: /FFL-GR-ATR.*Ätradalsskolan.*900,00\skr/ }).waitFor();
    assert.equal(await units.getByRole('link', { name: other.code }).count(), 0, 'only her unit');

    await units.getByRole('link', { name: school.code }).click();
    await page.getByRole('heading', { level: 1, name: `Debiteringsunderlag ${school.name} (${school.code})` }).waitFor();
    assert.equal(await factText(page, 'Denna faktura'), '900,00 kr');
    assert.equal(await page.getByRole('note').count(), 0, 'an approved basis');
    await page
      .getByRole('region', { name: 'Periodiska tjänster, rader' })
      .getByRole('row', { name: /^BILL-1/ })
      .waitFor();
    const href = await page.getByRole('link', { name: 'Debiteringsunderlag (PDF)' }).getAttribute('href');
    assert.ok(href, 'the basis links its PDF');
    const pdf = await page.context().request.get(new URL(href, server.url).toString());
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    const foreign = await page.context().request.get(new URL(href.replace(school.id, other.id), server.url).toString());
    assert.equal(foreign.status(), 404, 'not another unit’s PDF');

    // Another unit's basis, or the April draft, is not found for her.
    const [april, march] = await runsOf();
    assert.ok(april && march && april.runMonth === '2023-04' && march.runMonth === '2023-03');
    await page.goto(`${server.url}/fakturering/${march.id}/enhet/${other.id}`);
    await page.getByRole('alert').getByText('Hittades inte.').waitFor();
    assert.equal(await page.getByText('BILL-3').count(), 0);
    await page.goto(`${server.url}/fakturering/${april.id}`);
    await page.getByRole('alert').getByText('Hittades inte.').waitFor();
  });

  test('issue 8 (d): an economist discards the April draft after confirming; it leaves the list and March stays', async (t) => {
    const page = await suite.newPage(t);
    if (!page) return;
    await signInAs(page, 'eva.ekonom');
    await openBilling(page);
    const list = page.getByRole('region', { name: 'Körningar, Ulricehamns kommun' });
    await list.getByRole('link', { name: 'april 2023' }).click();
    await page.getByRole('heading', { level: 1, name: 'Faktureringskörning Ulricehamns kommun, april 2023' }).waitFor();

    // The dialog opens with Cancel focused: Enter there keeps the draft.
    await actions(page).getByRole('button', { name: 'Ta bort utkastet' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ta bort utkastet för april 2023?' });
    await dialog.getByText('Inget har fakturerats från ett utkast', { exact: false }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(
      (await runsOf()).map((r) => r.runMonth),
      ['2023-04', '2023-03'],
      'cancelled: nothing removed',
    );

    // Someone recomputes the draft while the dialog is open: the removal is refused as stale, said in
    // the dialog, and nothing is removed until the economist confirms again on the run as it is now.
    await actions(page).getByRole('button', { name: 'Ta bort utkastet' }).click();
    const olof = await ctx.userClient({ username: 'olof.ekonomichef', roles: ['finance'], municipality: 'ulricehamn' });
    assert.equal((await olof.json('POST', '/api/v1/billing/runs', { municipality: 'ulricehamn', month: '2023-04' })).status, 201);
    await dialog.getByRole('button', { name: 'Ta bort utkastet' }).click();
    await dialog.getByRole('alert').getByText('Körningen har ändrats sedan du öppnade sidan', { exact: false }).waitFor();
    assert.ok(await dialog.getByRole('button', { name: 'Ta bort utkastet' }).isDisabled(), 'no second try on the old version');
    assert.deepEqual(
      (await runsOf()).map((r) => r.runMonth),
      ['2023-04', '2023-03'],
      'stale: nothing removed',
    );
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'detached' });

    await actions(page).getByRole('button', { name: 'Ta bort utkastet' }).click();
    await dialog.getByRole('button', { name: 'Ta bort utkastet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fakturering' }).waitFor();
    await page.getByText('Utkastet är borttaget.').waitFor();
    await list.getByRole('link', { name: 'april 2023' }).waitFor({ state: 'detached' });
    await list.getByRole('link', { name: 'mars 2023' }).waitFor();
    assert.deepEqual(
      (await runsOf()).map((r) => r.runMonth),
      ['2023-03'],
    );
  });
});
