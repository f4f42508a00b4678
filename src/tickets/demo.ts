import { Temporal } from 'temporal-polyfill';
import { calendarFor } from '../calendar/service.ts';
import type { BusinessCalendar } from '../calendar/rules.ts';
import { actorFromUser } from '../org/sessions.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import * as demoStore from './demo-store.ts';
import { findMunicipality, findUserByUsername } from '../org/store.ts';
import * as service from './service.ts';
import type { TTicketInput } from './contract.ts';

/**
 * Demo tickets for `npm run demo` (issue 4): a queue that shows every SLA state, the lines, a
 * hand-back candidate, an on-call ticket with time, and a reply waiting for the customer. Created
 * through the service as the demo accounts, so history, audit and SLA are what real use gives.
 * Runs only when no ticket exists.
 */
export async function seedDemoTickets(db: Db, now = new Date()): Promise<number> {
  if (await demoStore.anyTicket(db)) return 0;
  const actor = async (username: string): Promise<Actor> => {
    const u = await findUserByUsername(db, username);
    if (!u) throw new Error(`demo account ${username} is missing`);
    return actorFromUser(u);
  };
  const [tUser, uUser, agent1, agent2, infra, vstod] = await Promise.all(
    ['anstalld.tranemo', 'anstalld.ulricehamn', 'agent1', 'agent2', 'infra', 'vstod'].map(actor),
  );
  if (!tUser || !uUser || !agent1 || !agent2 || !infra || !vstod) return 0;
  const ulricehamn = (await findMunicipality(db, 'ulricehamn'))?.id;
  const cats = new Map((await demoStore.categoryCodes(db)).map((c) => [c.code, c.id]));
  const cat = (code: string) => cats.get(code) ?? code;
  // Ages count opening hours, as SLA clocks do: the demo reads the same whatever day it is seeded
  // (a Monday after Easter, the day before midsummer, a December morning — issue 16).
  const calendar = await calendarFor(db);
  const hoursAgo = (h: number) => new Date(openingHoursBefore(calendar, now.getTime(), h));
  // The on-call ticket's cost bearer: billing charges on-call time to the ticket's unit.
  const onCallUnit = ulricehamn ? await demoStore.homeCareUnit(db, ulricehamn) : undefined;
  const base = { intefunktion: null, priority: 'normal' as const, device: null, deviceSupportLevel: null, unitId: null, affectsOperations: false };
  const create = (who: Actor, input: Partial<TTicketInput> & { categoryId: string; subject: string; description: string }, at = now) =>
    service.createTicket(db, who, { ...base, ...input }, at);

  // Breached: an intefunktion fault from three working days ago, still in the 1st line and unassigned.
  await create(
    tUser,
    {
      categoryId: cat('intefunktion'),
      intefunktion: 'behorighet',
      subject: 'Kan inte logga in i Procapita',
      description: 'Jag får felmeddelandet "Ogiltig licens" när jag loggar in sedan i morse.',
    },
    hoursAgo(26),
  );
  // Running: printing from this morning, and two questions.
  await create(
    uUser,
    {
      categoryId: cat('intefunktion'),
      intefunktion: 'utskrift',
      subject: 'Skrivaren i personalrummet skriver inte ut',
      description: 'Utskrifterna fastnar i kön. Skrivaren visar inget fel.',
      device: 'Skrivare UH-PERS-01',
    },
    hoursAgo(2),
  );
  await create(
    tUser,
    {
      categoryId: cat('fraga'),
      subject: 'Hur kopplar jag upp mig mot VPN hemifrån?',
      description: 'Jag ska jobba hemifrån på fredag och behöver komma åt P-mappen.',
    },
    hoursAgo(0.25),
  );
  await create(
    uUser,
    {
      categoryId: cat('behorighet'),
      subject: 'Behörighet till ekonomisystemet för ny medarbetare',
      description: 'Vår nya assistent börjar måndag och behöver läsbehörighet i Visma.',
    },
    hoursAgo(7),
  );

  // Escalated to Infrastruktur (3rd line) and taken there.
  const wifi = await create(
    tUser,
    {
      categoryId: cat('fel'),
      subject: 'Wifi i Dalstorps skola tappar anslutningen',
      description: 'Eleverna i klassrum 3 tappar nätet flera gånger per lektion.',
    },
    hoursAgo(9),
  );
  const escalated = await service.escalate(db, agent1, wifi.id, {
    version: wifi.version,
    team: 'infrastruktur',
    line: 3,
    reason: 'Accesspunkten i klassrum 3 behöver ses över på plats',
  });
  await service.assign(db, infra, wifi.id, { version: escalated.version, assigneeUserId: infra.id });
  await service.addMessage(db, infra, wifi.id, { body: 'Accesspunkten startar om sig. Byter den på torsdag.', visibility: 'internal' });

  // Waiting for the customer: the 2nd line asked a question.
  const teams = await create(
    uUser,
    { categoryId: cat('fel'), subject: 'Teams-möten hackar på eftermiddagarna', description: 'Ljudet försvinner i Teams-möten efter lunch.' },
    hoursAgo(6),
  );
  const esc2 = await service.escalate(db, agent1, teams.id, { version: teams.version, team: 'anvandarstod', line: 2, reason: 'Behöver nätverksloggar' });
  const mine = await service.assign(db, agent2, teams.id, { version: esc2.version, assigneeUserId: agent2.id });
  await service.changeStatus(db, agent2, teams.id, {
    version: mine.version,
    status: 'waiting',
    comment: 'Sitter du på trådlöst eller i docka med kabel när det hackar?',
  });

  // Solved in the 1st line, with the reply.
  const pwd = await create(
    tUser,
    { categoryId: cat('behorighet'), subject: 'Glömt lösenordet', description: 'Jag har glömt mitt lösenord och är utelåst.' },
    hoursAgo(3),
  );
  const pwdMine = await service.assign(db, agent1, pwd.id, { version: pwd.version, assigneeUserId: agent1.id });
  await service.changeStatus(db, agent1, pwd.id, {
    version: pwdMine.version,
    status: 'solved',
    comment: 'Lösenordet är återställt. Du får ett sms med ett tillfälligt lösenord.',
  });

  // reinstalling a teacher computer is the school's own task (hand-back candidate).
  await create(
    uUser,
    {
      categoryId: cat('fel'),
      subject: 'Lärardatorn behöver installeras om',
      description: 'Datorn är väldigt långsam, kan ni installera om den?',
      device: 'Lärardator UH-L-2231',
      deviceSupportLevel: 'managed_without_support',
    },
    hoursAgo(1),
  );

  // an on-call ticket last Saturday morning, with an hour's work (billable per started half hour).
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate();
  const saturday = today.subtract({ days: (today.dayOfWeek + 1) % 7 || 7 });
  const satMorning = new Date(saturday.toZonedDateTime({ timeZone: 'Europe/Stockholm', plainTime: '09:10' }).epochMilliseconds);
  const onCall = await service.createTicket(
    db,
    vstod,
    {
      ...base,
      municipalityId: ulricehamn,
      unitId: onCallUnit?.id ?? null,
      categoryId: cat('fel'),
      subject: 'Hemtjänstens planeringssystem går inte att nå',
      description: 'Nattpersonalen kommer inte åt dagens scheman.',
      affectsOperations: true,
      onBehalfOf: { personId: null, name: 'Helena Holm', email: null, phone: '0325-123 45' },
      channel: 'phone',
    },
    satMorning,
  );
  await service.logTime(db, vstod, onCall.id, {
    startedAt: new Date(satMorning.getTime() + 10 * 60_000).toISOString(),
    minutes: 65,
    note: 'Startade om applikationsservern',
  });
  return 9;
}

/** The latest instant (to the minute) with at least `hours` opening hours between it and `end`. */
function openingHoursBefore(calendar: BusinessCalendar, end: number, hours: number): number {
  const want = hours * 3_600_000;
  let lo = end - 90 * 86_400_000;
  let hi = end;
  while (hi - lo > 60_000) {
    const mid = Math.floor((lo + hi) / 2);
    if (calendar.businessMillisBetween(mid, end) >= want) lo = mid;
    else hi = mid;
  }
  return lo;
}
