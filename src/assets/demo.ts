import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../mission/service.ts';
import { actorFromUser } from '../org/sessions.ts';
import type { Db } from '../platform/db/client.ts';
import * as store from './demo-store.ts';
import * as service from './service.ts';

/**
 * Demo equipment for `npm run demo` (issue 7): per municipality computers, a phone, a tablet and a
 * screen in use, a computer on order, one returned early (still billed, R-5.4) and one retired and
 * erased with its protocol. Made through the service as the IT administrator, so history,
 * billing periods and audit are what real use gives. Runs only when the register is empty.
 */
export async function seedDemoAssets(db: Db): Promise<number> {
  if ((await store.countAssets(db)) > 0) return 0;
  const admin = await store.accountNamed(db, 'itadmin');
  if (!admin) return 0;
  const actor = actorFromUser(admin);
  const today = stockholmToday();
  const ago = (months: number, days = 0) => Temporal.PlainDate.from(today).subtract({ months, days }).toString();
  let created = 0;
  for (const m of await store.municipalitiesByCode(db)) {
    const staff = await store.staffOf(db, m.id, 6);
    const prefix = m.code.slice(0, 2).toUpperCase();
    const [a, b, c, d] = staff;
    if (!a?.unitId || !b?.unitId || !c?.unitId || !d?.unitId) continue;
    const register = async (input: Partial<service.TAssetInput> & Pick<service.TAssetInput, 'unitId' | 'deviceType' | 'model' | 'serial'>) => {
      created += 1;
      return service.registerAsset(db, actor, input);
    };
    const event = (id: string, version: number, input: Record<string, unknown>) =>
      service.applyAssetEvent(db, actor, id, { version, ...input } as service.TEventInput);
    await register({
      unitId: a.unitId,
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'Lenovo ThinkPad T14 Gen 2',
      serial: `${prefix}-PC-1001`,
      holderPersonId: a.id,
      location: 'Kommunhuset',
      deliveredOn: ago(45),
    });
    await register({
      unitId: b.unitId,
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'HP EliteBook 840 G9',
      serial: `${prefix}-PC-1002`,
      holderPersonId: b.id,
      location: 'Kommunhuset',
      deliveredOn: ago(14),
    });
    await register({
      unitId: a.unitId,
      deviceType: 'phone',
      serviceCode: 'mobiltelefon',
      model: 'iPhone 14',
      serial: `${prefix}-MOB-2001`,
      holderPersonId: a.id,
      deliveredOn: ago(10),
    });
    await register({
      unitId: c.unitId,
      deviceType: 'tablet',
      serviceCode: 'surfplatta',
      model: 'iPad 10',
      serial: `${prefix}-PAD-3001`,
      holderPersonId: c.id,
      deliveredOn: ago(6),
    });
    await register({
      unitId: d.unitId,
      deviceType: 'screen',
      model: 'Dell P2423',
      serial: `${prefix}-SKR-4001`,
      location: 'Sammanträdesrum 2',
      deliveredOn: ago(20),
    });
    await register({
      unitId: d.unitId,
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'Lenovo ThinkPad T14 Gen 4',
      serial: `${prefix}-PC-1003`,
      status: 'ordered',
      orderedOn: ago(0, 5),
    });
    const early = await register({
      unitId: c.unitId,
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'HP EliteBook 840 G8',
      serial: `${prefix}-PC-1004`,
      holderPersonId: c.id,
      deliveredOn: ago(9),
    });
    await event(early.id, early.version, { kind: 'return', date: ago(0, 12) });
    const old = await register({
      unitId: b.unitId,
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'Lenovo ThinkPad T480',
      serial: `${prefix}-PC-0999`,
      holderPersonId: b.id,
      deliveredOn: ago(50),
    });
    const retired = await event(old.id, old.version, { kind: 'retire', date: ago(1) });
    await event(old.id, retired.version, {
      kind: 'erase',
      date: ago(0, 20),
      erasedBy: { kind: 'certified_provider', name: 'Återbruk Väst AB' },
      method: 'NIST 800-88 Purge',
      serial: old.serial,
    });
  }
  return created;
}
