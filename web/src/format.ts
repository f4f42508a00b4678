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
