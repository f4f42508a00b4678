import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { accountNamed, municipalitiesByCode, staffOf } from '../assets/demo-store.ts';
import { addDays, addMonths } from '../calendar/dates.ts';
import { stockholmToday } from '../mission/service.ts';
import { actorFromUser } from '../org/sessions.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { now } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import type { AgreementRevision, ApplicationInput, CloudMoveInput } from './contract.ts';
import * as demoStore from './demo-store.ts';
import { holdReview } from './reviews.ts';
import type { CostDriver } from './rules.ts';
import type { Invitee, Sketch } from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

/**
 * Demo application agreements for `npm run demo` (issue 18), after the demo equipment and billing:
 * last year's and this year's standard cost model (one driver heading) and next year's,
 * copied from it and slightly dearer, as finance would make them; and eleven applications across both municipalities —
 * school platforms, a care planning system, an e-archive, a payroll system, a library system, an
 * integration and a SaaS service as cost descriptions, a registry system whose move to SaaS is half
 * recorded — each with its description, IT's and the business's responsibilities, quantities per
 * driver, a system sketch of three to six components, owners and paying units (shares of exactly
 * 100 %, or per user). Most are active; the payroll system has its yearly review booked, the school
 * platform one held last year (a second agreement version), the e-archive's review is overdue, one
 * old register is terminated and a room booking system is still being prepared.
 *
 * Made through the service as the IT strategist and a municipality's economist, so versions and audit
 * are what real use gives. The review meetings are stored without sending invitations: the demo's
 * people are not to be mailed. Every date follows the app's clock. Runs only when the register is empty.
 */

/** The demo year's model: öre per unit and year. */
const DRIVERS: readonly CostDriver[] = [
  { code: 'virtuell-server', label: 'Virtuell server', unit: 'st', heading: 'server', unitPriceOre: 980_000 },
  { code: 'databas', label: 'Databas', unit: 'st', heading: 'database', unitPriceOre: 650_000 },
  { code: 'integration', label: 'Integration', unit: 'st', heading: 'integrations', unitPriceOre: 420_000 },
  { code: 'lagring-gb', label: 'Lagring', unit: 'GB', heading: 'storage', unitPriceOre: 1_200 },
  { code: 'anslutning', label: 'Anslutning', unit: 'st', heading: 'communication', unitPriceOre: 85_000 },
  { code: 'backup-gb', label: 'Säkerhetskopiering', unit: 'GB', heading: 'backup', unitPriceOre: 600 },
  { code: 'supporttimme', label: 'Support', unit: 'timme', heading: 'support', unitPriceOre: 72_000 },
  { code: 'supportlicens', label: 'Licens för supportverktyg', unit: 'licens', heading: 'support_tools', unitPriceOre: 110_000 },
];

/** Next year's prices: some 3–5 % dearer, in whole kronor or half kronor per GB. */
const NEXT_YEAR_PRICES: Readonly<Record<string, number>> = {
  'virtuell-server': 1_015_000,
  databas: 675_000,
  integration: 435_000,
  'lagring-gb': 1_250,
  anslutning: 88_000,
  'backup-gb': 650,
  supporttimme: 75_000,
  supportlicens: 114_000,
};

type Municipality = 'tranemo' | 'ulricehamn';
type Extra = 'review_held' | 'review_booked' | 'review_overdue' | 'cloud_move' | 'terminated' | 'in_preparation';

interface DemoApplication {
  municipality: Municipality;
  name: string;
  kind: ApplicationInput['kind'];
  /** Months before today it went into use (none while in preparation). */
  startedMonthsAgo: number | null;
  /** Index into the municipality's demo staff (by surname): the system owner and the business owner. */
  systemOwner: number;
  businessOwner: { staff: number; role: string };
  technicalOwner: string;
  informationOwner: string;
  split: { mode: 'share'; units: [code: string, shareBp: number][] } | { mode: 'per_user'; units: [code: string, users: number][] };
  description: string;
  itResponsibilities: string;
  businessResponsibilities: string;
  quantities: Record<string, number>;
  sketch: Sketch;
  /** Months from today to the next review (ignored for the reviewed, terminated and prepared ones). */
  nextReviewInMonths: number;
  extra?: Extra;
}

/** Where the reviews meet. */
const PLACE: Readonly<Record<Municipality, string>> = { tranemo: 'Kommunhuset i Tranemo', ulricehamn: 'Stadshuset i Ulricehamn' };

const c = (id: string, kind: string, name: string) => ({ id, kind, name });
const r = (from: string, to: string, label: string) => ({ from, to, label });

const IT_STANDARD =
  'Teknisk systemförvaltning: drift och övervakning av servrar och databas, säkerhetskopiering och återläsningstest, ' +
  'säkerhetsuppdateringar, uppgraderingar i samråd med systemförvaltaren, behörighetskoppling mot katalogtjänsten och felsökning i andra linjen.';
const BUSINESS_STANDARD =
  'Systemförvaltning: förvaltningsplan och budget, behörighetstilldelning, utbildning av användare, test vid uppgraderingar, ' +
  'kontakt med leverantören om verksamhetens krav och första linjens stöd till användarna.';

const APPLICATIONS: readonly DemoApplication[] = [
  {
    municipality: 'tranemo',
    name: 'Skolplattform',
    kind: 'agreement',
    startedMonthsAgo: 50,
    systemOwner: 0,
    businessOwner: { staff: 1, role: 'Förvaltningschef, barn- och utbildningsförvaltningen' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Barn- och utbildningsnämnden',
    split: {
      mode: 'share',
      units: [
        ['BUF-GR-LJS', 4_000],
        ['BUF-GR-LHS', 3_500],
        ['BUF-FSK-SOL', 2_500],
      ],
    },
    description:
      'Skolplattformen samlar schema, närvaro, frånvaroanmälan, omdömen och kommunikation med vårdnadshavare för grundskola och förskola. ' +
      'Vårdnadshavare loggar in med e-legitimation, personal och elever via kommunens inloggningstjänst.',
    itResponsibilities: `${IT_STANDARD} Elev- och gruppimporten från elevregistret övervakas dagligen under terminerna.`,
    businessResponsibilities: `${BUSINESS_STANDARD} Skoladministratörerna lägger upp läsår, grupper och scheman.`,
    quantities: {
      'virtuell-server': 2,
      databas: 1,
      integration: 3,
      'lagring-gb': 400,
      anslutning: 2,
      'backup-gb': 800,
      supporttimme: 60,
      supportlicens: 4,
    },
    sketch: {
      components: [
        c('klient', 'client', 'Webbläsare och app'),
        c('app', 'server', 'Applikationsserver'),
        c('db', 'database', 'Databas'),
        c('elevimport', 'integration', 'Elev- och gruppimport'),
        c('eid', 'external_service', 'E-legitimation'),
      ],
      relations: [r('klient', 'app', 'HTTPS'), r('app', 'db', 'SQL'), r('elevimport', 'app', 'elever och grupper'), r('app', 'eid', 'inloggning')],
    },
    nextReviewInMonths: 2,
    extra: 'review_held',
  },
  {
    municipality: 'tranemo',
    name: 'Lönesystem',
    kind: 'agreement',
    startedMonthsAgo: 86,
    systemOwner: 2,
    businessOwner: { staff: 3, role: 'Lönechef, kommunledningsförvaltningen' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Kommunstyrelsen',
    split: {
      mode: 'share',
      units: [
        ['KLF', 3_500],
        ['BUF', 6_500],
      ],
    },
    description:
      'Lönesystemet beräknar och betalar ut lön till kommunens anställda och hanterar frånvaro, reseräkningar och semester. ' +
      'Medarbetarna rapporterar i självservice; lönehandläggarna arbetar i handläggarklienten.',
    itResponsibilities: `${IT_STANDARD} Löneperiodens körningar övervakas, och utbetalningsfilen till banken skickas och kvitteras.`,
    businessResponsibilities: `${BUSINESS_STANDARD} Lönehandläggarna underhåller avtal, lönearter och kontering.`,
    quantities: {
      'virtuell-server': 3,
      databas: 2,
      integration: 4,
      'lagring-gb': 250,
      anslutning: 2,
      'backup-gb': 500,
      supporttimme: 80,
      supportlicens: 6,
    },
    sketch: {
      components: [
        c('handlaggare', 'client', 'Handläggarklient'),
        c('sjalvservice', 'client', 'Självservice (webb)'),
        c('app', 'server', 'Applikationsserver'),
        c('db', 'database', 'Löndatabas'),
        c('utbetalning', 'integration', 'Utbetalningsfil'),
        c('bank', 'external_service', 'Bankens filtjänst'),
      ],
      relations: [
        r('handlaggare', 'app', 'HTTPS'),
        r('sjalvservice', 'app', 'HTTPS'),
        r('app', 'db', 'SQL'),
        r('app', 'utbetalning', 'löneutbetalning'),
        r('utbetalning', 'bank', 'SFTP'),
      ],
    },
    nextReviewInMonths: 0,
    extra: 'review_booked',
  },
  {
    municipality: 'tranemo',
    name: 'E-arkiv',
    kind: 'agreement',
    startedMonthsAgo: 40,
    systemOwner: 4,
    businessOwner: { staff: 5, role: 'Kommunarkivarie' },
    technicalOwner: 'Verksamhet IT, infrastruktur',
    informationOwner: 'Kommunstyrelsen (arkivmyndighet)',
    split: {
      mode: 'share',
      units: [
        ['KLF', 5_000],
        ['BUF', 5_000],
      ],
    },
    description:
      'Kommunens e-arkiv för långtidsbevarande av allmänna handlingar enligt arkivlagen. Verksamhetssystemen levererar informationspaket ' +
      'enligt FGS; arkivarien och registratorerna söker och lämnar ut handlingar i webbgränssnittet.',
    itResponsibilities: `${IT_STANDARD} Arkivlagringen är skrivskyddad och speglas till den andra serverhallen.`,
    businessResponsibilities: `${BUSINESS_STANDARD} Arkivarien tar emot och kontrollerar leveranserna och beslutar om gallring.`,
    quantities: {
      'virtuell-server': 2,
      databas: 1,
      integration: 2,
      'lagring-gb': 2_000,
      anslutning: 1,
      'backup-gb': 4_000,
      supporttimme: 40,
      supportlicens: 2,
    },
    sketch: {
      components: [
        c('klient', 'client', 'Arkivariens webbläsare'),
        c('app', 'server', 'E-arkivserver'),
        c('db', 'database', 'Metadatabas'),
        c('lagring', 'storage', 'Arkivlagring (skrivskyddad)'),
        c('fgs', 'integration', 'FGS-leveranser'),
      ],
      relations: [r('klient', 'app', 'HTTPS'), r('app', 'db', 'SQL'), r('app', 'lagring', 'arkivpaket'), r('fgs', 'app', 'informationspaket')],
    },
    nextReviewInMonths: 0,
    extra: 'review_overdue',
  },
  {
    municipality: 'tranemo',
    name: 'Integration lön–ekonomi',
    kind: 'cost_description',
    startedMonthsAgo: 30,
    systemOwner: 2,
    businessOwner: { staff: 6, role: 'Redovisningsansvarig, ekonomienheten' },
    technicalOwner: 'Verksamhet IT, integrationer',
    informationOwner: 'Kommunstyrelsen',
    split: { mode: 'share', units: [['KLF-EK-EKO', 10_000]] },
    description: 'Överför lönekostnaderna från lönesystemet till ekonomisystemets huvudbok efter varje löneperiod, konterade enligt kommunens kodsträng.',
    itResponsibilities: 'Drift och övervakning av överföringen i integrationsplattformen, larm vid fel och omkörning efter rättning.',
    businessResponsibilities: 'Ekonomienheten stämmer av överföringen mot lönesystemet och rättar felaktig kontering.',
    quantities: { integration: 1, 'lagring-gb': 5, 'backup-gb': 10, supporttimme: 12 },
    sketch: {
      components: [c('lon', 'server', 'Lönesystem'), c('plattform', 'integration', 'Integrationsplattform'), c('ekonomi', 'server', 'Ekonomisystem')],
      relations: [r('lon', 'plattform', 'lönekostnader'), r('plattform', 'ekonomi', 'verifikationer')],
    },
    nextReviewInMonths: 7,
  },
  {
    municipality: 'tranemo',
    name: 'Bibliotekssystem',
    kind: 'agreement',
    startedMonthsAgo: 62,
    systemOwner: 7,
    businessOwner: { staff: 1, role: 'Samordnare för skolbiblioteken' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Barn- och utbildningsnämnden',
    split: {
      mode: 'per_user',
      units: [
        ['BUF-GR-LJS', 220],
        ['BUF-GR-LHS', 140],
      ],
    },
    description:
      'Bibliotekssystem för skolbiblioteken: katalog, utlån, reservationer och elevernas lånekonton. Eleverna söker i webbkatalogen; ' +
      'skolbibliotekarierna sköter utlån och inköp i handläggarklienten.',
    itResponsibilities: `${IT_STANDARD} Elevkontona läses in från skolplattformen varje natt.`,
    businessResponsibilities: `${BUSINESS_STANDARD} Skolbibliotekarierna katalogiserar och rensar beståndet.`,
    quantities: {
      'virtuell-server': 1,
      databas: 1,
      integration: 1,
      'lagring-gb': 50,
      anslutning: 1,
      'backup-gb': 100,
      supporttimme: 16,
      supportlicens: 1,
    },
    sketch: {
      components: [
        c('katalog', 'client', 'Webbkatalog'),
        c('utlan', 'client', 'Utlåningsklient'),
        c('app', 'server', 'Bibliotekssystemets server'),
        c('db', 'database', 'Databas'),
        c('elever', 'integration', 'Elevimport från skolplattformen'),
      ],
      relations: [r('katalog', 'app', 'HTTPS'), r('utlan', 'app', 'HTTPS'), r('app', 'db', 'SQL'), r('elever', 'app', 'lånekonton')],
    },
    nextReviewInMonths: 5,
  },
  {
    municipality: 'tranemo',
    name: 'Elevregister (ersatt)',
    kind: 'agreement',
    startedMonthsAgo: 110,
    systemOwner: 0,
    businessOwner: { staff: 5, role: 'Skoladministratör' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Barn- och utbildningsnämnden',
    split: { mode: 'share', units: [['BUF', 10_000]] },
    description: 'Det tidigare elevregistret, ersatt av skolplattformens elevregister. Uppsagt; eleverna och betygen är levererade till e-arkivet.',
    itResponsibilities: 'Drift fram till uppsägningen, leverans av uppgifterna till e-arkivet och avveckling av servrar och databas.',
    businessResponsibilities: 'Kontroll av att leveransen till e-arkivet är fullständig innan systemet stängs.',
    quantities: { 'virtuell-server': 1, databas: 1, 'lagring-gb': 80, 'backup-gb': 160, supporttimme: 8 },
    sketch: {
      components: [c('klient', 'client', 'Handläggarklient'), c('app', 'server', 'Applikationsserver'), c('db', 'database', 'Elevdatabas')],
      relations: [r('klient', 'app', 'HTTPS'), r('app', 'db', 'SQL')],
    },
    nextReviewInMonths: 0,
    extra: 'terminated',
  },
  {
    municipality: 'ulricehamn',
    name: 'Verksamhetssystem vård och omsorg',
    kind: 'agreement',
    startedMonthsAgo: 75,
    systemOwner: 0,
    businessOwner: { staff: 1, role: 'Verksamhetschef, äldreomsorgen' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Välfärdsnämnden',
    split: {
      mode: 'share',
      units: [
        ['VOF-AO-HTC', 6_000],
        ['VOF-AO', 4_000],
      ],
    },
    description:
      'Verksamhetssystem för biståndsbeslut, genomförandeplaner, social dokumentation och hälso- och sjukvårdsjournal inom äldreomsorg och ' +
      'hemtjänst. Hemtjänstpersonalen dokumenterar i mobilappen; handläggare och sjuksköterskor i webbklienten. Systemet hanterar ' +
      'känsliga personuppgifter och omfattas av patientdatalagen.',
    itResponsibilities: `${IT_STANDARD} Loggar över åtkomst till journaler sparas och lämnas ut för logguppföljning.`,
    businessResponsibilities: `${BUSINESS_STANDARD} Verksamheten följer upp åtkomstloggarna varje månad.`,
    quantities: {
      'virtuell-server': 3,
      databas: 2,
      integration: 3,
      'lagring-gb': 600,
      anslutning: 3,
      'backup-gb': 1_200,
      supporttimme: 120,
      supportlicens: 8,
    },
    sketch: {
      components: [
        c('webb', 'client', 'Webbklient'),
        c('mobil', 'client', 'Mobilapp hemtjänst'),
        c('app', 'server', 'Applikationsserver'),
        c('db', 'database', 'Databas'),
        c('npo', 'integration', 'Integration NPÖ'),
        c('inera', 'external_service', 'Nationell patientöversikt'),
      ],
      relations: [
        r('webb', 'app', 'HTTPS'),
        r('mobil', 'app', 'HTTPS'),
        r('app', 'db', 'SQL'),
        r('app', 'npo', 'journaluppgifter'),
        r('npo', 'inera', 'tjänsteplattformen'),
      ],
    },
    nextReviewInMonths: 4,
  },
  {
    municipality: 'ulricehamn',
    name: 'Skolplattform',
    kind: 'agreement',
    startedMonthsAgo: 44,
    systemOwner: 2,
    businessOwner: { staff: 3, role: 'Skolchef, förvaltningen för lärande' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Nämnden för lärande',
    split: {
      mode: 'per_user',
      units: [
        ['FFL-GR-ATR', 340],
        ['FFL-GR-STB', 260],
      ],
    },
    description:
      'Skolplattformen för grundskolan: schema, närvaro, uppgifter och omdömen, och kontakten med vårdnadshavare. Kostnaden fördelas på ' +
      'skolorna efter antalet elever och personal med konto.',
    itResponsibilities: `${IT_STANDARD} Konton skapas och stängs automatiskt från elevregistret.`,
    businessResponsibilities: `${BUSINESS_STANDARD} Skolorna utser var sin superanvändare.`,
    quantities: {
      'virtuell-server': 2,
      databas: 1,
      integration: 2,
      'lagring-gb': 350,
      anslutning: 2,
      'backup-gb': 700,
      supporttimme: 50,
      supportlicens: 3,
    },
    sketch: {
      components: [
        c('klient', 'client', 'Webbläsare och app'),
        c('app', 'server', 'Applikationsserver'),
        c('db', 'database', 'Databas'),
        c('konton', 'integration', 'Kontoprovisionering'),
      ],
      relations: [r('klient', 'app', 'HTTPS'), r('app', 'db', 'SQL'), r('konton', 'app', 'elever och personal')],
    },
    nextReviewInMonths: 6,
  },
  {
    municipality: 'ulricehamn',
    name: 'Diarium och ärendehantering',
    kind: 'agreement',
    startedMonthsAgo: 96,
    systemOwner: 4,
    businessOwner: { staff: 5, role: 'Kanslichef' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Kommunstyrelsen',
    split: {
      mode: 'share',
      units: [
        ['KLF', 6_000],
        ['FFL', 2_000],
        ['VOF', 2_000],
      ],
    },
    description:
      'Diarium och ärendehantering för kommunstyrelsen och nämnderna: registrering av allmänna handlingar, ärenden, beslut och protokoll. ' +
      'Leverantören erbjuder systemet som molntjänst (SaaS) och flytten utreds: informationsklassningen och säkerhetsanalysen är gjorda.',
    itResponsibilities: `${IT_STANDARD} Under flytten: teknisk utredning av inloggning och integrationer i leverantörens molntjänst.`,
    businessResponsibilities: `${BUSINESS_STANDARD} Registratorerna ansvarar för diarieplanen och för att handlingar registreras rätt.`,
    quantities: {
      'virtuell-server': 2,
      databas: 1,
      integration: 2,
      'lagring-gb': 300,
      anslutning: 1,
      'backup-gb': 600,
      supporttimme: 40,
      supportlicens: 3,
    },
    sketch: {
      components: [
        c('klient', 'client', 'Handläggarklient'),
        c('app', 'server', 'Applikationsserver'),
        c('db', 'database', 'Diariedatabas'),
        c('epost', 'integration', 'Registrering från e-post'),
        c('arkiv', 'external_service', 'E-arkiv'),
      ],
      relations: [r('klient', 'app', 'HTTPS'), r('app', 'db', 'SQL'), r('epost', 'app', 'inkomna handlingar'), r('app', 'arkiv', 'avslutade ärenden')],
    },
    nextReviewInMonths: 3,
    extra: 'cloud_move',
  },
  {
    municipality: 'ulricehamn',
    name: 'Schemaplanering hemtjänst (SaaS)',
    kind: 'cost_description',
    startedMonthsAgo: 2,
    systemOwner: 0,
    businessOwner: { staff: 6, role: 'Enhetschef, Hemtjänst Centrum' },
    technicalOwner: 'Leverantören (SaaS); Verksamhet IT för inloggning och anslutning',
    informationOwner: 'Välfärdsnämnden',
    split: { mode: 'per_user', units: [['VOF-AO-HTC', 85]] },
    description: 'Molntjänst för schema- och ruttplanering i hemtjänsten, köpt som SaaS. Leverantören driver tjänsten; kommunen betalar per användare.',
    itResponsibilities: 'Inloggning via kommunens identitetstjänst, anslutningen till tjänsten och första kontakt med leverantören vid driftstörning.',
    businessResponsibilities: 'Planerarna underhåller brukare, insatser och personal i tjänsten och följer leverantörens utbildning.',
    quantities: { integration: 1, anslutning: 1, supporttimme: 10, supportlicens: 2 },
    sketch: {
      components: [
        c('klient', 'client', 'Planerarens webbläsare'),
        c('tjanst', 'external_service', 'Schemaplaneringstjänst (SaaS)'),
        c('idp', 'integration', 'Kommunens identitetstjänst'),
      ],
      relations: [r('klient', 'tjanst', 'HTTPS'), r('tjanst', 'idp', 'SAML-inloggning')],
    },
    nextReviewInMonths: 10,
  },
  {
    municipality: 'ulricehamn',
    name: 'Lokalbokning',
    kind: 'agreement',
    startedMonthsAgo: null,
    systemOwner: 7,
    businessOwner: { staff: 4, role: 'Fritidschef' },
    technicalOwner: 'Verksamhet IT, applikationsförvaltning',
    informationOwner: 'Kommunstyrelsen',
    split: { mode: 'share', units: [['KLF', 10_000]] },
    description:
      'Bokning av kommunens lokaler och idrottshallar för föreningar och allmänhet, med betalning vid bokningen. Avtalet upprättas inför driftstarten.',
    itResponsibilities: IT_STANDARD,
    businessResponsibilities: `${BUSINESS_STANDARD} Bokningshandläggarna sköter lokalerna, priserna och föreningsregistret.`,
    quantities: {
      'virtuell-server': 1,
      databas: 1,
      'lagring-gb': 20,
      anslutning: 1,
      'backup-gb': 40,
      supporttimme: 20,
      supportlicens: 1,
    },
    sketch: {
      components: [
        c('webb', 'client', 'Bokningswebb'),
        c('app', 'server', 'Bokningsserver'),
        c('db', 'database', 'Databas'),
        c('betalning', 'external_service', 'Betaltjänst'),
      ],
      relations: [r('webb', 'app', 'HTTPS'), r('app', 'db', 'SQL'), r('app', 'betalning', 'betalningar')],
    },
    nextReviewInMonths: 0,
    extra: 'in_preparation',
  },
];

/** The first weekday on or after a date (a meeting is not booked on a weekend). */
function weekdayFrom(date: string): string {
  const d = Temporal.PlainDate.from(date);
  return d.dayOfWeek <= 5 ? date : d.add({ days: 8 - d.dayOfWeek }).toString();
}

/** A local time in Stockholm on a date, as an instant. */
function stockholmAt(date: string, time: string): Date {
  const instant = Temporal.PlainDate.from(date)
    .toZonedDateTime({ timeZone: 'Europe/Stockholm', plainTime: Temporal.PlainTime.from(time) })
    .toInstant();
  return new Date(instant.epochMilliseconds);
}

/**
 * Last year's model (the same prices: billing's last month may fall in it), this year's and next year's
 * (copied, then dearer), each made when missing; this year's drivers.
 */
async function seedModels(db: Db, finance: Actor, year: number): Promise<CostDriver[]> {
  if ((await service.driversOf(db, year - 1)) === null) await service.createModel(db, finance, { year: year - 1, drivers: [...DRIVERS] });
  const existing = await service.driversOf(db, year);
  const drivers = existing ?? (await service.createModel(db, finance, { year, drivers: [...DRIVERS] })).drivers;
  if ((await service.driversOf(db, year + 1)) === null) {
    const copy = await service.copyModel(db, finance, year, { toYear: year + 1 });
    await service.updateModel(db, finance, year + 1, {
      version: copy.version,
      drivers: copy.drivers.map((d) => ({ ...d, unitPriceOre: NEXT_YEAR_PRICES[d.code] ?? Math.round(d.unitPriceOre * 1.04) })),
    });
  }
  return drivers;
}

/**
 * A review booked in the demo: stored as the service stores one, with its audit row, but without the
 * invitations (the demo's people have made-up addresses).
 */
async function bookWithoutMail(db: Db, actor: Actor, app: { id: string; municipalityId: string }, on: string, place: string, invitees: Invitee[]) {
  return db.transaction(async (tx) => {
    const review = await store.insertReview(tx, {
      applicationId: app.id,
      startsAt: stockholmAt(on, '09:00'),
      endsAt: stockholmAt(on, '10:30'),
      place,
      invitees,
      icalUid: `${randomUUID()}@samdesk`,
      bookedByUserId: actor.id,
      createdAt: now(),
      updatedAt: now(),
    });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: app.municipalityId,
      entity: 'agreement_review',
      entityId: review.id,
      action: 'create',
      before: null,
      after: {
        id: review.id,
        applicationId: review.applicationId,
        startsAt: review.startsAt.toISOString(),
        endsAt: review.endsAt.toISOString(),
        place: review.place,
        invitees: review.invitees,
        status: review.status,
        heldOn: review.heldOn,
        version: review.version,
      },
    });
    return review;
  });
}

const CLOUD_MOVE = (classifiedOn: string, analysedOn: string): Omit<CloudMoveInput, 'version'> => ({
  classification: {
    levels: {
      confidentiality: { level: 2, label: 'Måttlig' },
      integrity: { level: 2, label: 'Måttlig' },
      availability: { level: 2, label: 'Måttlig' },
      traceability: { level: 3, label: 'Allvarlig' },
    },
    klassaVersion: '5.0',
    classifiedOn,
    participants: ['Systemägare', 'Kanslichef', 'Informationssäkerhetssamordnare', 'Arkivarie'],
  },
  securityAnalysis: {
    on: analysedOn,
    result: 'Godtagbar med åtgärder: leverantörens tjänst uppfyller kraven på kryptering och behörighetsstyrning.',
    residualRisks: 'Personuppgifter lagras hos underbiträde inom EU; loggar lämnas bara på begäran. Följs upp årligen.',
  },
  legalReview: null,
  businessReview: null,
  costAnalysis: null,
});

export async function seedDemoAgreements(db: Db): Promise<number> {
  if ((await demoStore.countApplications(db)) > 0) return 0;
  const [strategist, economist] = [await accountNamed(db, 'strateg'), await accountNamed(db, 'ekonom.tranemo')];
  if (!strategist || !economist) return 0;
  const it = actorFromUser(strategist);
  const today = stockholmToday();
  const year = Number(today.slice(0, 4));
  const drivers = await seedModels(db, actorFromUser(economist), year);
  const known = new Set(drivers.map((d) => d.code));

  let created = 0;
  for (const m of await municipalitiesByCode(db)) {
    const units = await demoStore.unitIdsByCode(db, m.id);
    const staff = await staffOf(db, m.id, 8);
    const person = (i: number) => staff[i % Math.max(staff.length, 1)];
    for (const demo of APPLICATIONS.filter((a) => a.municipality === m.code)) {
      const unitIds = demo.split.units.map(([code]) => units.get(code));
      if (unitIds.some((id) => id === undefined)) continue;
      const split: ApplicationInput['split'] = {
        mode: demo.split.mode,
        units: demo.split.units.map(([, weight], i) => ({
          unitId: unitIds[i] ?? '',
          shareBp: demo.split.mode === 'share' ? weight : null,
          users: demo.split.mode === 'per_user' ? weight : null,
        })),
      };
      const startsOn = demo.startedMonthsAgo === null ? null : addMonths(today, -demo.startedMonthsAgo);
      const nextReviewOn =
        demo.extra === 'in_preparation' || demo.extra === 'review_held'
          ? null
          : demo.extra === 'review_overdue'
            ? addDays(today, -12)
            : demo.extra === 'review_booked'
              ? addDays(today, 20)
              : addMonths(today, demo.nextReviewInMonths);
      const content = {
        description: demo.description,
        itResponsibilities: demo.itResponsibilities,
        businessResponsibilities: demo.businessResponsibilities,
        quantities: Object.fromEntries(Object.entries(demo.quantities).filter(([code]) => known.has(code))),
        sketch: demo.sketch,
      };
      const systemOwner = person(demo.systemOwner);
      const businessOwner = person(demo.businessOwner.staff);
      let app = await service.createApplication(db, it, {
        municipalityId: m.id,
        name: demo.name,
        kind: demo.kind,
        startsOn,
        systemOwnerPersonId: systemOwner?.id ?? null,
        businessOwner: { personId: businessOwner?.id ?? null, role: demo.businessOwner.role },
        technicalOwner: { personId: null, role: demo.technicalOwner },
        informationOwner: { personId: null, role: demo.informationOwner },
        nextReviewOn,
        split,
        agreement: content,
      });
      created += 1;
      if (startsOn === null) continue;
      app = await service.changeStatus(db, it, app.id, { version: app.version, status: 'active', on: startsOn });
      const invitees: Invitee[] = [systemOwner, businessOwner].flatMap((p) =>
        p?.email ? [{ name: `${p.firstName} ${p.lastName}`.trim(), email: p.email, personId: p.id }] : [],
      );
      if (demo.extra === 'terminated') {
        await service.changeStatus(db, it, app.id, { version: app.version, status: 'terminated', on: addMonths(today, -4) });
      } else if (demo.extra === 'review_booked') {
        await bookWithoutMail(db, it, app, weekdayFrom(addDays(today, 9)), `${PLACE[demo.municipality]}, sammanträdesrum 2`, invitees);
      } else if (demo.extra === 'review_held') {
        const heldOn = weekdayFrom(addMonths(today, -(12 - demo.nextReviewInMonths)));
        const review = await bookWithoutMail(db, it, app, heldOn, `${PLACE[demo.municipality]}, sammanträdesrum 1`, invitees);
        const revision: Omit<AgreementRevision, 'version'> = {
          ...content,
          quantities: { ...content.quantities, ...(known.has('lagring-gb') ? { 'lagring-gb': (content.quantities['lagring-gb'] ?? 0) + 200 } : {}) },
          changeNote: 'Lagringen utökad med 200 GB för elevernas inlämningar; supportansvaret förtydligat.',
        };
        await holdReview(db, it, app.id, review.id, {
          version: review.version,
          heldOn,
          minutes:
            'Genomgång av avtalet med systemägare och verksamhetsansvarig. Driften har fungerat väl; två planerade avbrott under läsåret. ' +
            'Beslut: lagringen utökas med 200 GB inför nästa läsår, och första linjens stöd ligger kvar hos skoladministratörerna.',
          agreement: revision,
        });
      } else if (demo.extra === 'cloud_move') {
        await service.recordCloudMove(db, it, app.id, {
          version: app.version,
          ...CLOUD_MOVE(weekdayFrom(addMonths(today, -2)), weekdayFrom(addDays(addMonths(today, -2), 21))),
        });
      }
    }
  }
  return created;
}
