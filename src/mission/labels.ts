import { WEEKDAYS, type MissionDocument, type Weekday } from './document.ts';
import { WEEKDAY_SV } from './rules.ts';

/**
 * R-8.4: the Swedish names of the mission's fields and the Swedish way of writing its values, for the
 * editor's problem list and the "changes from the previous mission" (changes.ts) that go to the
 * board. Plain words a municipal economist reads without the code: no field names, no requirement ids.
 * Pure: no I/O, so the server, the PDF export and the web app say the same thing.
 *
 * The fields are described once, as a tree that follows document.ts field by field (`MISSION_FIELDS`):
 * each node has a `label` (one part of a field's name; '' when a group adds nothing to its children's
 * names) and, for the change texts, a `subject` — the definite Swedish phrase a sentence starts with
 * ("Andelen avslutade ärenden som får enkät"). `{ctx}` in a subject marks where the items it belongs
 * to are named ("för tjänsten Flytt", "för Tranemo"); without it they follow the subject.
 */

/** Writes one value of a field in Swedish; `doc` is the document the value comes from (names of codes). */
export type MissionFormat = (value: unknown, doc?: MissionDocument) => string;

interface FieldBase {
  /** One part of the field's name, as it reads after a comma ('' = the group adds nothing). */
  label: string;
  /** The definite phrase a change sentence starts with; `{ctx}` marks where enclosing items are named. */
  subject?: string;
  /** How a value of the field is written (an atomic object or a whole list may have one too). */
  format?: MissionFormat;
}

/** A field holding one value. */
export interface MissionLeafField extends FieldBase {
  kind: 'leaf';
  format: MissionFormat;
}

/** A group of fields; `atomic` = compared and changed as one value (a weekday's opening hours). */
export interface MissionObjectField extends FieldBase {
  kind: 'object';
  fields: Readonly<Record<string, MissionField>>;
  atomic?: boolean;
}

/** A list. Lists of objects have a `key` (their identity); lists of values are keyed by the value. */
export interface MissionListField extends FieldBase {
  kind: 'list';
  item: MissionField;
  /** Indefinite singular that starts "… läggs till: …" ("Intefunktion", "Tjänst"). */
  singular: string;
  /** Definite plural for "Ordningen för … ändras till: …"; may hold `{ctx}`. */
  definite: string;
  /** The identity of an item of a list of objects. */
  key?: (item: unknown) => string;
  /** How an item is named in a field's name ("Korttidshyra bärbar dator", "Tranemo"). */
  name?: (item: unknown, index: number, doc?: MissionDocument) => string;
  /** An item in an added/removed/reordered text, with what tells it apart. */
  describe?: (item: unknown, doc?: MissionDocument) => string;
  /** How a change inside an item names the item ("för tjänsten Flytt"); '' = not at all. */
  context?: (item: unknown, doc?: MissionDocument) => string;
  /** The item field that is its name: a change of it reads "<subject> byter namn från … till …". */
  rename?: { field: string; subject: string };
}

export type MissionField = MissionLeafField | MissionObjectField | MissionListField;

// ---------------------------------------------------------------------------------------------------
// Values in Swedish

export const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;

export const HOLIDAY_TYPES_SV: Readonly<Record<MissionDocument['calendar']['closedHolidayTypes'][number], string>> = {
  public: 'allmänna helgdagar',
  bank: 'helgaftnar (jul-, nyårs- och midsommarafton)',
  optional: 'valfria lediga dagar',
  observance: 'högtidsdagar som inte är lediga dagar',
  school: 'skollov',
};

type Service = MissionDocument['catalogue']['services'][number];
export const BILLING_MODELS_SV: Readonly<Record<Service['billingModel'], string>> = {
  monthly_rental: 'månadshyra',
  weekly_rental: 'veckohyra',
  hourly: 'per timme',
  one_off: 'engångsköp',
  purchase_plus_monthly_fee: 'inköpspris och månadsavgift',
  monthly_fee: 'månadsavgift för egen utrustning',
  periodic: 'periodisk avgift',
  yearly: 'årsavgift',
  time_spent: 'nedlagd tid',
};
export const BILLING_GROUPS_SV: Readonly<Record<Service['billingGroup'], string>> = {
  continuous: 'löpande fakturering',
  periodic: 'periodisk fakturering',
  central: 'central fakturering',
};
export const SUPPORT_LEVELS_SV: Readonly<Record<NonNullable<Service['supportLevel']>, string>> = {
  managed: 'hanterad datorarbetsplats',
  managed_without_support: 'hanterad utan support',
  one_to_one: 'elevdator ett till ett',
};
export const ROUNDING_SV: Readonly<Record<MissionDocument['support']['onCall']['rounding'], string>> = {
  per_started: 'uppåt per påbörjat steg',
  nearest: 'uppåt eller nedåt till närmaste steg',
  none: 'ingen avrundning',
};
export const FREQUENCIES_SV: Readonly<Record<'monthly' | 'tertial' | 'continuous', string>> = {
  monthly: 'varje månad',
  tertial: 'varje tertial',
  continuous: 'löpande',
};
export const PART_MONTH_SV: Readonly<Record<MissionDocument['billing']['partMonth'], string>> = {
  from_month_after_start: 'debitering från månaden efter leverans till och med månaden för återlämning',
  from_start_month: 'debitering från leveransmånaden till och med månaden före återlämning',
};
export const BUYER_SV: Readonly<Record<NonNullable<MissionDocument['people']['personRoles'][number]['buyer']>, string>> = {
  student: 'får köpa datorn hen använt',
  never: 'köper aldrig datorer',
};
export const DEVICE_SV: Readonly<Record<MissionDocument['people']['staffCategories'][number]['device'], string>> = {
  teacher: 'lärardator',
  administrative: 'administrativ dator',
};
const NEW_BILLED_FROM_SV: Readonly<Record<MissionDocument['billing']['applicationTermination']['newBilledFrom'], string>> = {
  next_year: 'året efter',
};
const ORDINALS_SV = ['första', 'andra', 'tredje', 'fjärde', 'femte'] as const;

/** A number the Swedish way: comma decimals, a space between thousands. */
export function formatNumber(n: number): string {
  const [whole = '', decimals] = String(Math.round(n * 1000) / 1000).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.length > 4 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ') : digits;
  return `${sign}${grouped}${decimals ? `,${decimals}` : ''}`;
}

/** 0.991 → '99,1 %' (shares are fractions in the document). */
export function formatShare(share: number): string {
  return `${formatNumber(Math.round(share * 100 * 100) / 100)} %`;
}

/** '16:00' stays '16:00'. */
export function formatTime(time: string): string {
  return time;
}

/** { open: '07:30', close: '16:00' } → '07:30–16:00'; null → 'stängt'. */
export function formatOpeningHours(hours: { open: string; close: string } | null): string {
  return hours === null ? 'stängt' : `${hours.open}–${hours.close}`;
}

function count(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
export const formatMinutes = (n: number): string => count(n, 'minut', 'minuter');
export const formatHours = (n: number): string => count(n, 'timme', 'timmar');
export const formatDays = (n: number): string => count(n, 'dag', 'dagar');
export const formatWorkingDays = (n: number): string => count(n, 'arbetsdag', 'arbetsdagar');
export const formatMonths = (n: number): string => count(n, 'månad', 'månader');

/** 5 → 'maj'. */
export function formatMonth(month: number): string {
  return MONTHS_SV[month - 1] ?? `månad ${month}`;
}

/** 'friday' → 'fredag'. */
export function formatWeekday(day: string): string {
  return (WEEKDAY_SV as Record<string, string>)[day] ?? day;
}

/** '2027-01-01' → '1 januari 2027'. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${formatMonth(Number(m[2]))} ${m[1]}`;
}

/** '04-30' → '30 april'. */
export function formatMonthDay(monthDay: string): string {
  const m = /^(\d{2})-(\d{2})$/.exec(monthDay);
  return m ? `${Number(m[2])} ${formatMonth(Number(m[1]))}` : monthDay;
}

export function formatBoolean(b: boolean): string {
  return b ? 'ja' : 'nej';
}

/** 'tranemo' → 'Tranemo' (municipalities are stored by code). */
export function formatMunicipality(code: string): string {
  return code.charAt(0).toUpperCase() + code.slice(1);
}

/** The name of a catalogue service from its code, in `doc` when it has it. */
export function formatServiceCode(code: string, doc?: MissionDocument): string {
  return doc?.catalogue.services.find((s) => s.code === code)?.name ?? code;
}

/** ['1', '2', '3'] → '1, 2 och 3'. */
export function joinSv(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} och ${items.at(-1) ?? ''}`;
}

/** Upper-cases the first letter. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Any value, when nothing better is known: never '[object Object]'. */
export function formatUnknown(value: unknown): string {
  if (value === null || value === undefined) return 'inget';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return formatBoolean(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? 'inga' : value.map(formatUnknown).join(', ');
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------
// Value formats for the tree

const asNumber =
  (f: (n: number) => string): MissionFormat =>
  (v) =>
    typeof v === 'number' ? f(v) : formatUnknown(v);
const asString =
  (f: (s: string, doc?: MissionDocument) => string): MissionFormat =>
  (v, doc) =>
    typeof v === 'string' ? f(v, doc) : formatUnknown(v);
const fromTable =
  (table: Readonly<Record<string, string>>): MissionFormat =>
  (v) =>
    typeof v === 'string' ? (table[v] ?? v) : formatUnknown(v);

const plain: MissionFormat = formatUnknown;
const quoted: MissionFormat = (v) => (typeof v === 'string' ? `”${v}”` : formatUnknown(v));
const integer = asNumber(formatNumber);
const share = asNumber(formatShare);
const time = asString(formatTime);
const minutes = asNumber(formatMinutes);
const hours = asNumber(formatHours);
const days = asNumber(formatDays);
const months = asNumber(formatMonths);
const month = asNumber(formatMonth);
const date = asString(formatDate);
const municipality = asString(formatMunicipality);
const municipalityScope: MissionFormat = (v) => (typeof v === 'string' ? formatMunicipality(v) : 'båda kommunerna');
const serviceCode = asString(formatServiceCode);
const openingHours: MissionFormat = (v) => {
  if (v === null) return 'stängt';
  const open = prop(v, 'open');
  const close = prop(v, 'close');
  return typeof open === 'string' && typeof close === 'string' ? formatOpeningHours({ open, close }) : formatUnknown(v);
};

// ---------------------------------------------------------------------------------------------------
// Reading list items (the tree sees them as unknown)

function prop(item: unknown, field: string): unknown {
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined;
}
function text(item: unknown, field: string): string {
  const v = prop(item, field);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
const byCode = (item: unknown): string => text(item, 'code');
const byMunicipality = (item: unknown): string => text(item, 'municipality');
const byDayAndMunicipality = (item: unknown): string => `${text(item, 'date')}|${text(item, 'municipality')}`;
const dayName = (item: unknown): string => {
  const m = text(item, 'municipality');
  return `${formatDate(text(item, 'date'))}${m ? ` (${formatMunicipality(m)})` : ''}`;
};

// ---------------------------------------------------------------------------------------------------
// The tree

const leaf = (label: string, format: MissionFormat, subject?: string): MissionLeafField =>
  subject === undefined ? { kind: 'leaf', label, format } : { kind: 'leaf', label, format, subject };
const group = (label: string, fields: Record<string, MissionField>, more: Partial<MissionObjectField> = {}): MissionObjectField => ({
  kind: 'object',
  label,
  fields,
  ...more,
});

const weekdayHours = (day: Weekday): MissionObjectField =>
  group(
    WEEKDAY_SV[day],
    { open: leaf('öppningstid', time), close: leaf('stängningstid', time) },
    { atomic: true, format: openingHours, subject: `Öppettiden ${WEEKDAY_SV[day]}ar` },
  );

const dayWithReason = {
  date: leaf('datum', date, 'Datumet'),
  municipality: leaf('kommun', municipalityScope, 'Kommunen'),
  reason: leaf('anledning', quoted, 'Anledningen'),
};

const calendar = group('', {
  timeZone: leaf(
    'Tidszon',
    asString((z) => (z === 'Europe/Stockholm' ? 'svensk tid' : z)),
    'Tidszonen',
  ),
  openingHours: group('Öppettider', Object.fromEntries(WEEKDAYS.map((d) => [d, weekdayHours(d)]))),
  closedHolidayTypes: {
    kind: 'list',
    label: 'Helgdagar då it-supporten är stängd',
    subject: 'Helgdagar då it-supporten är stängd',
    singular: 'Helgdagstyp',
    definite: 'helgdagstyperna',
    item: leaf('', fromTable(HOLIDAY_TYPES_SV)),
  },
  extraClosedDays: {
    kind: 'list',
    label: 'Extra stängda dagar',
    subject: 'Extra stängda dagar',
    singular: 'Extra stängd dag',
    definite: 'de extra stängda dagarna',
    item: group('', dayWithReason),
    key: byDayAndMunicipality,
    name: dayName,
    describe: (d) => `${dayName(d)}, ${text(d, 'reason')}`,
    context: (d) => `för den extra stängda dagen ${dayName(d)}`,
  },
  changedHours: {
    kind: 'list',
    label: 'Dagar med ändrade öppettider',
    subject: 'Dagar med ändrade öppettider',
    singular: 'Dag med ändrade öppettider',
    definite: 'dagarna med ändrade öppettider',
    item: group('', {
      ...dayWithReason,
      open: leaf('öppningstid', time, 'Öppningstiden'),
      close: leaf('stängningstid', time, 'Stängningstiden'),
    }),
    key: byDayAndMunicipality,
    name: dayName,
    describe: (d) => `${dayName(d)} ${text(d, 'open')}–${text(d, 'close')}, ${text(d, 'reason')}`,
    context: (d) => `för ${dayName(d)}`,
  },
  serviceWindows: group('Servicefönster', {
    primary: group('ordinarie', {
      nthWeekdayOfMonth: leaf(
        'veckodagens ordning i månaden',
        asNumber((n) => `den ${ORDINALS_SV[n - 1] ?? formatNumber(n)}`),
        'Veckodagens ordning i månaden för det ordinarie servicefönstret',
      ),
      weekday: leaf('veckodag', asString(formatWeekday), 'Det ordinarie servicefönstrets veckodag'),
      start: leaf('starttid', time, 'Starttiden för det ordinarie servicefönstret'),
      end: leaf('sluttid', time, 'Sluttiden för det ordinarie servicefönstret'),
    }),
    secondary: group('reserv', {
      daysAfterPrimary: leaf('dagar efter det ordinarie', days, 'Tiden från det ordinarie servicefönstret till reservfönstret'),
      start: leaf('starttid', time, 'Starttiden för reservfönstret'),
      end: leaf('sluttid', time, 'Sluttiden för reservfönstret'),
      onlyWhenNeeded: leaf(
        'när det används',
        (v) => (v === true ? 'bara vid behov' : v === false ? 'varje månad' : formatUnknown(v)),
        'Användningen av reservfönstret',
      ),
    }),
  }),
});

const teamLines = (t: unknown): string => {
  const lines = prop(t, 'lines');
  return Array.isArray(lines) ? `linje ${joinSv(lines.map(formatUnknown))}` : '';
};
const teams: MissionListField = {
  kind: 'list',
  label: 'Team',
  subject: 'Team',
  singular: 'Team',
  definite: 'teamen',
  item: group('', {
    code: leaf('kortnamn', plain, 'Kortnamnet'),
    name: leaf('namn', plain, 'Namnet'),
    lines: {
      kind: 'list',
      label: 'linjer',
      subject: 'Linjer{ctx}',
      singular: 'Linje',
      definite: 'linjerna{ctx}',
      item: leaf('', (v) => `linje ${formatUnknown(v)}`),
    },
  }),
  key: byCode,
  name: (t) => text(t, 'name'),
  describe: (t) => `${text(t, 'name')} (${teamLines(t)})`,
  context: (t) => `för teamet ${text(t, 'name')}`,
  rename: { field: 'name', subject: 'Teamet' },
};

const people = group('', {
  personRoles: {
    kind: 'list',
    label: 'Personroller',
    subject: 'Personroller',
    singular: 'Personroll',
    definite: 'personrollerna',
    item: group('', {
      code: leaf('kortnamn', plain, 'Kortnamnet'),
      label: leaf('benämning', plain, 'Benämningen'),
      employee: leaf('anställningsform', (v) => (v === true ? 'anställd' : v === false ? 'inte anställd' : formatUnknown(v)), 'Anställningsformen'),
      buyer: leaf('köp av använd dator', fromTable(BUYER_SV), 'Köp av använd dator'),
    }),
    key: byCode,
    name: (r) => text(r, 'label'),
    describe: (r) => `${text(r, 'label')} (${prop(r, 'employee') === true ? 'anställd' : 'inte anställd'})`,
    context: (r) => `för personrollen ${text(r, 'label')}`,
    rename: { field: 'label', subject: 'Personrollen' },
  },
  staffCategories: {
    kind: 'list',
    label: 'Personalkategorier i skolan',
    subject: 'Personalkategorier i skolan',
    singular: 'Personalkategori i skolan',
    definite: 'personalkategorierna i skolan',
    item: group('', {
      code: leaf('kortnamn', plain, 'Kortnamnet'),
      label: leaf('benämning', plain, 'Benämningen'),
      device: leaf('dator', fromTable(DEVICE_SV), 'Datorn'),
    }),
    key: byCode,
    name: (c) => text(c, 'label'),
    describe: (c) => `${text(c, 'label')} (${fromTable(DEVICE_SV)(prop(c, 'device'))})`,
    context: (c) => `för personalkategorin ${text(c, 'label')}`,
    rename: { field: 'label', subject: 'Personalkategorin' },
  },
});

const support = group('', {
  firstLineResolutionTarget: leaf('Mål för andel ärenden lösta i första linjen', share, 'Målet för andelen ärenden som löses i första linjen'),
  atRiskShare: leaf('Andel av ärendets tillåtna tid innan varning för försening', share, 'Andelen av ärendets tillåtna tid innan varning för försening'),
  intefunktion: group('', {
    resolveWithinWorkingDays: leaf('Tid för att åtgärda intefunktion', asNumber(formatWorkingDays), 'Tiden för att åtgärda intefunktion'),
    functions: {
      kind: 'list',
      label: 'Intefunktion',
      subject: 'Intefunktion',
      singular: 'Intefunktion',
      definite: 'funktionerna under intefunktion',
      item: group('', { code: leaf('kortnamn', plain, 'Kortnamnet'), label: leaf('beskrivning', plain, 'Beskrivningen') }),
      key: byCode,
      name: (f) => text(f, 'label'),
      describe: (f) => text(f, 'label'),
      context: (f) => `för intefunktionen ${text(f, 'label')}`,
      rename: { field: 'label', subject: 'Intefunktionen' },
    },
  }),
  onCall: group('Beredskap', {
    minimumBilledMinutes: leaf('minsta debiterade tid', minutes, 'Minsta debiterade tid för beredskap'),
    roundingIncrementMinutes: leaf('avrundningssteg', minutes, 'Avrundningssteget för beredskapstid'),
    rounding: leaf('avrundning', fromTable(ROUNDING_SV), 'Avrundningen av beredskapstid'),
  }),
  survey: group('', {
    sampleShare: leaf('Andel avslutade ärenden som får enkät', share, 'Andelen avslutade ärenden som får enkät'),
    scale: group('Enkätens svarsskala', {
      min: leaf('lägsta värde', integer, 'Svarsskalans lägsta värde'),
      max: leaf('högsta värde', integer, 'Svarsskalans högsta värde'),
    }),
    questions: {
      kind: 'list',
      label: 'Enkätfrågor',
      subject: 'Enkätfrågor',
      singular: 'Enkätfråga',
      definite: 'enkätfrågorna',
      item: group('', { code: leaf('kortnamn', plain, 'Kortnamnet'), text: leaf('frågetext', quoted, 'Enkätfrågan') }),
      key: byCode,
      name: (_q, i) => `fråga ${i + 1}`,
      describe: (q) => `”${text(q, 'text')}”`,
      context: () => '', // the question's own text says which question changed
    },
    personLimitDays: leaf(
      'Kortaste tid mellan två enkäter till samma person',
      asNumber((n) => (n === 0 ? 'ingen gräns' : formatDays(n))),
      'Den kortaste tiden mellan två enkäter till samma person',
    ),
    linkValidDays: leaf('Enkätlänkens giltighetstid', days, 'Enkätlänkens giltighetstid'),
  }),
});

const catalogue = group('', {
  minimumTechnicalLifeMonths: leaf('Minsta tekniska livslängd', months, 'Den minsta tekniska livslängden'),
  services: {
    kind: 'list',
    label: 'Tjänster',
    subject: 'Tjänster',
    singular: 'Tjänst',
    definite: 'tjänsterna',
    item: group('', {
      code: leaf('kortnamn', plain, 'Kortnamnet'),
      name: leaf('namn', plain, 'Namnet'),
      billingModel: leaf('debiteringsmodell', fromTable(BILLING_MODELS_SV), 'Debiteringsmodellen'),
      billingGroup: leaf('faktureringsgrupp', fromTable(BILLING_GROUPS_SV), 'Faktureringsgruppen'),
      renewalMonths: leaf('förnyas efter', months, 'Tiden till förnyelse'),
      minimumDays: leaf('minsta hyrtid', days, 'Den minsta hyrtiden'),
      supportLevel: leaf('supportnivå', fromTable(SUPPORT_LEVELS_SV), 'Supportnivån'),
    }),
    key: byCode,
    name: (s) => text(s, 'name'),
    describe: (s) => `${text(s, 'name')} (${fromTable(BILLING_MODELS_SV)(prop(s, 'billingModel'))}, ${fromTable(BILLING_GROUPS_SV)(prop(s, 'billingGroup'))})`,
    context: (s) => `för tjänsten ${text(s, 'name')}`,
    rename: { field: 'name', subject: 'Tjänsten' },
  },
});

const orders = group(
  'Beställningar',
  {
    accountEndReminderDays: leaf(
      'påminnelse före slutdatum för konto som inte tillhör en anställd',
      asNumber((n) => `${formatDays(n)} före`),
      'Påminnelsen före slutdatum för konton som inte tillhör anställda',
    ),
    softwarePackagingAboveInstallations: leaf(
      'gräns för programpaketering till lärardatorer',
      asNumber((n) => `fler än ${formatNumber(n)} ${n === 1 ? 'installation' : 'installationer'}`),
      'Gränsen för programpaketering till lärardatorer',
    ),
  },
  { subject: 'Reglerna för särskilda beställningar' },
);

const schedules: MissionListField = {
  kind: 'list',
  label: 'Faktureringsscheman',
  subject: 'Faktureringsscheman',
  singular: 'Faktureringsschema',
  definite: 'faktureringsschemana',
  item: group('', {
    municipality: leaf('kommun', municipality, 'Kommunen'),
    periodic: group('periodisk fakturering', {
      frequency: leaf('hur ofta', fromTable(FREQUENCIES_SV), 'Hur ofta periodisk fakturering sker'),
      invoiceMonths: {
        kind: 'list',
        label: 'faktureringsmånader',
        subject: 'Faktureringsmånader{ctx} (periodisk fakturering)',
        singular: 'Faktureringsmånad',
        definite: 'faktureringsmånaderna{ctx} (periodisk fakturering)',
        item: leaf('', month),
      },
      internal: leaf(
        'faktura eller intern debitering',
        (v) => (v === true ? 'intern debitering' : v === false ? 'faktura' : formatUnknown(v)),
        'Formen för periodisk fakturering',
      ),
    }),
    continuous: group('löpande fakturering', {
      frequency: leaf('hur ofta', fromTable(FREQUENCIES_SV), 'Hur ofta löpande fakturering sker'),
    }),
    central: group('central kostnad', {
      invoiceMonth: leaf('faktureringsmånad', month, 'Faktureringsmånaden för den centrala kostnaden'),
    }),
  }),
  key: byMunicipality,
  name: (s) => formatMunicipality(text(s, 'municipality')),
  describe: (s) => formatMunicipality(text(s, 'municipality')),
  context: (s) => `för ${formatMunicipality(text(s, 'municipality'))}`,
};

const accounting: MissionListField = {
  kind: 'list',
  label: 'Bokföring',
  subject: 'Bokföring',
  singular: 'Bokföring',
  definite: 'kommunernas bokföring',
  item: group('', {
    municipality: leaf('kommun', municipality, 'Kommunen'),
    debitAccount: leaf('debetkonto', plain, 'Debetkontot'),
    creditAccount: leaf('kreditkonto', plain, 'Kreditkontot'),
    dimensions: {
      kind: 'list',
      label: 'dimensioner',
      subject: 'Dimensioner{ctx}',
      singular: 'Dimension',
      definite: 'dimensionerna{ctx}',
      item: group('', {
        number: leaf('nummer', integer, 'Numret'),
        name: leaf('namn', plain, 'Namnet'),
        field: leaf('hämtas från enhetens konteringsfält', plain, 'Enhetens konteringsfält'),
      }),
      key: (d) => text(d, 'number'),
      name: (d) => text(d, 'name'),
      describe: (d) => `${text(d, 'number')} ${text(d, 'name')} (från enhetens fält ${text(d, 'field')})`,
      context: (d) => `för dimensionen ${text(d, 'name')}`,
      rename: { field: 'name', subject: 'Dimensionen' },
    },
    creditObjects: {
      kind: 'list',
      label: 'objekt på kreditraden',
      subject: 'Objekt på kreditraden{ctx}',
      singular: 'Objekt på kreditraden',
      definite: 'objekten på kreditraden{ctx}',
      item: group('', { dimension: leaf('dimensionens nummer', integer, 'Dimensionens nummer'), code: leaf('objekt', plain, 'Objektet') }),
      key: (o) => text(o, 'dimension'),
      name: (o) => `dimension ${text(o, 'dimension')}`,
      describe: (o) => `dimension ${text(o, 'dimension')}, objekt ${text(o, 'code')}`,
      context: (o) => `i dimension ${text(o, 'dimension')}`,
    },
    counterpart: group(
      'motpart',
      {
        dimension: leaf('dimension', integer, 'Motpartens dimension'),
        name: leaf('namn', plain, 'Motpartens namn'),
        code: leaf('objekt', plain, 'Motpartens objekt'),
      },
      {
        subject: 'Motparten',
        format: (c) => (c === null ? 'ingen' : `dimension ${text(c, 'dimension')} ${text(c, 'name')}, objekt ${text(c, 'code')}`),
      },
    ),
    voucherText: leaf('verifikationstext', quoted, 'Verifikationstexten'),
  }),
  key: byMunicipality,
  name: (a) => formatMunicipality(text(a, 'municipality')),
  describe: (a) => `${formatMunicipality(text(a, 'municipality'))} (debet ${text(a, 'debitAccount')}, kredit ${text(a, 'creditAccount')})`,
  context: (a) => `i bokföringen för ${formatMunicipality(text(a, 'municipality'))}`,
};

const billing = group('', {
  schedules,
  applicationTermination: group('Uppsägning av applikationer', {
    deadlineMonthDay: leaf('sista dag året före', asString(formatMonthDay), 'Sista dagen året före att säga upp en applikation'),
    newBilledFrom: leaf('nya applikationer debiteras från', fromTable(NEW_BILLED_FROM_SV), 'När nya applikationer debiteras från'),
  }),
  partMonth: leaf('Regel för del av månad', fromTable(PART_MONTH_SV), 'Regeln för del av månad'),
  onCallServiceCode: leaf('Tjänst som beredskapstid debiteras på', serviceCode, 'Tjänsten som beredskapstid debiteras på'),
  correctionMonths: leaf('Hur långt bakåt rättelser görs', months, 'Hur långt bakåt rättelser görs'),
  userServiceCodes: {
    kind: 'list',
    label: 'Tjänster som debiteras per användare',
    subject: 'Tjänster som debiteras per användare',
    singular: 'Tjänst som debiteras per användare',
    definite: 'tjänsterna som debiteras per användare',
    item: leaf('', serviceCode),
  },
  invoiceTermsDays: leaf('Betalningsvillkor för elevs köp av dator', days, 'Betalningsvillkoret för elevers köp av dator'),
  accounting,
});

const agreements = group('', {
  reviewIntervalMonths: leaf('Tid mellan granskningar av applikationsavtal', months, 'Tiden mellan granskningar av applikationsavtal'),
  reviewDueSoonDays: leaf(
    'Granskning av avtal visas som kommande',
    asNumber((n) => `${formatDays(n)} före`),
    'När en granskning av avtal visas som kommande',
  ),
  billingArticleCode: leaf('Artikel för avtalens årsavgift', plain, 'Artikeln för avtalens årsavgift'),
});

const availability = group('', {
  targetShare: leaf('Mål för tillgänglighet', share, 'Målet för tillgänglighet'),
  maxOutagesPerYear: leaf('Högsta antal avbrott per år', integer, 'Det högsta antalet avbrott per år'),
  resolvedShownDays: leaf('Åtgärdade driftmeddelanden visas i', days, 'Tiden som åtgärdade driftmeddelanden visas'),
});

const followUp = group('', {
  periods: {
    kind: 'list',
    label: 'Uppföljningsperioder',
    subject: 'Uppföljningsperioder',
    singular: 'Uppföljningsperiod',
    definite: 'uppföljningsperioderna',
    item: group('', {
      code: leaf('benämning', plain, 'Benämningen'),
      fromMonth: leaf('från och med', month, 'Första månaden'),
      toMonth: leaf('till och med', month, 'Sista månaden'),
    }),
    key: byCode,
    name: (p) => text(p, 'code'),
    describe: (p) => `${text(p, 'code')} (${month(prop(p, 'fromMonth'))}–${month(prop(p, 'toMonth'))})`,
    context: (p) => `för uppföljningsperioden ${text(p, 'code')}`,
    rename: { field: 'code', subject: 'Uppföljningsperioden' },
  },
});

/** Every field of a mission document, in document order (document.ts). */
export const MISSION_FIELDS: MissionObjectField = group('', {
  year: leaf('Ramuppdragets år', integer, 'Ramuppdragets år'),
  title: leaf('Rubrik', quoted, 'Ramuppdragets rubrik'),
  effectiveFrom: leaf('Gäller från', date, 'Gäller från'),
  calendar,
  teams,
  people,
  support,
  catalogue,
  orders,
  billing,
  agreements,
  availability,
  followUp,
  sites: group('', {
    nodeReserveHours: leaf('Reservkraft för nätets knutpunkter', hours, 'Reservkraften för nätets knutpunkter'),
    reapprovalMonths: leaf('Giltighetstid för IT:s godkännande av reservkraft, kyla och brandskydd', months, 'Giltighetstiden för IT:s godkännanden'),
  }),
});

/** A list index from a path segment (zod paths hold numbers, dotted paths numeric strings). */
export function listIndex(segment: string | number): number | undefined {
  if (typeof segment === 'number') return Number.isInteger(segment) && segment >= 0 ? segment : undefined;
  return /^\d+$/.test(segment) ? Number(segment) : undefined;
}

/** The field at `path`, or undefined for a path the document does not have. */
export function missionField(path: readonly (string | number)[]): MissionField | undefined {
  let node: MissionField | undefined = MISSION_FIELDS;
  for (const seg of path) {
    if (node === undefined) return undefined;
    if (node.kind === 'object') node = Object.hasOwn(node.fields, String(seg)) ? node.fields[String(seg)] : undefined;
    else if (node.kind === 'list') node = listIndex(seg) === undefined ? undefined : node.item;
    else return undefined;
  }
  return node;
}

/**
 * R-8.4: the Swedish name of the field at `path`, for problem lists and change lists: the parts of
 * the name joined by commas, list items named by what they hold in `doc` (else "rad 4").
 *
 * @example missionFieldLabel(['calendar', 'openingHours', 'friday', 'close']) // 'Öppettider, fredag, stängningstid'
 * @example missionFieldLabel(['catalogue', 'services', 3, 'name'], MISSION_2023) // 'Tjänster, Korttidshyra bärbar dator, namn'
 */
export function missionFieldLabel(path: readonly (string | number)[], doc?: MissionDocument): string {
  const parts: string[] = [];
  let node: MissionField | undefined = MISSION_FIELDS;
  let value: unknown = doc;
  for (const seg of path) {
    if (node?.kind === 'list') {
      const i = listIndex(seg);
      if (i !== undefined) {
        const item = Array.isArray(value) ? (value[i] as unknown) : undefined;
        const name = item === undefined ? '' : node.name ? node.name(item, i, doc) : node.item.kind === 'leaf' ? node.item.format(item, doc) : '';
        parts.push(name || `rad ${i + 1}`);
        node = node.item;
        value = item;
        continue;
      }
    }
    const child: MissionField | undefined = node?.kind === 'object' && Object.hasOwn(node.fields, String(seg)) ? node.fields[String(seg)] : undefined;
    parts.push(child ? child.label : String(seg));
    node = child;
    value = prop(value, String(seg));
  }
  return capitalize(parts.filter((p) => p !== '').join(', '));
}

/** R-8.4: a value of the field at `path` in Swedish ("25 %", "07:30–16:00", "maj"); `doc` names codes. */
export function formatMissionValue(path: readonly (string | number)[], value: unknown, doc?: MissionDocument): string {
  const node = missionField(path);
  return node ? formatFieldValue(node, value, doc) : formatUnknown(value);
}

/** A value of a field in Swedish: a leaf by its format, a group field by field, a list item by item. */
export function formatFieldValue(node: MissionField, value: unknown, doc?: MissionDocument): string {
  if (node.format) return node.format(value, doc);
  if (value === null || value === undefined) return 'inget';
  if (node.kind === 'list') {
    if (!Array.isArray(value)) return formatUnknown(value);
    if (value.length === 0) return 'inga';
    return value.map((item: unknown) => (node.describe ? node.describe(item, doc) : formatFieldValue(node.item, item, doc))).join(', ');
  }
  if (node.kind === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    return Object.entries(node.fields)
      .filter(([k]) => record[k] !== undefined)
      .map(([k, f]) => `${f.label}: ${formatFieldValue(f, record[k], doc)}`)
      .join('; ');
  }
  return formatUnknown(value);
}
