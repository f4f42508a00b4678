/** Dates and times always in Swedish municipal time, as the brief requires. */
const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' });

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** A calendar date (yyyy-mm-dd); noon UTC keeps it on the same day in Stockholm. */
export function formatDate(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : dateOnly.format(d);
}

export function formatPercent(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

export function monthName(month: number, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, month - 1, 15)));
}

const TIME_ZONE = 'Europe/Stockholm';
const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'sv-SE');

/** A calendar date (yyyy-mm-dd) with its weekday: "fredag 21 juni 2024" / "Friday 21 June 2024". */
export function formatWeekdayDate(isoDate: string, locale: string): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/** An instant in Stockholm time with weekday: "tisdag 19 september 2023 kl. 07:30". */
export function formatInstantLong(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** The Stockholm clock time of an instant: "18:00". */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

export function formatInteger(n: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(n);
}

/** "a, b och c" / "a, b and c". */
export function formatList(items: string[], locale: string): string {
  return new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' }).format(items);
}

const stockholmClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant's Stockholm date and clock time ("2027-03-29", "09:00"), e.g. for a form to start from. */
export function stockholmParts(at: Date | string): { year: number; date: string; time: string } {
  const parts = Object.fromEntries(stockholmClock.formatToParts(typeof at === 'string' ? new Date(at) : at).map((p) => [p.type, p.value])) as Record<
    string,
    string
  >;
  return { year: Number(parts.year), date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Now in Stockholm: the year and the local date-time as "yyyy-mm-dd hh:mm". */
export function stockholmNow(now = new Date()): { year: number; local: string } {
  const { year, date, time } = stockholmParts(now);
  return { year, local: `${date} ${time}` };
}

/** Stockholm's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function stockholmOffset(at: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** A Stockholm wall-clock date and time ("2027-03-29", "09:00") as an instant with its offset ("2027-03-29T09:00:00+02:00"), or null. */
export function stockholmInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(asUtc)) return null;
  // The offset an hour either side of a change can differ: take the one that maps back to the same clock time.
  let offset = stockholmOffset(new Date(asUtc));
  offset = stockholmOffset(new Date(asUtc - offset * 60_000));
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const sekFormats = new Map<string, Intl.NumberFormat>();
/**
 * Money for people to read: integer öre as kronor with öre precision, "1 234,50 kr" (Swedish) or
 * "SEK 1,234.50" (English). Money stays integer öre everywhere else; this is the edge.
 */
export function formatSek(ore: number, locale = 'sv'): string {
  const key = intlLocale(locale);
  let f = sekFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(key, { style: 'currency', currency: 'SEK', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    sekFormats.set(key, f);
  }
  return f.format(ore / 100);
}

/**
 * Kronor typed by a person ("450", "450,5", "1 234,50", "1234.50 kr") as whole öre, or null when
 * it is not an amount with at most two decimals. Negative amounts are not amounts here.
 */
export function parseKronor(text: string): number | null {
  const t = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/kr$/i, '')
    .replace(/^sek/i, '');
  const m = /^(\d+)(?:[.,](\d{0,2}))?$/.exec(t);
  if (!m) return null;
  const whole = Number(m[1]);
  const fraction = Number((m[2] ?? '').padEnd(2, '0'));
  const ore = whole * 100 + fraction;
  return Number.isSafeInteger(ore) ? ore : null;
}

/** Öre as the text a kronor field starts with: "450,00" (no currency, no grouping). */
export function kronorInput(ore: number | null): string {
  if (ore === null) return '';
  return `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`;
}

/** A month (yyyy-mm) for people to read: "mars 2023" / "March 2023"; anything else as it is. */
export function formatYearMonth(ym: string, locale = 'sv'): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(ym);
  if (!m) return ym;
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)),
  );
}

const sekChangeFormats = new Map<string, Intl.NumberFormat>();
/** A change of money with its sign: "+450,00 kr", "−450,00 kr", "0,00 kr" (Swedish) or "+SEK 450.00" (English). */
export function formatSekChange(ore: number, locale = 'sv'): string {
  const key = intlLocale(locale);
  let f = sekChangeFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(key, { style: 'currency', currency: 'SEK', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
    sekChangeFormats.set(key, f);
  }
  return f.format(ore / 100);
}
