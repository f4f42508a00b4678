import { Temporal } from 'temporal-polyfill';
import { accountNamed } from '../assets/demo-store.ts';
import { addDays } from '../calendar/dates.ts';
import { calendarFor } from '../calendar/service.ts';
import { stockholmToday } from '../mission/service.ts';
import { actorFromUser } from '../org/sessions.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { clockFrom, now as clockNow, withClock } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { swedishDateTime } from '../platform/pdf.ts';
import type { Outage, OutageInput, ServiceWindowPlan } from './contract.ts';
import * as demoStore from './demo-store.ts';
import { saveReport, updateTemplate } from './reports.ts';
import { HOUR, MINUTE } from './rules.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { announceWork, cancelWork, completeWork, createWork, windowPlan } from './windows.ts';

/**
 * Demo operations for `npm run demo` (issue 19, R-9), after the other demo data: about a year of
 * outages in both municipalities as IT would have registered them — unplanned ones of 40 minutes to a
 * few hours (Office, the file servers over the night the clocks changed, the school platform, a cut
 * fibre in Ulricehamn, a phishing incident, the printers), planned work done in the
 * calendar's service windows (announced the week before, one moved to the secondary window with its
 * reason, one cancelled), and a few planned jobs outside a window with their reasons. Now: an e-mail
 * outage in Tranemo going on since an hour and a half, published, so /drift/tranemo shows it; the
 * printing fault of a couple of days ago resolved; the next window's work announced. The two IT
 * incidents have their reports: Tranemo's sent, Ulricehamn's saved as a draft.
 *
 * Made through the service as the infrastructure technician (and the IT manager for the report
 * template), each step run as of the moment it would have happened, so outages, messages, window work
 * and audit carry those times. The sent report is marked sent without mailing it: the demo's addresses
 * are made up. Every date follows `now` and the mission's calendar. Runs only when no outage exists.
 */

type Municipality = 'tranemo' | 'ulricehamn';
const BOTH: Municipality[] = ['tranemo', 'ulricehamn'];

/** The function the unit adds to the mission's intefunktion list (keyed `skolplattform` below). */
const SCHOOL_PLATFORM = {
  name: 'Skolplattform',
  description: 'Schema, närvaro, frånvaroanmälan och kontakt med vårdnadshavare i grundskolan och förskolan.',
};

interface DemoMessage {
  title: string;
  body: string;
  /** The text the message is resolved with when the outage ends. */
  resolution: string;
}

interface Unplanned {
  title: string;
  /** Days before today (moved back to a working day), or the latest night the clocks changed. */
  on: { daysAgo: number } | 'dst_night';
  from: string;
  to: string;
  municipalities: Municipality[];
  /** Mission intefunktion codes, or `skolplattform`. */
  functions: string[];
  incident?: boolean;
  cause: string;
  actions: string;
  internalNote?: string;
  message?: DemoMessage;
}

const UNPLANNED: readonly Unplanned[] = [
  {
    title: 'Office-programmen startar inte',
    on: { daysAgo: 334 },
    from: '07:40',
    to: '09:25',
    municipalities: BOTH,
    functions: ['office'],
    cause: 'En licensuppdatering gjorde att Office inte kunde kontrollera licensen på datorer som startades under morgonen.',
    actions:
      'Licenstjänsten återställdes och datorerna fick en ny licenskontroll via programdistributionen. Den som fortfarande fick fel ombads logga ut och in igen.',
    message: {
      title: 'Word, Excel och Outlook startar inte',
      body: 'Office-programmen startar inte på många datorer och visar ett licensfel. Office på webben fungerar under tiden.',
      resolution: 'Office-programmen startar igen. Logga ut och in om du fortfarande får ett licensfel.',
    },
  },
  {
    title: 'Filservern gick inte att nå under natten',
    on: 'dst_night',
    from: '01:40',
    to: '04:05',
    municipalities: BOTH,
    functions: ['spara', 'aterstallning'],
    cause: 'Säkerhetskopieringen startade två gånger när klockan ställdes om och låste filservern, så att P- och G-mapparna inte gick att nå.',
    actions:
      'Teknikern i beredskap stoppade den dubbla körningen och startade om filtjänsten. Säkerhetskopieringen startar inte längre mellan 02.00 och 03.00.',
    internalNote: 'Larm från övervakningen 01.52; beredskapen kallades in.',
  },
  {
    title: 'Det går inte att logga in i skolplattformen',
    on: { daysAgo: 186 },
    from: '07:45',
    to: '10:10',
    municipalities: ['ulricehamn'],
    functions: ['skolplattform'],
    cause: 'Certifikatet för inloggningen mellan skolplattformen och kommunens inloggningstjänst hade gått ut.',
    actions: 'Ett nytt certifikat installerades hos leverantören och i inloggningstjänsten. Certifikatens utgångsdatum bevakas nu i övervakningen.',
    message: {
      title: 'Det går inte att logga in i skolplattformen',
      body: 'Elever, personal och vårdnadshavare kan inte logga in i skolplattformen. Frånvaro kan anmälas per telefon till skolans expedition.',
      resolution: 'Inloggningen i skolplattformen fungerar igen.',
    },
  },
  {
    title: 'Nätverksavbrott i centrala Ulricehamn',
    on: { daysAgo: 118 },
    from: '10:05',
    to: '12:40',
    municipalities: ['ulricehamn'],
    functions: ['datorarbetsplats', 'spara', 'epost', 'telefoni', 'distans'],
    incident: true,
    cause: 'Fiberkabeln mellan stadshuset och serverhallen grävdes av vid ett ledningsarbete. Reservförbindelsen räckte inte för alla verksamheter.',
    actions: 'Trafiken leddes om via reservförbindelsen medan nätägaren skarvade fibern. Förbindelsen var lagad 12.30 och allt fungerade igen 12.40.',
    internalNote: 'Reservförbindelsen ska få högre kapacitet; offert begärd från nätägaren.',
    message: {
      title: 'Nätverksavbrott i stadshuset och på skolorna i centrum',
      body: 'Verksamheterna i stadshuset och på skolorna i centrala Ulricehamn kommer inte åt e-post, filservrar eller verksamhetssystem, och fast telefoni fungerar inte. Mobiltelefoner fungerar.',
      resolution: 'Förbindelsen är lagad och nätverket fungerar igen.',
    },
  },
  {
    title: 'Misstänkt intrång i e-postkonton',
    on: { daysAgo: 74 },
    from: '14:05',
    to: '14:45',
    municipalities: ['tranemo'],
    functions: ['behorighet', 'epost'],
    incident: true,
    cause:
      'Tre medarbetare hade lämnat ut sina inloggningsuppgifter i ett nätfiskemejl, och ett av kontona användes för att skicka skräppost. Utgående e-post stoppades medan kontona spärrades.',
    actions:
      'De berörda kontona spärrades, lösenorden byttes och alla inloggningar avslutades. Nätfiskemejlet rensades ur alla brevlådor och avsändaren blockerades. Utgående e-post öppnades igen efter 40 minuter.',
    internalNote: 'Inga tecken på att personuppgifter lästs ut; inloggningsloggarna är sparade.',
  },
  {
    title: 'Utskrifter fastnar i skrivarkön',
    on: { daysAgo: 2 },
    from: '09:10',
    to: '10:05',
    municipalities: BOTH,
    functions: ['utskrift'],
    cause: 'Utskriftsservern fick slut på diskutrymme när en felaktig drivrutin skrev stora loggfiler.',
    actions: 'Loggfilerna rensades, drivrutinen återställdes och utskriftskön startades om.',
    message: {
      title: 'Utskrifter fastnar i skrivarkön',
      body: 'Utskrifter till nätverksskrivarna fastnar i kön. Skicka inte om dina utskrifter: de skrivs ut när felet är löst.',
      resolution: 'Utskrifterna fungerar igen, och det som fastnade i kön har skrivits ut.',
    },
  },
];

/** The outage going on now, in Tranemo. */
const ONGOING = {
  title: 'E-posten går inte att nå',
  minutesAgo: 95,
  municipalities: ['tranemo'] as Municipality[],
  functions: ['epost'],
  internalNote: 'Felsökning tillsammans med leverantören; misstänkt fel i lagringen bakom e-postservern.',
  message: {
    title: 'E-posten går inte att nå',
    body: 'E-post och kalender i Outlook går inte att nå för medarbetare i Tranemo kommun. Vi felsöker tillsammans med leverantören. Ring it-supporten om något är brådskande.',
  },
};

interface PlannedOther {
  title: string;
  /** Days before today, moved back to a working day (or to a Saturday). */
  daysAgo: number;
  saturday?: boolean;
  from: string;
  to: string;
  municipalities: Municipality[];
  functions: string[];
  plannedReason: string;
  actions: string;
  /** Announced this many hours ahead, if at all. */
  announcedHoursAhead?: number;
  body?: string;
}

const PLANNED_OTHER: readonly PlannedOther[] = [
  {
    title: 'Akut säkerhetsuppdatering av distansåtkomsten',
    daysAgo: 214,
    from: '12:00',
    to: '12:30',
    municipalities: BOTH,
    functions: ['distans'],
    plannedReason: 'Leverantören rättade en allvarlig säkerhetsbrist som redan utnyttjades; uppdateringen kunde inte vänta till nästa servicefönster.',
    actions: 'Lösningen för distansåtkomst uppdaterades och startades om. Användarna fick logga in på nytt.',
    announcedHoursAhead: 2,
    body: 'Distansåtkomsten (VPN) stängs av i en halvtimme vid lunch för en brådskande säkerhetsuppdatering. Arbete på plats påverkas inte.',
  },
  {
    title: 'Flytt av utskriftsservern till den nya serverhallen',
    daysAgo: 100,
    saturday: true,
    from: '08:00',
    to: '11:30',
    municipalities: ['ulricehamn'],
    functions: ['utskrift'],
    plannedReason: 'Flytten tar en hel förmiddag och ryms inte i ett servicefönster; på lördagar skriver nästan ingen ut.',
    actions: 'Utskriftsservern flyttades och skrivarna kopplades om till den.',
    announcedHoursAhead: 96,
    body: 'Det går inte att skriva ut till nätverksskrivarna på lördag förmiddag medan utskriftsservern flyttas.',
  },
  {
    title: 'Byte av batterier i serverhallens reservkraft (UPS)',
    daysAgo: 24,
    from: '06:15',
    to: '06:55',
    municipalities: ['tranemo'],
    functions: ['datorarbetsplats', 'spara', 'epost'],
    plannedReason:
      'Reservkraften larmade om uttjänta batterier. Utan den kunde ett strömavbrott slå ut serverhallen, så bytet kunde inte vänta till nästa servicefönster.',
    actions: 'Batterierna byttes före arbetsdagens början. Några servrar startades om efter bytet.',
  },
];

interface DemoWork {
  title: string;
  publicText: string;
  internalNote?: string;
  functions: string[];
  municipalities: Municipality[];
  /** Minutes after the window opens, and how long (cut at the window's end). */
  offset: number;
  minutes: number;
  causesOutage?: boolean;
  /** Done in the secondary window after this primary, for this reason. */
  secondaryReason?: string;
  /** Announced, then called off (its message is resolved as cancelled). */
  cancelled?: boolean;
}

const FILE_SERVERS: DemoWork = {
  title: 'Planerad uppdatering av filservrar',
  publicText: 'P- och G-mapparna går inte att nå under kvällen medan filservrarna uppdateras. Spara ditt arbete och stäng filerna innan du går hem.',
  functions: ['spara', 'aterstallning'],
  municipalities: BOTH,
  offset: 0,
  minutes: 120,
};

/** Past work, by primary window counted back from the latest one that has ended (0 = the latest). */
const PAST_WORK: readonly [slot: number, work: DemoWork][] = [
  [0, FILE_SERVERS],
  [
    1,
    {
      title: 'Uppgradering av e-postservern',
      publicText:
        'E-post och kalender går inte att nå under kvällen medan e-postservern uppgraderas. E-post som skickas till dig under tiden kommer fram efteråt.',
      functions: ['epost'],
      municipalities: BOTH,
      offset: 0,
      minutes: 210,
    },
  ],
  [
    2,
    {
      title: 'Byte av accesspunkter på skolorna',
      publicText: 'Det trådlösa nätverket på skolorna i Tranemo fungerar inte under kvällen medan accesspunkterna byts.',
      functions: ['tradlost'],
      municipalities: ['tranemo'],
      offset: 0,
      minutes: 180,
      cancelled: true,
    },
  ],
  [
    3,
    {
      title: 'Byte av brandväggar',
      publicText: 'Distansåtkomsten och webbfiltret fungerar inte under kvällen medan brandväggarna byts.',
      functions: ['distans', 'webbfilter'],
      municipalities: BOTH,
      offset: 30,
      minutes: 180,
    },
  ],
  [
    4,
    {
      title: 'Uppdatering av telefonväxeln',
      publicText: 'Fast telefoni och hänvisningar fungerar inte en stund under kvällen medan växeln uppdateras. Mobiltelefoner fungerar.',
      functions: ['telefoni'],
      municipalities: ['ulricehamn'],
      offset: 0,
      minutes: 90,
    },
  ],
  [
    5,
    {
      title: 'Uppgradering av skolplattformen',
      publicText: 'Skolplattformen går inte att använda under kvällen medan leverantören uppgraderar den.',
      functions: ['skolplattform'],
      municipalities: ['tranemo'],
      offset: 0,
      minutes: 180,
      secondaryReason: 'Leverantörens uppgraderingspaket kom först dagen efter det primära fönstret.',
    },
  ],
  [6, { ...FILE_SERVERS, minutes: 90 }],
  [
    8,
    {
      title: 'Uppdatering av klientskyddet',
      publicText: 'Klientskyddet på datorerna uppdateras under kvällen. Datorerna fungerar som vanligt.',
      functions: ['klientskydd'],
      municipalities: BOTH,
      offset: 0,
      minutes: 60,
      causesOutage: false,
    },
  ],
  [
    9,
    {
      title: 'Säkerhetsuppdateringar av servrar',
      publicText: 'Filservrar, e-post och programdistributionen kan vara otillgängliga en stund under kvällen när servrarna startas om efter uppdateringarna.',
      functions: ['spara', 'epost', 'programdistribution'],
      municipalities: BOTH,
      offset: 0,
      minutes: 180,
    },
  ],
  [
    11,
    {
      title: 'Uppgradering av programdistributionen',
      publicText: 'Nya program och uppdateringar kan inte installeras på datorerna under kvällen medan plattformen för programdistribution uppgraderas.',
      functions: ['programdistribution'],
      municipalities: BOTH,
      offset: 0,
      minutes: 150,
    },
  ],
];

/** The work planned in the next primary window, announced. */
const NEXT_WORK: DemoWork = FILE_SERVERS;

interface DemoReport {
  municipality: Municipality;
  handelse: string;
  paverkan: string;
  forebyggande: string;
  personuppgifter: string;
  /** Sent, to this address when the municipality's template names nobody yet (made up: nothing is mailed); else a saved draft. */
  sendTo?: string;
}

/** the reports of the IT incidents above, by the outage's title. */
const REPORTS: Readonly<Record<string, DemoReport>> = {
  'Misstänkt intrång i e-postkonton': {
    municipality: 'tranemo',
    handelse:
      'Tre medarbetare svarade på ett nätfiskemejl och lämnade ut sina inloggningsuppgifter. Ett av kontona användes för att skicka skräppost till externa mottagare.',
    paverkan: 'Tre medarbetares konton spärrades en stund; utgående e-post för hela kommunen stoppades i 40 minuter.',
    forebyggande:
      'Tvåfaktorsinloggning införs för e-posten för alla medarbetare. Nätfiske tas upp i personalinformationen och i nästa utbildning i informationssäkerhet.',
    personuppgifter: 'Inga tecken på att personuppgifter lästs ut ur brevlådorna; inloggningsloggarna är granskade. Ingen personuppgiftsincident anmäld.',
    sendTo: 'informationssakerhet.demo@tranemo.se',
  },
  'Nätverksavbrott i centrala Ulricehamn': {
    municipality: 'ulricehamn',
    handelse: 'Fiberförbindelsen mellan stadshuset och serverhallen bröts vid ett ledningsarbete, och reservförbindelsen räckte inte för alla verksamheter.',
    paverkan: 'Stadshuset och skolorna i centrala Ulricehamn, omkring 600 användare.',
    forebyggande: 'Reservförbindelsen ges högre kapacitet, och it-enheten ska få besked i förväg om ledningsarbeten nära kommunens fiber.',
    personuppgifter: 'Nej.',
  },
};

/** The last Sunday of a month (the clocks change on the last Sundays of March and October in Europe). */
function lastSunday(year: number, month: number): string {
  const last = Temporal.PlainDate.from({ year, month, day: 1 }).add({ months: 1 }).subtract({ days: 1 });
  return last.subtract({ days: last.dayOfWeek % 7 }).toString();
}

export async function seedDemoOperations(db: Db, now: Date = clockNow()): Promise<number> {
  if ((await demoStore.countOutages(db)) > 0) return 0;
  const [techUser, chiefUser] = [await accountNamed(db, 'infra'), await accountNamed(db, 'itchef')];
  if (!techUser || !chiefUser) return 0;
  const tech = actorFromUser(techUser);
  const chief = actorFromUser(chiefUser);
  const municipalityIds = new Map((await store.listMunicipalities(db)).map((m) => [m.code, m.id]));
  const tranemo = municipalityIds.get('tranemo');
  const ulricehamn = municipalityIds.get('ulricehamn');
  if (!tranemo || !ulricehamn) return 0;
  const inMunicipalities = (codes: readonly Municipality[]) => codes.map((c) => (c === 'tranemo' ? tranemo : ulricehamn));

  /** Runs a step as of the instant it would have happened (the clock then runs on, keeping order). */
  const at = <T>(t: number, fn: () => Promise<T>): Promise<T> => withClock(clockFrom(new Date(t)), fn);
  const nowMs = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const today = stockholmToday(Temporal.Instant.fromEpochMilliseconds(nowMs));
  const calendar = await calendarFor(db);
  const local = (date: string, time: string): number =>
    Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: calendar.timeZoneOn(date), plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds;
  const workdayBack = (date: string): string => {
    let d = date;
    for (let i = 0; i < 14 && calendar.openingOn(d) === null; i++) d = addDays(d, -1);
    return d;
  };
  const saturdayBack = (date: string): string =>
    Temporal.PlainDate.from(date)
      .subtract({ days: (Temporal.PlainDate.from(date).dayOfWeek + 1) % 7 })
      .toString();

  const functionIds = await demoFunctions(db, chief, [tranemo, ulricehamn], at, nowMs);
  const functionsOf = (codes: readonly string[]) => codes.flatMap((c) => functionIds.get(c) ?? []);

  const base = { plannedReason: null, incident: false, cause: '', actions: '', internalNote: '', ticketIds: [] } satisfies Partial<OutageInput>;
  const iso = (t: number) => new Date(t).toISOString();

  // ---- unplanned outages, registered as they began, published, ended (with the message resolved)
  const year = Number(today.slice(0, 4));
  const night = [lastSunday(year - 1, 3), lastSunday(year - 1, 10), lastSunday(year, 3), lastSunday(year, 10)]
    .filter((d) => d <= addDays(today, -3) && d >= addDays(today, -360))
    .at(-1);
  const incidents = new Map<string, Outage>();
  for (const o of UNPLANNED) {
    const functions = functionsOf(o.functions);
    const date = o.on === 'dst_night' ? night : workdayBack(addDays(today, -o.on.daysAgo));
    if (functions.length === 0 || date === undefined) continue;
    const start = local(date, o.from);
    const end = local(date, o.to);
    if (end >= nowMs) continue;
    const created = await at(start + 8 * MINUTE, () =>
      service.createOutage(db, tech, {
        ...base,
        title: o.title,
        startsAt: iso(start),
        endsAt: null,
        kind: 'unplanned',
        incident: o.incident ?? false,
        internalNote: o.internalNote ?? '',
        functionIds: functions,
        municipalityIds: inMunicipalities(o.municipalities),
      }),
    );
    const message = o.message;
    if (message) {
      await at(start + 15 * MINUTE, () => service.messageFromOutage(db, tech, created.id, { title: message.title, body: message.body, expectedEndAt: null }));
    }
    const ended = await at(end, () =>
      service.endOutage(db, tech, created.id, {
        version: created.version,
        endsAt: iso(end),
        ...(message ? { resolutionText: message.resolution } : {}),
      }),
    );
    // The cause and what was done are written down once it is over.
    const written = await at(end + 25 * MINUTE, () =>
      service.updateOutage(db, tech, created.id, {
        ...base,
        version: ended.version,
        title: o.title,
        startsAt: iso(start),
        endsAt: iso(end),
        kind: 'unplanned',
        incident: o.incident ?? false,
        cause: o.cause,
        actions: o.actions,
        internalNote: o.internalNote ?? '',
        functionIds: functions,
        municipalityIds: inMunicipalities(o.municipalities),
      }),
    );
    if (written.incident) incidents.set(o.title, written);
  }

  // ---- planned work outside the service windows, each with its reason
  for (const o of PLANNED_OTHER) {
    const functions = functionsOf(o.functions);
    if (functions.length === 0) continue;
    const date = o.saturday ? saturdayBack(addDays(today, -o.daysAgo)) : workdayBack(addDays(today, -o.daysAgo));
    const start = local(date, o.from);
    const end = local(date, o.to);
    if (end >= nowMs) continue;
    const registered = start - (o.announcedHoursAhead ?? 24) * HOUR;
    const created = await at(registered, () =>
      service.createOutage(db, tech, {
        ...base,
        title: o.title,
        startsAt: iso(start),
        endsAt: iso(end),
        kind: 'planned_other',
        plannedReason: o.plannedReason,
        cause: 'Planerat arbete utanför servicefönster',
        actions: o.actions,
        functionIds: functions,
        municipalityIds: inMunicipalities(o.municipalities),
      }),
    );
    const body = o.body;
    if (body !== undefined) {
      await at(registered + MINUTE, () => service.messageFromOutage(db, tech, created.id, { title: o.title, body, expectedEndAt: null }));
    }
  }

  // ---- work in the calendar's service windows: announced the week before, done after the window
  const plans: ServiceWindowPlan[] = [];
  for (const y of [year - 1, year, year + 1]) plans.push(await windowPlan(db, tech, y));
  const windows = plans.flatMap((p) => p.windows).map((w) => ({ ...w, start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) }));
  type Window = (typeof windows)[number];
  const pastPrimaries = windows
    .filter((w) => w.kind === 'primary' && w.end <= nowMs - HOUR && w.start >= nowMs - 365 * 24 * HOUR)
    .sort((a, b) => b.start - a.start);
  const secondaryAfter = (primary: Window) => windows.filter((w) => w.kind === 'secondary' && w.start > primary.end).sort((a, b) => a.start - b.start)[0];

  const planWork = async (w: Window, work: DemoWork, announcedAt: number) => {
    const start = w.start + work.offset * MINUTE;
    const end = Math.min(start + work.minutes * MINUTE, w.end);
    const functions = functionsOf(work.functions);
    if (functions.length === 0 || end <= start) return undefined;
    const created = await at(announcedAt, () =>
      createWork(db, tech, {
        windowDate: w.date,
        startsAt: iso(start),
        endsAt: iso(end),
        title: work.title,
        publicText: work.publicText,
        internalNote: work.internalNote ?? '',
        secondaryReason: w.kind === 'secondary' ? (work.secondaryReason ?? null) : null,
        closedDayConfirmed: w.onClosedDay,
        causesOutage: work.causesOutage ?? true,
        functionIds: functions,
        municipalityIds: inMunicipalities(work.municipalities),
      }),
    );
    await at(announcedAt + MINUTE, () => announceWork(db, tech, created.id));
    return { created, end };
  };

  for (const [slot, work] of PAST_WORK) {
    const primary = pastPrimaries[slot];
    if (!primary) continue;
    const w = work.secondaryReason ? secondaryAfter(primary) : primary;
    if (!w || w.end > nowMs - HOUR) continue;
    const planned = await planWork(w, work, w.start - 6 * 24 * HOUR);
    if (!planned) continue;
    if (work.cancelled) await at(w.start - 24 * HOUR, () => cancelWork(db, tech, planned.created.id, { version: planned.created.version }));
    else await at(planned.end + 10 * MINUTE, () => completeWork(db, tech, planned.created.id, { version: planned.created.version }));
  }

  const next = windows.filter((w) => w.kind === 'primary' && w.start > nowMs).sort((a, b) => a.start - b.start)[0];
  if (next) await planWork(next, NEXT_WORK, nowMs - 30 * MINUTE);

  // ---- the outage going on now, published on the municipalities' operations pages
  const ongoingFunctions = functionsOf(ONGOING.functions);
  if (ongoingFunctions.length > 0) {
    const start = nowMs - ONGOING.minutesAgo * MINUTE;
    const created = await at(start + 6 * MINUTE, () =>
      service.createOutage(db, tech, {
        ...base,
        title: ONGOING.title,
        startsAt: iso(start),
        endsAt: null,
        kind: 'unplanned',
        internalNote: ONGOING.internalNote,
        functionIds: ongoingFunctions,
        municipalityIds: inMunicipalities(ONGOING.municipalities),
      }),
    );
    // Expected to be fixed on the next half hour at least an hour from now.
    const expected = Math.ceil((nowMs + HOUR) / (30 * MINUTE)) * 30 * MINUTE;
    await at(start + 12 * MINUTE, () =>
      service.messageFromOutage(db, tech, created.id, { title: ONGOING.message.title, body: ONGOING.message.body, expectedEndAt: iso(expected) }),
    );
  }

  // ---- the IT incidents' reports (R-9.3): Tranemo's sent, Ulricehamn's a saved draft
  for (const [title, demo] of Object.entries(REPORTS)) {
    const outage = incidents.get(title);
    if (outage) await report(db, { tech, chief }, outage, demo.municipality === 'tranemo' ? tranemo : ulricehamn, demo, at, nowMs);
  }

  return demoStore.countOutages(db);
}

/**
 * The IT functions by mission code, with the school platform the unit measures besides the mission's
 * list (added a year before the first outage; found by name if it is already there).
 */
async function demoFunctions(
  db: Db,
  chief: Actor,
  municipalityIds: string[],
  at: <T>(t: number, fn: () => Promise<T>) => Promise<T>,
  nowMs: number,
): Promise<Map<string, string>> {
  const rows = await store.listFunctions(db);
  const byCode = new Map(rows.flatMap((f) => (f.missionCode && f.active ? [[f.missionCode, f.id] as const] : [])));
  const school =
    rows.find((f) => f.missionCode === null && f.name === SCHOOL_PLATFORM.name)?.id ??
    (await at(nowMs - 370 * 24 * HOUR, () => service.createFunction(db, chief, { ...SCHOOL_PLATFORM, municipalityIds, active: true }))).id;
  byCode.set('skolplattform', school);
  return byCode;
}

/** Saves the incident's report to a municipality the day after it, and when it names recipients marks it sent to them (without mailing it). */
async function report(
  db: Db,
  actors: { tech: Actor; chief: Actor },
  outage: Outage,
  municipalityId: string,
  demo: DemoReport,
  at: <T>(t: number, fn: () => Promise<T>) => Promise<T>,
  nowMs: number,
): Promise<void> {
  const template = await store.findTemplate(db, municipalityId);
  if (!template || !outage.endsAt) return;
  const written = Date.parse(outage.endsAt) + 20 * HOUR;
  if (written + 2 * HOUR > nowMs) return;
  const texts: Record<string, string> = {
    handelse: demo.handelse,
    tid: `Från ${swedishDateTime(outage.startsAt)} till ${swedishDateTime(outage.endsAt)} (${outage.minutes} minuter).`,
    paverkan: `${demo.paverkan} Berörda it-funktioner: ${outage.functions.map((f) => f.name).join('; ')}.`,
    orsak: outage.cause,
    atgarder: outage.actions,
    forebyggande: demo.forebyggande,
    personuppgifter: demo.personuppgifter,
  };
  // Only the sections the municipality's template has (the unit may have changed it).
  const sections = template.sections.flatMap((s) => (texts[s.key] === undefined ? [] : [{ key: s.key, text: texts[s.key] ?? '' }]));
  await at(written, () => saveReport(db, actors.tech, outage.id, municipalityId, { version: null, sections }));
  if (!demo.sendTo) return;
  let recipients = template.recipients;
  if (recipients.length === 0) {
    recipients = [demo.sendTo];
    await at(written + 10 * MINUTE, () =>
      updateTemplate(db, actors.chief, municipalityId, { version: template.version, sections: template.sections, recipients }),
    );
  }
  await at(written + HOUR, () =>
    db.transaction(async (tx) => {
      const row = await store.findReport(tx, outage.id, municipalityId, true);
      if (!row) return;
      const sent = await store.markReportSent(tx, row.id, row.version, clockNow(), recipients);
      await writeAudit(tx, {
        actorUserId: actors.tech.id,
        municipalityId,
        entity: 'incident_report',
        entityId: row.id,
        action: 'send',
        before: row,
        after: sent,
      });
    }),
  );
}
