import { MISSION_2023 } from '../mission/default-2023.ts';
import { saveMission } from '../mission/service.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { hashPassword, oneTimePassword } from '../platform/auth/passwords.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import type { AccountingCodeField, UnitLevel } from './rules.ts';
import * as seedStore from './seed-store.ts';
import { insertUser, listMunicipalities, listTeams } from './store.ts';

/**
 * The built-in configuration: Tranemo kommun and Ulricehamns kommun, each with its own
 * accounting code string and an example unit tree, the IT unit's three teams, and the 2023 mission.
 */
interface UnitSeed {
  code: string;
  name: string;
  level: UnitLevel;
  codes: Record<string, string>;
  children?: UnitSeed[];
}

const TRANEMO_FIELDS: AccountingCodeField[] = [
  { key: 'ansvar', label: 'Ansvar', required: true, pattern: '\\d{5}' },
  { key: 'verksamhet', label: 'Verksamhet', required: true, pattern: '\\d{4}' },
  { key: 'aktivitet', label: 'Aktivitet', required: false, pattern: '\\d{3}' },
  { key: 'projekt', label: 'Projekt', required: false, pattern: '\\d{4}' },
  { key: 'objekt', label: 'Objekt', required: false, pattern: '\\d{4}' },
];
const ULRICEHAMN_FIELDS: AccountingCodeField[] = [
  { key: 'ansvar', label: 'Ansvar', required: true, pattern: '\\d{4}' },
  { key: 'verksamhet', label: 'Verksamhet', required: true, pattern: '\\d{3}' },
  { key: 'aktivitet', label: 'Aktivitet', required: false, pattern: '\\d{4}' },
  { key: 'projekt', label: 'Projekt', required: false, pattern: '\\d{5}' },
];

const TRANEMO_UNITS: UnitSeed[] = [
  {
    code: 'BUF',
    name: 'Barn- och utbildningsförvaltningen',
    level: 'forvaltning',
    codes: { ansvar: '40000', verksamhet: '4000' },
    children: [
      {
        code: 'BUF-GR',
        name: 'Grundskola',
        level: 'verksamhet',
        codes: { ansvar: '41000', verksamhet: '4250' },
        children: [
          { code: 'BUF-GR-LJS', name: 'Ljungsarpsskolan', level: 'enhet', codes: { ansvar: '41100', verksamhet: '4250' } },
          { code: 'BUF-GR-LHS', name: 'Länghemsskolan', level: 'enhet', codes: { ansvar: '41200', verksamhet: '4250' } },
        ],
      },
      {
        code: 'BUF-FSK',
        name: 'Förskola',
        level: 'verksamhet',
        codes: { ansvar: '42000', verksamhet: '4070' },
        children: [{ code: 'BUF-FSK-SOL', name: 'Förskolan Solrosen', level: 'enhet', codes: { ansvar: '42100', verksamhet: '4070' } }],
      },
    ],
  },
  {
    code: 'KLF',
    name: 'Kommunledningsförvaltningen',
    level: 'forvaltning',
    codes: { ansvar: '10000', verksamhet: '1000' },
    children: [
      {
        code: 'KLF-EK',
        name: 'Ekonomi',
        level: 'verksamhet',
        codes: { ansvar: '11000', verksamhet: '1100' },
        children: [{ code: 'KLF-EK-EKO', name: 'Ekonomienheten', level: 'enhet', codes: { ansvar: '11100', verksamhet: '1100' } }],
      },
    ],
  },
];
const ULRICEHAMN_UNITS: UnitSeed[] = [
  {
    code: 'FFL',
    name: 'Förvaltningen för lärande',
    level: 'forvaltning',
    codes: { ansvar: '5000', verksamhet: '400' },
    children: [
      {
        code: 'FFL-GR',
        name: 'Grundskola',
        level: 'verksamhet',
        codes: { ansvar: '5200', verksamhet: '425' },
        children: [
          { code: 'FFL-GR-ATR', name: 'Ätradalsskolan', level: 'enhet', codes: { ansvar: '5210', verksamhet: '425' } },
          { code: 'FFL-GR-STB', name: 'Stenbocksskolan', level: 'enhet', codes: { ansvar: '5220', verksamhet: '425' } },
        ],
      },
    ],
  },
  {
    code: 'VOF',
    name: 'Välfärdsförvaltningen',
    level: 'forvaltning',
    codes: { ansvar: '6000', verksamhet: '500' },
    children: [
      {
        code: 'VOF-AO',
        name: 'Äldreomsorg',
        level: 'verksamhet',
        codes: { ansvar: '6100', verksamhet: '510' },
        children: [{ code: 'VOF-AO-HTC', name: 'Hemtjänst Centrum', level: 'enhet', codes: { ansvar: '6110', verksamhet: '510' } }],
      },
    ],
  },
  {
    code: 'KLF',
    name: 'Kommunledningsförvaltningen',
    level: 'forvaltning',
    codes: { ansvar: '1000', verksamhet: '100' },
    children: [
      {
        code: 'KLF-IT',
        name: 'Verksamhet IT',
        level: 'verksamhet',
        codes: { ansvar: '1300', verksamhet: '130' },
        children: [{ code: 'KLF-IT-SUP', name: 'IT-support', level: 'enhet', codes: { ansvar: '1310', verksamhet: '130' } }],
      },
    ],
  },
];

async function insertTree(db: DbOrTx, municipalityId: string, nodes: UnitSeed[], parentId: string | null): Promise<void> {
  for (const n of nodes) {
    const id = await seedStore.insertSeedUnit(db, { municipalityId, parentId, level: n.level, code: n.code, name: n.name, accountingCodes: n.codes });
    if (!id) throw new Error('unit insert failed');
    if (n.children) await insertTree(db, municipalityId, n.children, id);
  }
}

export interface SeedResult {
  seeded: boolean;
  admin?: { username: string; oneTimePassword: string };
}

/** Idempotent: does nothing when municipalities already exist. */
export async function seedBaseline(db: Db): Promise<SeedResult> {
  if ((await seedStore.countMunicipalities(db)) > 0) return { seeded: false };
  await saveMission(db, null, MISSION_2023);
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const tranemo = await seedStore.insertMunicipality(tx, {
      code: 'tranemo',
      name: 'Tranemo kommun',
      orgNumber: '212000-1488',
      accountingFields: TRANEMO_FIELDS,
    });
    const ulricehamn = await seedStore.insertMunicipality(tx, {
      code: 'ulricehamn',
      name: 'Ulricehamns kommun',
      orgNumber: '212000-1504',
      accountingFields: ULRICEHAMN_FIELDS,
    });
    if (!tranemo || !ulricehamn) throw new Error('municipality insert failed');
    await insertTree(tx, tranemo.id, TRANEMO_UNITS, null);
    await insertTree(tx, ulricehamn.id, ULRICEHAMN_UNITS, null);
    await seedStore.insertTeams(
      tx,
      MISSION_2023.teams.map((t) => ({ code: t.code, name: t.name, lines: t.lines })),
    );
    const admin = await insertUser(tx, {
      username: 'admin',
      displayName: 'Administratör',
      roles: ['admin'],
      municipalityId: null,
      passwordHash,
      mustChangePassword: true,
    });
    if (!admin) throw new Error('admin insert failed');
    await writeAudit(tx, {
      actorUserId: null,
      municipalityId: null,
      entity: 'installation',
      entityId: 'baseline',
      action: 'seed',
      after: { municipalities: ['tranemo', 'ulricehamn'], admin: admin.username },
    });
  });
  return { seeded: true, admin: { username: 'admin', oneTimePassword: password } };
}

export const DEMO_PASSWORD = 'demo-samdesk-2023';

/**
 * Demo data: people in every unit and one account per role, all with the password above, so a
 * newcomer can click through a living system. Idempotent: skipped when the demo users exist.
 */
export async function seedDemo(db: Db): Promise<{ seeded: boolean; accounts: { username: string; roles: string[]; municipality: string }[] }> {
  if (await seedStore.usernameExists(db, 'agent1')) return { seeded: false, accounts: [] };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const allMunicipalities = await listMunicipalities(db, undefined);
  const allTeams = await listTeams(db);
  const team = (code: string) => allTeams.find((t) => t.code === code)?.id ?? null;
  const accounts: { username: string; displayName: string; roles: string[]; municipality: string | null; teamId?: string | null; line?: number | null }[] = [
    { username: 'agent1', displayName: 'Anna Andersson (1:a linjen)', roles: ['agent'], municipality: null, teamId: team('anvandarstod'), line: 1 },
    { username: 'agent2', displayName: 'Bertil Berg (2:a linjen)', roles: ['agent'], municipality: null, teamId: team('anvandarstod'), line: 2 },
    { username: 'vstod', displayName: 'Cecilia Carlsson (verksamhetsstöd)', roles: ['agent'], municipality: null, teamId: team('verksamhetsstod'), line: 3 },
    { username: 'infra', displayName: 'David Dahl (infrastruktur)', roles: ['agent'], municipality: null, teamId: team('infrastruktur'), line: 3 },
    { username: 'strateg', displayName: 'Eva Ek (it-strateg)', roles: ['it_strategist'], municipality: null },
    { username: 'itchef', displayName: 'Fredrik Falk (it-chef)', roles: ['it_management'], municipality: null },
    { username: 'itadmin', displayName: 'Gunilla Gran (systemadministratör)', roles: ['admin'], municipality: null },
  ];
  const firstNames = ['Astrid', 'Björn', 'Clara', 'Dan', 'Elin', 'Filip', 'Greta', 'Hugo', 'Ida', 'Johan', 'Karin', 'Lars', 'Maja', 'Nils', 'Olivia', 'Per'];
  const lastNames = ['Lindqvist', 'Nyström', 'Holm', 'Sjöberg', 'Åkesson', 'Öberg', 'Wallin', 'Engström', 'Lund', 'Hedlund'];
  const categories = ['larare', 'rektor', 'elevassistent', 'skoladministrator', null];
  await db.transaction(async (tx) => {
    for (const m of allMunicipalities) {
      const mUnits = (await seedStore.unitsOf(tx, m.id)).filter((u) => u.level === 'enhet');
      let i = 0;
      for (const u of mUnits) {
        for (let k = 0; k < 6; k++, i++) {
          const firstName = firstNames[(i * 7 + m.code.length) % firstNames.length] ?? 'Anna';
          const lastName = lastNames[(i * 3 + k) % lastNames.length] ?? 'Svensson';
          const school = u.code.includes('GR') || u.code.includes('FSK');
          await seedStore.insertDemoPerson(tx, {
            municipalityId: m.id,
            unitId: u.id,
            firstName,
            lastName,
            email: `${firstName}.${lastName}.${i}@${m.code}.se`.toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o'),
            personRole: 'anstalld',
            staffCategory: school ? (categories[k % categories.length] ?? null) : null,
          });
        }
      }
      accounts.push(
        { username: `admin.${m.code}`, displayName: `Administratör ${m.name}`, roles: ['admin'], municipality: m.id },
        { username: `chef.${m.code}`, displayName: `Enhetschef ${m.name}`, roles: ['unit_manager', 'orderer'], municipality: m.id },
        { username: `ekonom.${m.code}`, displayName: `Ekonom ${m.name}`, roles: ['finance'], municipality: m.id },
        { username: `anstalld.${m.code}`, displayName: `Anställd ${m.name}`, roles: ['end_user'], municipality: m.id },
      );
    }
    // Issue 16: a unit manager reaches their units through their person (R-1.4: the person's unit and
    // the units below). Each municipality's chef.<code> is the first of its staff by surname, the
    // person the demo equipment is first handed to, so the manager's unit has equipment and costs.
    const managerPerson = new Map<string, string>();
    for (const m of allMunicipalities) {
      const first = await seedStore.firstStaffBySurname(tx, m.id);
      if (first) managerPerson.set(`chef.${m.code}`, first);
    }
    for (const a of accounts) {
      const personId = managerPerson.get(a.username) ?? null;
      const userId = await seedStore.insertDemoUser(tx, {
        username: a.username,
        displayName: a.displayName,
        roles: a.roles,
        municipalityId: a.municipality,
        personId,
        teamId: a.teamId ?? null,
        line: a.line ?? null,
        passwordHash,
      });
      if (userId) {
        await writeAudit(tx, {
          actorUserId: null,
          municipalityId: a.municipality,
          entity: 'user',
          entityId: userId,
          action: 'demo_seed',
          ...(personId ? { after: { personId } } : {}),
        });
      }
    }
  });
  const name = new Map(allMunicipalities.map((m) => [m.id, m.name]));
  return {
    seeded: true,
    accounts: accounts.map((a) => ({ username: a.username, roles: a.roles, municipality: a.municipality ? (name.get(a.municipality) ?? '') : 'båda' })),
  };
}
