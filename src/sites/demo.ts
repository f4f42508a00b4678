import { Temporal } from 'temporal-polyfill';
import { municipalitiesByCode } from '../assets/demo-store.ts';
import { registerAsset } from '../assets/service.ts';
import { stockholmToday } from '../mission/service.ts';
import { actorFromUser } from '../org/sessions.ts';
import { accountNamed } from '../assets/demo-store.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import type { Site, SiteInput } from './contract.ts';
import * as store from './demo-store.ts';
import * as loans from './pool.ts';
import * as service from './service.ts';
import type { SiteKind } from './rules.ts';

/**
 * Demo sites and laptop pool for `npm run demo` (issue 22): per municipality its command post
 * (Kommunhuset in Tranemo, Stadshuset in Ulricehamn), two network nodes — one with too little UPS —
 * an operation site, a few ordinary addresses, a switch in a rack at a node, and a pool of five
 * laptops: one out on loan, one overdue, one returned (charged by the demo's billing run, which comes
 * after), one booked ahead and one free. Made through the services as the IT administrator, as of the
 * demo's day, so history, approvals, billing periods and audit are what real use gives. Runs only when
 * the register of sites is empty.
 */

interface DemoSite {
  name: string;
  kind: SiteKind;
  address: string;
  operator: string;
  capacity: string;
  units: string[];
  /** UPS hours; undefined: none. */
  ups?: number;
  diesel?: boolean;
  coolingAndFire?: boolean;
}

const DEMO: Record<string, { prefix: string; sites: DemoSite[] }> = {
  tranemo: {
    prefix: 'TR',
    sites: [
      {
        name: 'Kommunhuset',
        kind: 'command_post',
        address: 'Storgatan 21, Tranemo',
        operator: 'Tranemo Stadsnät',
        capacity: '10 Gbit/s',
        units: ['KLF-EK-EKO'],
        ups: 6,
      },
      {
        name: 'Knutpunkt Limmared',
        kind: 'node',
        address: 'Järnvägsgatan 4, Limmared',
        operator: 'Tranemo Stadsnät',
        capacity: '10 Gbit/s',
        units: [],
        ups: 4,
        coolingAndFire: true,
      },
      {
        name: 'Knutpunkt Länghem',
        kind: 'node',
        address: 'Skolvägen 2, Länghem',
        operator: 'Tranemo Stadsnät',
        capacity: '1 Gbit/s',
        units: ['BUF-GR-LHS'],
        ups: 2,
        coolingAndFire: true,
      },
      {
        name: 'Driftplats Tranemo',
        kind: 'operation_site',
        address: 'Ringvägen 9, Tranemo',
        operator: 'Tranemo Stadsnät',
        capacity: '10 Gbit/s',
        units: [],
        ups: 8,
        diesel: true,
        coolingAndFire: true,
      },
      {
        name: 'Ljungsarpsskolan',
        kind: 'address',
        address: 'Ljungsarpsvägen 10, Tranemo',
        operator: 'Tranemo Stadsnät',
        capacity: '1 Gbit/s',
        units: ['BUF-GR-LJS'],
      },
      { name: 'Länghemsskolan', kind: 'address', address: 'Skolvägen 4, Länghem', operator: 'Tranemo Stadsnät', capacity: '1 Gbit/s', units: ['BUF-GR-LHS'] },
      {
        name: 'Förskolan Solrosen',
        kind: 'address',
        address: 'Solrosvägen 3, Tranemo',
        operator: 'Tranemo Stadsnät',
        capacity: '500 Mbit/s',
        units: ['BUF-FSK-SOL'],
      },
    ],
  },
  ulricehamn: {
    prefix: 'UL',
    sites: [
      {
        name: 'Stadshuset',
        kind: 'command_post',
        address: 'Nygatan 7, Ulricehamn',
        operator: 'Ulricehamns Energi',
        capacity: '10 Gbit/s',
        units: ['KLF-IT-SUP'],
        ups: 5,
      },
      {
        name: 'Knutpunkt Gällstad',
        kind: 'node',
        address: 'Kyrkvägen 1, Gällstad',
        operator: 'Ulricehamns Energi',
        capacity: '10 Gbit/s',
        units: [],
        ups: 4,
        coolingAndFire: true,
      },
      {
        name: 'Knutpunkt Hökerum',
        kind: 'node',
        address: 'Hökerumsvägen 12, Hökerum',
        operator: 'Ulricehamns Energi',
        capacity: '1 Gbit/s',
        units: [],
        ups: 1.5,
        coolingAndFire: true,
      },
      {
        name: 'Driftplats Ulricehamn',
        kind: 'operation_site',
        address: 'Verkstadsgatan 3, Ulricehamn',
        operator: 'Ulricehamns Energi',
        capacity: '10 Gbit/s',
        units: [],
        ups: 8,
        diesel: true,
        coolingAndFire: true,
      },
      {
        name: 'Ätradalsskolan',
        kind: 'address',
        address: 'Ätradalsvägen 2, Ulricehamn',
        operator: 'Ulricehamns Energi',
        capacity: '1 Gbit/s',
        units: ['FFL-GR-ATR'],
      },
      {
        name: 'Stenbocksskolan',
        kind: 'address',
        address: 'Stenbocksgatan 5, Ulricehamn',
        operator: 'Ulricehamns Energi',
        capacity: '1 Gbit/s',
        units: ['FFL-GR-STB'],
      },
      {
        name: 'Hemtjänst Centrum',
        kind: 'address',
        address: 'Bogesundsgatan 14, Ulricehamn',
        operator: 'Ulricehamns Energi',
        capacity: '500 Mbit/s',
        units: ['VOF-AO-HTC'],
      },
    ],
  },
};

export async function seedDemoSites(db: Db): Promise<number> {
  if ((await store.countSites(db)) > 0) return 0;
  const admin = await accountNamed(db, 'itadmin');
  if (!admin) return 0;
  const actor = actorFromUser(admin);
  const today = stockholmToday();
  const day = (offset: number) => Temporal.PlainDate.from(today).add({ days: offset }).toString();
  let created = 0;
  for (const m of await municipalitiesByCode(db)) {
    const demo = DEMO[m.code];
    if (!demo) continue;
    const units = await store.unitsByCode(
      db,
      m.id,
      demo.sites.flatMap((s) => s.units),
    );
    for (const d of demo.sites) {
      let site = await service.createSite(db, actor, siteInput(m.id, d, units));
      site = await systems(db, actor, site, d, day);
      created += 1;
      if (d.kind === 'node' && d.ups !== undefined && d.ups >= 4) await networkEquipment(db, actor, site, `${demo.prefix}-SW-${created}`, day);
    }
    await laptopPool(db, actor, m.id, demo.prefix, day);
  }
  return created;
}

function siteInput(municipalityId: string, d: DemoSite, units: Map<string, string>): SiteInput {
  return {
    municipalityId,
    name: d.name,
    kind: d.kind,
    address: d.address,
    connectionKind: 'fibre',
    connectionOperator: d.operator,
    connectionCapacity: d.capacity,
    connectionEstablishedOn: '2014-09-01',
    paidConnection: 'municipality',
    paidBuildingNetwork: 'municipality',
    paidMaintenance: 'municipality',
    unitIds: d.units.flatMap((code) => units.get(code) ?? []),
    note: '',
  };
}

async function systems(db: Db, actor: Actor, site: Site, d: DemoSite, day: (offset: number) => string): Promise<Site> {
  const approval = { approvedOn: day(-200), basis: 'msb' as const, note: 'Besiktning på plats' };
  let s = site;
  const put = async (system: 'ups' | 'diesel' | 'cooling' | 'fire', body: Omit<Parameters<typeof service.recordSystem>[4], 'version'>) => {
    s = await service.recordSystem(db, actor, s.id, system, { ...body, version: s.version });
  };
  if (d.ups !== undefined) await put('ups', { present: true, autonomyHours: d.ups, automatic: null, description: 'UPS i rack', approval });
  if (d.diesel !== undefined) {
    await put('diesel', { present: true, autonomyHours: null, automatic: d.diesel, description: 'Dieselaggregat med automatisk omkoppling', approval });
  }
  if (d.coolingAndFire) {
    await put('cooling', { present: true, autonomyHours: null, automatic: null, description: 'Split-aggregat i nätverksrummet', approval });
    await put('fire', {
      present: true,
      autonomyHours: null,
      automatic: null,
      description: 'Brandlarm kopplat till räddningstjänsten',
      approval: { ...approval, basis: 'practice' },
    });
  }
  return s;
}

async function networkEquipment(db: Db, actor: Actor, site: Site, serial: string, day: (offset: number) => string): Promise<void> {
  const unitId = site.units[0]?.id ?? (await anyStaffUnit(db, site));
  if (!unitId) return;
  await registerAsset(db, actor, {
    unitId,
    deviceType: 'other',
    model: 'Cisco Catalyst 9300',
    serial,
    deliveredOn: day(-400),
    status: 'in_stock',
    location: site.name,
  });
  const withRack = await service.addRack(db, actor, site.id, {
    name: 'Skåp A',
    kind: 'cabinet',
    placement: 'Nätverksrummet',
    recommendedOn: day(-430),
    mountedOn: day(-410),
    note: '',
  });
  await service.placeEquipment(db, actor, site.id, { serial, rackId: withRack.racks[0]?.id ?? null, placedOn: day(-400), note: '' });
  await service.addMeeting(db, actor, site.id, {
    heldOn: day(-450),
    project: 'Nytt nätverksrum',
    outcome: 'Fastighetsägaren monterar skåp enligt IT:s rekommendation.',
  });
}

/** A node without units of its own: the equipment is registered to the unit of the first staff member. */
async function anyStaffUnit(db: Db, site: Site): Promise<string | undefined> {
  const [first] = await store.borrowersOf(db, site.municipality.id, 1);
  return first?.unitId ?? undefined;
}

/** five pool laptops — out on loan, overdue, returned, booked ahead, free. */
async function laptopPool(db: Db, actor: Actor, municipalityId: string, prefix: string, day: (offset: number) => string): Promise<void> {
  const borrowers = await store.borrowersOf(db, municipalityId, 3);
  const [first] = borrowers;
  if (!first?.unitId) return;
  const ids: string[] = [];
  for (let n = 1; n <= 5; n++) {
    const serial = `${prefix}-LAN-${String(n).padStart(2, '0')}`;
    const asset = await registerAsset(db, actor, {
      unitId: first.unitId,
      deviceType: 'computer',
      serviceCode: 'korttidshyra',
      model: 'Lenovo ThinkPad L14 Gen 4',
      serial,
      deliveredOn: day(-365),
      status: 'in_stock',
      location: 'IT:s kontor, lånepoolen',
    });
    await loans.addToPool(db, actor, { serial });
    ids.push(asset.id);
  }
  const borrower = (i: number) => borrowers[i % borrowers.length] ?? first;
  const loan = async (i: number, from: number, to: number, steps: { out?: number; back?: number }) => {
    const b = borrower(i);
    const assetId = ids[i];
    if (!assetId || !b.unitId) return;
    let booking = await loans.book(db, actor, { assetId, unitId: b.unitId, borrowerPersonId: b.id, from: day(from), to: day(to), note: '' });
    if (steps.out !== undefined) booking = await loans.handOut(db, actor, booking.id, { version: booking.version, date: day(steps.out) });
    if (steps.back !== undefined) await loans.returnLaptop(db, actor, booking.id, { version: booking.version, date: day(steps.back) });
  };
  await loan(0, -3, 4, { out: -3 });
  await loan(1, -12, -5, { out: -12 });
  await loan(2, -40, -30, { out: -40, back: -31 });
  await loan(3, 7, 13, {});
}
