import { municipalitiesByCode } from '../assets/demo-store.ts';
import { copyPriceList } from '../catalogue/service.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { actorFromUser } from '../org/sessions.ts';
import type { Db } from '../platform/db/client.ts';
import { runScope } from './rules.ts';
import { addMonthsYm, monthOf } from '../calendar/dates.ts';
import * as store from './demo-store.ts';
import { computeRun, transitionRun } from './service.ts';
import { createSubscription } from './subscriptions.ts';

/**
 * Demo billing for `npm run demo` (issue 8), after the demo equipment: this year's price list (the
 * example 2023 list copied forward, as an administrator would), the demo equipment's price articles,
 * subscriptions (IT support per user, an application, the central cost), and runs made through the
 * service as the demo accounts would: Ulricehamn's previous month approved (reviewed by the IT
 * administrator, approved by the municipality's economist) and this month as a draft; Tranemo's latest
 * tertial as a draft. Runs only when no billing run exists.
 */

/** The price article of the demo equipment by service (POST /assets takes no article; see issue 7). */
const DEMO_ARTICLES: Record<string, string> = { datorarbetsplats: 'DATOR-ADM', mobiltelefon: 'MOBIL-STD', surfplatta: 'SURFPLATTA' };

export async function seedDemoBilling(db: Db): Promise<number> {
  if ((await store.countRuns(db)) > 0) return 0;
  const accounts = await store.accountsNamed(db, ['itadmin', 'ekonom.tranemo', 'ekonom.ulricehamn']);
  const actor = (username: string) => {
    const u = accounts.find((a) => a.username === username);
    return u ? actorFromUser(u) : undefined;
  };
  const admin = actor('itadmin');
  if (!admin) return 0;
  const today = stockholmToday();
  const year = Number(today.slice(0, 4));
  for (let y = (await store.latestPriceListYear(db)) ?? year; y < year; y++) await copyPriceList(db, admin, y);

  for (const [service, article] of Object.entries(DEMO_ARTICLES)) {
    await store.setArticleOfService(db, service, article);
  }
  await store.setArticleOfDeviceType(db, 'screen', 'SMART-SKARM');

  const month = monthOf(today);
  let runs = 0;
  for (const m of await municipalitiesByCode(db)) {
    const economist = actor(`ekonom.${m.code}`);
    if (!economist) continue;
    const withAssets = await store.unitsWithAssets(db, m.id);
    const [first, second] = withAssets;
    if (!first || !second) continue;
    await createSubscription(db, economist, { unitId: first.id, articleCode: 'ITSTOD-ANV', quantity: 12, startsOn: `${year - 1}-01-01` });
    await createSubscription(db, economist, { unitId: second.id, articleCode: 'ITSTOD-ANV', quantity: 4, startsOn: `${year - 1}-01-01` });
    await createSubscription(db, economist, {
      unitId: first.id,
      articleCode: 'APP-SCHABLON',
      label: 'Verksamhetssystem (demo)',
      quantity: 1,
      startsOn: `${year - 2}-03-01`,
    });
    await createSubscription(db, economist, { unitId: first.id, articleCode: 'CENTRAL', quantity: 1, startsOn: `${year - 2}-01-01` });

    if (m.code === 'ulricehamn') {
      const previous = await computeRun(db, economist, { municipality: m.code, month: addMonthsYm(month, -1) });
      const reviewed = await transitionRun(db, admin, previous.run.id, { action: 'review', version: previous.run.version });
      await transitionRun(db, economist, reviewed.id, { action: 'approve', version: reviewed.version });
      await computeRun(db, economist, { municipality: m.code, month });
      runs += 2;
    } else {
      // Tranemo: the latest month on or before this one that its schedule invoices (a tertial month).
      const mission = (await missionOn(db, today)).document;
      const latestRun = Array.from({ length: 12 }, (_, i) => addMonthsYm(month, -i)).find((mo) => {
        const scope = runScope(mission, m.code, mo);
        return scope.ok && scope.scope.periodicMonths.length > 0;
      });
      if (!latestRun) continue;
      await computeRun(db, economist, { municipality: m.code, month: latestRun });
      runs += 1;
    }
  }
  return runs;
}
