import { Alert, Button, Group, Text } from '@mantine/core';
import { CHANNELS, SLA_OUTCOMES } from '../../../../src/tickets/rules.ts';
import type { Locale } from '../../types.ts';

/**
 * R-10 ("every figure links down to the tickets behind it"): the queue's filters that a figure of
 * the tertial follow-up links with (followup/report-rules.ts; the web's followup/model.ts passes them
 * as the search of /arenden unchanged). They go to GET /api/v1/tickets as they are; the server
 * counts them exactly as the report did. This file reads them from the address and says in words
 * what the list is filtered by.
 *
 * The texts live here while the page is the only one that shows them; they belong in
 * web/src/tickets/texts.ts once that file is free to change.
 */

/** The follow-up's filters, as the queue's address and the API name them. */
export const FOLLOW_UP_KEYS = [
  'deskId',
  'municipality',
  'category',
  'channel',
  'line',
  'solvedLine',
  'solvedFrom',
  'solvedTo',
  'receivedFrom',
  'receivedTo',
  'onCall',
  'intefunktion',
  'sla',
] as const;
export type FollowUpKey = (typeof FOLLOW_UP_KEYS)[number];
export type FollowUpSearch = Partial<Record<FollowUpKey, string>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const LINE = /^[123]$/;
const BOOL = /^(true|false)$/;

const VALID: Record<FollowUpKey, (v: string) => boolean> = {
  deskId: (v) => UUID.test(v),
  municipality: (v) => UUID.test(v),
  category: (v) => v === 'none' || UUID.test(v),
  channel: (v) => (CHANNELS as readonly string[]).includes(v),
  line: (v) => LINE.test(v),
  solvedLine: (v) => LINE.test(v),
  solvedFrom: (v) => DATE.test(v),
  solvedTo: (v) => DATE.test(v),
  receivedFrom: (v) => DATE.test(v),
  receivedTo: (v) => DATE.test(v),
  onCall: (v) => BOOL.test(v),
  intefunktion: (v) => BOOL.test(v),
  sla: (v) => (SLA_OUTCOMES as readonly string[]).includes(v),
};

/**
 * The follow-up's filters of an address, each as text; a value that is not one is left out. The
 * router reads `?solvedLine=1&onCall=true` as a number and a boolean, a link's search keeps them as
 * text: both are read the same.
 * @example followUpSearch({ solvedLine: 1, solvedFrom: '2026-05-01', sla: 'late' }) // { solvedLine: '1', solvedFrom: '2026-05-01' }
 */
export function followUpSearch(search: Record<string, unknown>): FollowUpSearch {
  const out: FollowUpSearch = {};
  for (const key of FOLLOW_UP_KEYS) {
    const raw = search[key];
    const value = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (value !== undefined && VALID[key](value)) out[key] = value;
  }
  return out;
}

/** True when the address holds any of the follow-up's filters. */
export const hasFollowUp = (s: FollowUpSearch) => FOLLOW_UP_KEYS.some((k) => s[k] !== undefined);

/** The search without the follow-up's filters ("Rensa filter"). */
export const withoutFollowUp = Object.fromEntries(FOLLOW_UP_KEYS.map((k) => [k, undefined])) as Record<FollowUpKey, undefined>;

const TEXTS = {
  sv: {
    title: 'Filtrerat',
    intro: 'Listan visar ärendena bakom en siffra i uppföljningen.',
    clear: 'Rensa filter',
    clearLabel: 'Rensa filtren från uppföljningen och visa kön som vanligt',
    solved: 'lösta {{range}}',
    received: 'inkomna {{range}}',
    from: 'från {{date}}',
    to: 'till och med {{date}}',
    solvedLine: ['löst av första linjen', 'löst av andra linjen', 'löst av tredje linjen'],
    line: ['på första linjen', 'på andra linjen', 'på tredje linjen'],
    slaMet: 'lösta inom tidsgränsen',
    slaMissed: 'lösta efter tidsgränsen',
    intefunktion: 'intefunktion',
    notIntefunktion: 'inte intefunktion',
    onCall: 'beredskapsärenden',
    notOnCall: 'utanför beredskapen',
    channel: { portal: 'via portalen', email: 'via e-post', phone: 'via telefon', agent: 'registrerade av handläggare' } as Record<string, string>,
    noCategory: 'utan kategori',
    someCategory: 'en vald kategori',
    category: 'kategori {{name}}',
    someMunicipality: 'en vald kommun',
    someDesk: 'en vald servicedesk',
    months: ['jan', 'feb', 'mars', 'apr', 'maj', 'juni', 'juli', 'aug', 'sep', 'okt', 'nov', 'dec'],
  },
  en: {
    title: 'Filtered',
    intro: 'The list shows the tickets behind a figure of the follow-up.',
    clear: 'Clear filters',
    clearLabel: 'Clear the follow-up’s filters and show the queue as usual',
    solved: 'solved {{range}}',
    received: 'received {{range}}',
    from: 'from {{date}}',
    to: 'until {{date}}',
    solvedLine: ['solved by the first line', 'solved by the second line', 'solved by the third line'],
    line: ['at the first line', 'at the second line', 'at the third line'],
    slaMet: 'solved by the deadline',
    slaMissed: 'solved after the deadline',
    intefunktion: 'intefunktion',
    notIntefunktion: 'not intefunktion',
    onCall: 'on-call tickets',
    notOnCall: 'outside on-call',
    channel: { portal: 'through the portal', email: 'by e-mail', phone: 'by phone', agent: 'registered by an agent' } as Record<string, string>,
    noCategory: 'without a category',
    someCategory: 'a chosen category',
    category: 'category {{name}}',
    someMunicipality: 'a chosen municipality',
    someDesk: 'a chosen service desk',
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
} satisfies Record<Locale, unknown>;

const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** "1 maj 2026"; the year left out when `withYear` is false. */
function day(date: string, locale: Locale, withYear = true): string {
  const [y, m, d] = date.split('-').map(Number);
  const month = TEXTS[locale].months[(m ?? 1) - 1] ?? '';
  return withYear ? `${d ?? ''} ${month} ${y ?? ''}` : `${d ?? ''} ${month}`;
}

/** "1 maj–31 aug 2026", "1 dec 2025–31 jan 2026", "från 1 maj 2026", "till och med 31 aug 2026". */
export function dateRangeText(from: string | undefined, to: string | undefined, locale: Locale): string {
  const x = TEXTS[locale];
  if (from && to) {
    if (from === to) return day(from, locale);
    return `${day(from, locale, from.slice(0, 4) !== to.slice(0, 4))}–${day(to, locale)}`;
  }
  if (from) return fill(x.from, { date: day(from, locale) });
  if (to) return fill(x.to, { date: day(to, locale) });
  return '';
}

/** Names the page already has (categories of the desks, municipalities); a missing one reads generically. */
export interface FollowUpNames {
  category: (id: string) => string | undefined;
  municipality: (id: string) => string | undefined;
  desk: (id: string) => string | undefined;
}

/**
 * The filters in words, in the order a reader of the report thinks of them.
 * @example followUpParts({ solvedFrom: '2026-05-01', solvedTo: '2026-08-31', solvedLine: '1', municipality: id }, names, 'sv')
 *   // ['lösta 1 maj–31 aug 2026', 'löst av första linjen', 'Tranemo']
 */
export function followUpParts(s: FollowUpSearch, names: FollowUpNames, locale: Locale): string[] {
  const x = TEXTS[locale];
  const parts: string[] = [];
  if (s.solvedFrom || s.solvedTo) parts.push(fill(x.solved, { range: dateRangeText(s.solvedFrom, s.solvedTo, locale) }));
  if (s.receivedFrom || s.receivedTo) parts.push(fill(x.received, { range: dateRangeText(s.receivedFrom, s.receivedTo, locale) }));
  if (s.solvedLine) parts.push(x.solvedLine[Number(s.solvedLine) - 1] ?? '');
  if (s.line) parts.push(x.line[Number(s.line) - 1] ?? '');
  if (s.sla) parts.push(s.sla === 'met' ? x.slaMet : x.slaMissed);
  if (s.intefunktion) parts.push(s.intefunktion === 'true' ? x.intefunktion : x.notIntefunktion);
  if (s.onCall) parts.push(s.onCall === 'true' ? x.onCall : x.notOnCall);
  if (s.channel) parts.push(x.channel[s.channel] ?? s.channel);
  if (s.category) {
    const name = s.category === 'none' ? undefined : names.category(s.category);
    parts.push(s.category === 'none' ? x.noCategory : name ? fill(x.category, { name }) : x.someCategory);
  }
  if (s.municipality) parts.push(names.municipality(s.municipality) ?? x.someMunicipality);
  if (s.deskId) parts.push(names.desk(s.deskId) ?? x.someDesk);
  return parts.filter((p) => p !== '');
}

/**
 * Above the queue: what the list is filtered by, in words, and a button that takes the filters away
 * (a real button: reached with Tab, pressed with Enter or Space).
 */
export function FollowUpSummary({ search, names, locale, onClear }: { search: FollowUpSearch; names: FollowUpNames; locale: Locale; onClear: () => void }) {
  const x = TEXTS[locale];
  const parts = followUpParts(search, names, locale);
  return (
    <Alert color="blue" variant="light" mb="sm" role="region" aria-label={x.title}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <div>
          <Text fw={700}>
            {x.title}: {parts.join(' · ')}
          </Text>
          <Text size="sm" c="dimmed">
            {x.intro}
          </Text>
        </div>
        <Button variant="default" size="sm" onClick={onClear} title={x.clearLabel}>
          {x.clear}
        </Button>
      </Group>
    </Alert>
  );
}
