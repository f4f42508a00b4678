import { distribution, mean, meets, periodLabel, share, shortLabel, type FigureUnit, type LinkKind, type Period, type SectionKey } from './rules.ts';

/**
 * the follow-up report assembled from counts (pure). The store counts rows; this file turns
 * the counts into the figures of the report, each with its definition in Swedish, the target of the
 * mission in force and the list behind it. The same shapes are shown, exported and frozen.
 */

export interface Link {
  kind: LinkKind;
  params: Record<string, string>;
  id: string | null;
}
export interface Target {
  value: number;
  comparison: 'at_least' | 'at_most';
  met: boolean | null;
  text: string;
}
export interface Figure {
  key: string;
  label: string;
  value: number | null;
  unit: FigureUnit;
  definition: string;
  target: Target | null;
  link: Link | null;
}
export type Cell = number | string | null;
export interface Table {
  key: string;
  title: string;
  definition: string;
  columns: { key: string; label: string; unit: FigureUnit | null }[];
  rows: { key: string; cells: Cell[]; links: (Link | null)[] }[];
}
export interface Chart {
  key: string;
  kind: 'trend' | 'distribution';
  title: string;
  unit: FigureUnit;
  points: { label: string; value: number | null }[];
  target: number | null;
  table: string;
}
export interface Section {
  key: SectionKey;
  title: string;
  figures: Figure[];
  tables: Table[];
  charts: Chart[];
}

/** Solved tickets of the IT desk counted by what the report groups them by; `bucket` indexes the periods asked for. */
export interface SolvedCount {
  bucket: number;
  categoryId: string | null;
  solvedLine: number;
  intefunktion: boolean;
  /** Solved by its SLA deadline; null when the ticket had no deadline. */
  met: boolean | null;
  n: number;
}

export interface Drills {
  tickets: boolean;
  outages: boolean;
  availability: boolean;
  billing: boolean;
  orders: boolean;
  assets: boolean;
  renewals: boolean;
  sites: boolean;
}

export interface ReportFacts {
  period: Period;
  trend: Period[];
  previous: Period;
  /** The municipalities reported on; one means a municipality's report. */
  municipalities: { id: string; code: string; name: string }[];
  /** The IT unit's desk (R-10 follows the IT mission; department desks are not in it). */
  itDeskId: string | null;
  /** Which lists the reader may follow figures down to (each by its capability's own policy). */
  drills: Drills;
  targets: { firstLine: number; intefunktionDays: number; availability: number; maxOutagesPerYear: number };
  survey: { scale: { min: number; max: number }; questions: { code: string; text: string }[] };
  categories: ReadonlyMap<string, string>;
  /** The reported period (bucket 0). */
  solved: SolvedCount[];
  /** The trend's periods (bucket = index in `trend`). */
  trendSolved: SolvedCount[];
  /** SLA breaches recorded with a deadline in the period, by category and line. */
  breaches: { categoryId: string | null; line: number; n: number }[];
  /** Intefunktion tickets solved in the period after their deadline. */
  misses: { ticketId: string; number: string; subject: string; functionLabel: string | null; receivedAt: string; solvedAt: string; reason: string | null }[];
  received: { categoryId: string | null; channel: string; line: number; n: number }[];
  onCall: { tickets: number; minutes: number; billableMinutes: number; billedOre: number };
  /** Availability of the period and of each trend period (null: nothing measured), incidents against the cap. */
  operations: { availability: number | null; trend: (number | null)[]; incidents: number; incidentsInYear: number; yearLabel: string };
  surveys: {
    sent: number;
    answered: number;
    answers: { question: string; value: number; n: number }[];
    comments: { answeredAt: string; ticketNumber: string; text: string }[];
  };
  orders: { deliveredLines: number };
  assets: { inUse: number; dueForRenewal: number };
  billing: { perMunicipality: { id: string; name: string; currentOre: number; previousOre: number }[]; trend: number[] };
  /** the register of sites and every way a site falls short, judged on `asOf` (the report's day). */
  sites: {
    asOf: string;
    count: number;
    shortfalls: { siteId: string; site: string; municipality: string; kindText: string; systemText: string; text: string }[];
  };
}

/** Which of the reader's drills each kind of link needs. */
const LINK_DRILL: Record<LinkKind, keyof Drills> = {
  tickets: 'tickets',
  ticket: 'tickets',
  outages: 'outages',
  availability: 'availability',
  billing_runs: 'billing',
  billing_run: 'billing',
  sites: 'sites',
  site: 'sites',
  orders: 'orders',
  renewals: 'renewals',
  assets: 'assets',
};

/** The sections with only the links the reader may follow (a report frozen with every link, shown to someone else). */
export function withLinks<S extends Pick<Section, 'figures' | 'tables'>>(sections: readonly S[], drills: Drills): S[] {
  const keep = (l: Link | null) => (l && drills[LINK_DRILL[l.kind]] ? l : null);
  return sections.map((s) => ({
    ...s,
    figures: s.figures.map((f) => ({ ...f, link: keep(f.link) })),
    tables: s.tables.map((t) => ({ ...t, rows: t.rows.map((r) => ({ ...r, links: r.links.map(keep) })) })),
  }));
}

export const CHANNEL_LABELS: Record<string, string> = {
  portal: 'Portalen',
  email: 'E-post',
  phone: 'Telefon',
  agent: 'Registrerat av handläggare',
};
export const LINE_LABELS: Record<number, string> = { 1: 'Första linjen (användarstöd)', 2: 'Andra linjen', 3: 'Tredje linjen' };

const percent = (share: number) => `${(share * 100).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} %`;
const sum = (rows: readonly { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);

/** The report of one period, from its counts. */
export function buildSections(f: ReportFacts): Section[] {
  const one = f.municipalities.length === 1 ? f.municipalities[0] : undefined;
  const ticketBase: Record<string, string> = { ...(f.itDeskId ? { deskId: f.itDeskId } : {}), ...(one ? { municipality: one.id } : {}) };
  const tickets = (params: Record<string, string>): Link | null =>
    f.drills.tickets ? { kind: 'tickets', params: { ...ticketBase, ...params }, id: null } : null;
  const solvedIn = (p: Period) => ({ solvedFrom: p.from, solvedTo: p.to });
  const receivedIn = { receivedFrom: f.period.from, receivedTo: f.period.to };
  const categoryName = (id: string | null) => (id === null ? 'Utan kategori' : (f.categories.get(id) ?? 'Okänd kategori'));
  return [
    firstLine(f, tickets, solvedIn),
    intefunktion(f, tickets, solvedIn),
    sla(f, tickets, solvedIn, categoryName),
    onCall(f, tickets, receivedIn),
    operations(f, one),
    survey(f),
    volumes(f, tickets, receivedIn, categoryName, one),
    billing(f),
    sites(f),
  ];
}

type TicketLink = (params: Record<string, string>) => Link | null;
type SolvedIn = (p: Period) => Record<string, string>;

function trendTable(
  key: string,
  title: string,
  definition: string,
  f: ReportFacts,
  columns: Table['columns'],
  row: (p: Period, i: number) => { cells: Cell[]; links: (Link | null)[] },
): Table {
  return {
    key,
    title,
    definition,
    columns: [{ key: 'period', label: 'Period', unit: null }, ...columns],
    rows: f.trend.map((p, i) => {
      const r = row(p, i);
      return { key: p.key, cells: [shortLabel(p), ...r.cells], links: [null, ...r.links] };
    }),
  };
}

function firstLine(f: ReportFacts, tickets: TicketLink, solvedIn: SolvedIn): Section {
  const solved = sum(f.solved);
  const byFirst = sum(f.solved.filter((r) => r.solvedLine === 1));
  const value = share(byFirst, solved);
  const target = f.targets.firstLine;
  const trend = f.trend.map((_, i) => {
    const rows = f.trendSolved.filter((r) => r.bucket === i);
    return { solved: sum(rows), byFirst: sum(rows.filter((r) => r.solvedLine === 1)) };
  });
  return {
    key: 'first_line',
    title: 'Ärenden lösta av första linjen',
    figures: [
      {
        key: 'first_line.share',
        label: 'Andel lösta av första linjen',
        value,
        unit: 'share',
        definition:
          'Ärenden i it-enhetens servicedesk som löstes under perioden av första linjen (användarstödet), delat med alla ärenden som löstes under perioden. Ett ärende räknas i den period det löstes, av den linje som hade det när det löstes.',
        target: { value: target, comparison: 'at_least', met: meets(value, target, 'at_least'), text: `Minst ${percent(target)} ska lösas av användarstödet` },
        link: tickets({ ...solvedIn(f.period), solvedLine: '1' }),
      },
      {
        key: 'first_line.solved',
        label: 'Lösta ärenden',
        value: solved,
        unit: 'count',
        definition: 'Ärenden i it-enhetens servicedesk som fick status löst under perioden.',
        target: null,
        link: tickets(solvedIn(f.period)),
      },
      {
        key: 'first_line.by_first',
        label: 'Lösta av första linjen',
        value: byFirst,
        unit: 'count',
        definition: 'De lösta ärenden som första linjen (användarstödet) hade när de löstes.',
        target: null,
        link: tickets({ ...solvedIn(f.period), solvedLine: '1' }),
      },
    ],
    tables: [
      trendTable(
        'first_line.trend',
        'Andel lösta av första linjen per tertial',
        'Samma mått för de senaste sex tertialen.',
        f,
        [
          { key: 'solved', label: 'Lösta', unit: 'count' },
          { key: 'first', label: 'Av första linjen', unit: 'count' },
          { key: 'share', label: 'Andel', unit: 'share' },
        ],
        (p, i) => ({
          cells: [trend[i]?.solved ?? 0, trend[i]?.byFirst ?? 0, share(trend[i]?.byFirst ?? 0, trend[i]?.solved ?? 0)],
          links: [tickets(solvedIn(p)), tickets({ ...solvedIn(p), solvedLine: '1' }), null],
        }),
      ),
    ],
    charts: [
      {
        key: 'first_line.chart',
        kind: 'trend',
        title: 'Andel lösta av första linjen, senaste sex tertialen',
        unit: 'share',
        points: f.trend.map((p, i) => ({ label: shortLabel(p), value: share(trend[i]?.byFirst ?? 0, trend[i]?.solved ?? 0) })),
        target,
        table: 'first_line.trend',
      },
    ],
  };
}

function intefunktion(f: ReportFacts, tickets: TicketLink, solvedIn: SolvedIn): Section {
  const rows = f.solved.filter((r) => r.intefunktion);
  const solved = sum(rows);
  const within = sum(rows.filter((r) => r.met === true));
  const missed = sum(rows.filter((r) => r.met === false));
  const value = share(within, within + missed);
  const days = f.targets.intefunktionDays;
  const daysText = days === 1 ? 'en arbetsdag' : `${days} arbetsdagar`;
  const trend = f.trend.map((_, i) => {
    const r = f.trendSolved.filter((x) => x.bucket === i && x.intefunktion);
    return share(sum(r.filter((x) => x.met === true)), sum(r.filter((x) => x.met !== null)));
  });
  const base = { ...solvedIn(f.period), intefunktion: 'true' };
  return {
    key: 'intefunktion',
    title: `Intefunktion lösta inom ${daysText}`,
    figures: [
      {
        key: 'intefunktion.share',
        label: `Andel lösta inom ${daysText}`,
        value,
        unit: 'share',
        definition: `Felanmälningar om intefunktion som löstes under perioden inom ${daysText} i arbetstid (servicedeskens öppettider; tid då ärendet väntade på beställaren räknas inte), delat med alla sådana som löstes under perioden.`,
        target: { value: 1, comparison: 'at_least', met: meets(value, 1, 'at_least'), text: `Om möjligt inom ${daysText}` },
        link: tickets({ ...base, sla: 'met' }),
      },
      {
        key: 'intefunktion.solved',
        label: 'Lösta intefunktionsärenden',
        value: solved,
        unit: 'count',
        definition: 'Felanmälningar i kategorin intefunktion som löstes under perioden.',
        target: null,
        link: tickets(base),
      },
      {
        key: 'intefunktion.missed',
        label: `Lösta efter mer än ${daysText}`,
        value: missed,
        unit: 'count',
        definition: 'De lösta intefunktionsärenden som passerade sin tidsgräns. Orsaken anges på överträdelsen och visas i listan nedan.',
        target: null,
        link: tickets({ ...base, sla: 'missed' }),
      },
    ],
    tables: [
      {
        key: 'intefunktion.misses',
        title: 'Ärenden som tog längre tid, med orsak',
        definition: 'Varje intefunktionsärende som löstes under perioden efter sin tidsgräns, med den orsak som handläggaren har angett.',
        columns: [
          { key: 'number', label: 'Ärende', unit: null },
          { key: 'function', label: 'Funktion', unit: null },
          { key: 'subject', label: 'Rubrik', unit: null },
          { key: 'received', label: 'Inkom', unit: null },
          { key: 'solved', label: 'Löst', unit: null },
          { key: 'reason', label: 'Orsak', unit: null },
        ],
        rows: f.misses.map((m) => ({
          key: m.ticketId,
          cells: [m.number, m.functionLabel ?? '–', m.subject, m.receivedAt, m.solvedAt, m.reason ?? 'Orsak saknas'],
          links: [f.drills.tickets ? { kind: 'ticket', params: {}, id: m.ticketId } : null, null, null, null, null, null],
        })),
      },
      trendTable(
        'intefunktion.trend',
        `Andel intefunktion lösta inom ${daysText} per tertial`,
        'Samma mått för de senaste sex tertialen.',
        f,
        [{ key: 'share', label: 'Andel', unit: 'share' }],
        (_, i) => ({ cells: [trend[i] ?? null], links: [null] }),
      ),
    ],
    charts: [
      {
        key: 'intefunktion.chart',
        kind: 'trend',
        title: `Andel intefunktion lösta inom ${daysText}, senaste sex tertialen`,
        unit: 'share',
        points: f.trend.map((p, i) => ({ label: shortLabel(p), value: trend[i] ?? null })),
        target: 1,
        table: 'intefunktion.trend',
      },
    ],
  };
}

function sla(f: ReportFacts, tickets: TicketLink, solvedIn: SolvedIn, categoryName: (id: string | null) => string): Section {
  const groups = new Map<string, { categoryId: string | null; line: number; met: number; missed: number; none: number; breaches: number }>();
  const group = (categoryId: string | null, line: number) => {
    const key = `${categoryId ?? '-'}:${line}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { categoryId, line, met: 0, missed: 0, none: 0, breaches: 0 }));
    return g;
  };
  for (const r of f.solved) {
    const g = group(r.categoryId, r.solvedLine);
    if (r.met === true) g.met += r.n;
    else if (r.met === false) g.missed += r.n;
    else g.none += r.n;
  }
  for (const b of f.breaches) group(b.categoryId, b.line).breaches += b.n;
  const rows = [...groups.entries()].sort(([, a], [, b]) => categoryName(a.categoryId).localeCompare(categoryName(b.categoryId), 'sv') || a.line - b.line);
  const met = rows.reduce((s, [, g]) => s + g.met, 0);
  const missed = rows.reduce((s, [, g]) => s + g.missed, 0);
  const breaches = sum(f.breaches);
  const where = (g: { categoryId: string | null; line: number }) => ({
    ...solvedIn(f.period),
    ...(g.categoryId ? { category: g.categoryId } : {}),
    solvedLine: String(g.line),
  });
  return {
    key: 'sla',
    title: 'Servicenivåer per kategori och linje',
    figures: [
      {
        key: 'sla.met',
        label: 'Lösta inom tidsgränsen',
        value: met,
        unit: 'count',
        definition:
          'Ärenden som löstes under perioden senast vid sin tidsgräns (kategorins mål räknat i arbetstid, med uppehåll medan ärendet väntade på beställaren).',
        target: null,
        link: tickets({ ...solvedIn(f.period), sla: 'met' }),
      },
      {
        key: 'sla.missed',
        label: 'Lösta efter tidsgränsen',
        value: missed,
        unit: 'count',
        definition: 'Ärenden som löstes under perioden efter sin tidsgräns.',
        target: null,
        link: tickets({ ...solvedIn(f.period), sla: 'missed' }),
      },
      {
        key: 'sla.share',
        label: 'Andel inom tidsgränsen',
        value: share(met, met + missed),
        unit: 'share',
        definition: 'Lösta inom tidsgränsen delat med alla lösta ärenden som hade en tidsgräns.',
        target: null,
        link: null,
      },
      {
        key: 'sla.breaches',
        label: 'Registrerade överträdelser',
        value: breaches,
        unit: 'count',
        definition: 'Överträdelser som servicedesken registrerade med en tidsgräns under perioden, också för ärenden som ännu inte är lösta.',
        target: null,
        link: null,
      },
    ],
    tables: [
      {
        key: 'sla.by_category',
        title: 'Per kategori och linje',
        definition: 'Lösta ärenden under perioden per kategori och den linje som löste dem. Registrerade överträdelser räknas på den linje som har ärendet.',
        columns: [
          { key: 'category', label: 'Kategori', unit: null },
          { key: 'line', label: 'Linje', unit: null },
          { key: 'met', label: 'Inom tidsgränsen', unit: 'count' },
          { key: 'missed', label: 'Efter tidsgränsen', unit: 'count' },
          { key: 'none', label: 'Utan tidsgräns', unit: 'count' },
          { key: 'share', label: 'Andel inom', unit: 'share' },
          { key: 'breaches', label: 'Överträdelser', unit: 'count' },
        ],
        rows: rows.map(([key, g]) => ({
          key,
          cells: [categoryName(g.categoryId), LINE_LABELS[g.line] ?? `Linje ${g.line}`, g.met, g.missed, g.none, share(g.met, g.met + g.missed), g.breaches],
          links: [null, null, tickets({ ...where(g), sla: 'met' }), tickets({ ...where(g), sla: 'missed' }), null, null, null],
        })),
      },
    ],
    charts: [],
  };
}

function onCall(f: ReportFacts, tickets: TicketLink, receivedIn: Record<string, string>): Section {
  const c = f.onCall;
  return {
    key: 'on_call',
    title: 'Beredskap',
    figures: [
      {
        key: 'on_call.tickets',
        label: 'Beredskapsärenden',
        value: c.tickets,
        unit: 'count',
        definition: 'Ärenden som kom in under perioden utanför servicedeskens öppettider och som påverkade driften, så att beredskapen tog dem.',
        target: null,
        link: tickets({ ...receivedIn, onCall: 'true' }),
      },
      {
        key: 'on_call.minutes',
        label: 'Arbetad tid i beredskap',
        value: c.minutes,
        unit: 'minutes',
        definition: 'Tid som handläggarna registrerade som beredskapstid med start under perioden.',
        target: null,
        link: null,
      },
      {
        key: 'on_call.billable',
        label: 'Debiterbar tid',
        value: c.billableMinutes,
        unit: 'minutes',
        definition: 'Den registrerade beredskapstiden efter ramuppdragets regler om lägsta debiterade tid och avrundning.',
        target: null,
        link: null,
      },
      {
        key: 'on_call.billed',
        label: 'Fakturerat för beredskap',
        value: c.billedOre,
        unit: 'ore',
        definition:
          'Belopp på godkända debiteringsunderlag för beredskapstid som utfördes under perioden (rättelser inräknade). Tid som ännu inte är fakturerad ingår inte.',
        target: null,
        link: null,
      },
    ],
    tables: [],
    charts: [],
  };
}

function operations(f: ReportFacts, one: { id: string } | undefined): Section {
  const o = f.operations;
  const current = o.availability;
  const target = f.targets.availability;
  const cap = f.targets.maxOutagesPerYear;
  const outageParams = { year: String(f.period.year), ...(one ? { municipality: one.id } : {}) };
  const link = (kind: 'outages' | 'availability'): Link | null => (f.drills[kind] ? { kind, params: outageParams, id: null } : null);
  return {
    key: 'operations',
    title: 'Avbrott och tillgänglighet',
    figures: [
      {
        key: 'operations.availability',
        label: 'Tillgänglighet',
        value: current,
        unit: 'share',
        definition:
          'Den tid it-funktionerna fungerade under perioden, delat med den tid de skulle fungera. Planerat arbete inom servicefönster räknas inte som avbrott. En period som pågår mäts fram till nu.',
        target: { value: target, comparison: 'at_least', met: meets(current, target, 'at_least'), text: `Minst ${percent(target)} tillgänglighet` },
        link: link('availability'),
      },
      {
        key: 'operations.incidents',
        label: 'Avbrott och incidenter under perioden',
        value: o.incidents,
        unit: 'count',
        definition: 'Oplanerade avbrott och incidenter som började under perioden och räknas mot taket i ramuppdraget.',
        target: null,
        link: link('outages'),
      },
      {
        key: 'operations.incidents_year',
        label: `Avbrott och incidenter hittills ${o.yearLabel}`,
        value: o.incidentsInYear,
        unit: 'count',
        definition: 'Samma slags avbrott och incidenter från årets början till periodens slut, mot ramuppdragets tak per år.',
        target: { value: cap, comparison: 'at_most', met: meets(o.incidentsInYear, cap, 'at_most'), text: `Högst ${cap} per år` },
        link: link('outages'),
      },
    ],
    tables: [
      trendTable(
        'operations.trend',
        'Tillgänglighet per tertial',
        'Samma mått för de senaste sex tertialen.',
        f,
        [{ key: 'share', label: 'Tillgänglighet', unit: 'share' }],
        (_, i) => ({
          cells: [o.trend[i] ?? null],
          links: [null],
        }),
      ),
    ],
    charts: [
      {
        key: 'operations.chart',
        kind: 'trend',
        title: 'Tillgänglighet, senaste sex tertialen',
        unit: 'share',
        points: f.trend.map((p, i) => ({ label: shortLabel(p), value: o.trend[i] ?? null })),
        target,
        table: 'operations.trend',
      },
    ],
  };
}

function survey(f: ReportFacts): Section {
  const s = f.surveys;
  const figures: Figure[] = [
    {
      key: 'survey.sent',
      label: 'Skickade enkäter',
      value: s.sent,
      unit: 'count',
      definition: 'Enkäter som skickades under perioden till beställare av stängda ärenden (ett slumpmässigt urval enligt ramuppdraget).',
      target: null,
      link: null,
    },
    {
      key: 'survey.answered',
      label: 'Besvarade',
      value: s.answered,
      unit: 'count',
      definition: 'De av periodens enkäter som har besvarats.',
      target: null,
      link: null,
    },
    {
      key: 'survey.rate',
      label: 'Svarsfrekvens',
      value: share(s.answered, s.sent),
      unit: 'share',
      definition: 'Besvarade enkäter delat med skickade.',
      target: null,
      link: null,
    },
  ];
  const tables: Table[] = [];
  const charts: Chart[] = [];
  for (const q of f.survey.questions) {
    const dist = distribution(f.survey.scale, new Map(s.answers.filter((a) => a.question === q.code).map((a) => [a.value, a.n])));
    figures.push({
      key: `survey.mean.${q.code}`,
      label: `Medelvärde: ${q.text}`,
      value: mean(dist),
      unit: 'score',
      definition: `Medelvärdet av svaren på skalan ${f.survey.scale.min}–${f.survey.scale.max}. Saknas när ingen har svarat.`,
      target: null,
      link: null,
    });
    tables.push({
      key: `survey.distribution.${q.code}`,
      title: `Svarsfördelning: ${q.text}`,
      definition: 'Antal svar för varje steg på skalan.',
      columns: [
        { key: 'step', label: 'Svar', unit: null },
        { key: 'count', label: 'Antal', unit: 'count' },
      ],
      rows: dist.map((d) => ({ key: String(d.value), cells: [String(d.value), d.count], links: [null, null] })),
    });
    charts.push({
      key: `survey.chart.${q.code}`,
      kind: 'distribution',
      title: `Svarsfördelning: ${q.text}`,
      unit: 'count',
      points: dist.map((d) => ({ label: String(d.value), value: d.count })),
      target: null,
      table: `survey.distribution.${q.code}`,
    });
  }
  tables.push({
    key: 'survey.comments',
    title: 'Kommentarer',
    definition: 'Det beställarna skrev i enkätens fritextfält, nyast först.',
    columns: [
      { key: 'date', label: 'Datum', unit: null },
      { key: 'ticket', label: 'Ärende', unit: null },
      { key: 'comment', label: 'Kommentar', unit: null },
    ],
    rows: s.comments.map((c, i) => ({ key: `${c.ticketNumber}:${i}`, cells: [c.answeredAt, c.ticketNumber, c.text], links: [null, null, null] })),
  });
  return { key: 'survey', title: 'Nöjdhetsenkäten', figures, tables, charts };
}

function volumes(
  f: ReportFacts,
  tickets: TicketLink,
  receivedIn: Record<string, string>,
  categoryName: (id: string | null) => string,
  one: { id: string } | undefined,
): Section {
  const by = (key: (r: ReportFacts['received'][number]) => string) => {
    const m = new Map<string, number>();
    for (const r of f.received) m.set(key(r), (m.get(key(r)) ?? 0) + r.n);
    return m;
  };
  const byCategory = by((r) => r.categoryId ?? '-');
  const byChannel = by((r) => r.channel);
  const byLine = by((r) => String(r.line));
  const count = (
    title: string,
    key: string,
    label: string,
    counts: ReadonlyMap<string, number>,
    entries: [string, string, Record<string, string>][],
  ): Table => ({
    key,
    title,
    definition: 'Ärenden i it-enhetens servicedesk som kom in under perioden.',
    columns: [
      { key: 'what', label, unit: null },
      { key: 'count', label: 'Inkomna', unit: 'count' },
    ],
    rows: entries.map(([rowKey, name, params]) => ({
      key: rowKey,
      cells: [name, counts.get(rowKey) ?? 0],
      links: [null, tickets({ ...receivedIn, ...params })],
    })),
  });
  const categoryOf = (key: string) => (key === '-' ? null : key);
  const categories = [...byCategory.keys()].sort((a, b) => categoryName(categoryOf(a)).localeCompare(categoryName(categoryOf(b)), 'sv'));
  const channelOrder = Object.keys(CHANNEL_LABELS);
  const channels = [...byChannel.keys()].sort((a, b) => channelOrder.indexOf(a) - channelOrder.indexOf(b));
  const lines = [...byLine.keys()].sort();
  const scoped: Record<string, string> = one ? { municipality: one.id } : {};
  return {
    key: 'volumes',
    title: 'Volymer',
    figures: [
      {
        key: 'volumes.received',
        label: 'Inkomna ärenden',
        value: sum(f.received),
        unit: 'count',
        definition: 'Ärenden i it-enhetens servicedesk som kom in under perioden, oavsett status i dag.',
        target: null,
        link: tickets(receivedIn),
      },
      {
        key: 'volumes.orders',
        label: 'Levererade beställningsrader',
        value: f.orders.deliveredLines,
        unit: 'count',
        definition: 'Rader i beställningar som markerades levererade under perioden (en dator, en tjänst, ett tillbehör).',
        target: null,
        link: f.drills.orders ? { kind: 'orders', params: { ...scoped, status: 'delivered' }, id: null } : null,
      },
      {
        key: 'volumes.assets_in_use',
        label: 'Utrustning i bruk',
        value: f.assets.inUse,
        unit: 'count',
        definition: 'Hyrd utrustning som är i bruk i dag och som lämnades ut senast vid periodens slut (registret visar bara dagens status).',
        target: null,
        link: f.drills.assets ? { kind: 'assets', params: { ...scoped, status: 'active' }, id: null } : null,
      },
      {
        key: 'volumes.assets_due',
        label: 'Utrustning som ska förnyas',
        value: f.assets.dueForRenewal,
        unit: 'count',
        definition: 'Utrustning i bruk vars förnyelsedatum infaller senast vid periodens slut.',
        target: null,
        link: f.drills.renewals ? { kind: 'renewals', params: scoped, id: null } : null,
      },
    ],
    tables: [
      count(
        'Inkomna per kategori',
        'volumes.category',
        'Kategori',
        byCategory,
        categories.map((c) => [c, categoryName(categoryOf(c)), c === '-' ? { category: 'none' } : { category: c }]),
      ),
      count(
        'Inkomna per kanal',
        'volumes.channel',
        'Kanal',
        byChannel,
        channels.map((c) => [c, CHANNEL_LABELS[c] ?? c, { channel: c }]),
      ),
      count(
        'Inkomna per linje',
        'volumes.line',
        'Linje',
        byLine,
        lines.map((l) => [l, LINE_LABELS[Number(l)] ?? `Linje ${l}`, { line: l }]),
      ),
    ],
    charts: [],
  };
}

function billing(f: ReportFacts): Section {
  const b = f.billing;
  const current = b.perMunicipality.reduce((s, m) => s + m.currentOre, 0);
  const previous = b.perMunicipality.reduce((s, m) => s + m.previousOre, 0);
  const runs = (municipalityId: string | null, p: Period): Link | null =>
    f.drills.billing
      ? {
          kind: 'billing_runs',
          params: { ...(municipalityId ? { municipality: municipalityId } : {}), from: p.from.slice(0, 7), to: p.to.slice(0, 7) },
          id: null,
        }
      : null;
  return {
    key: 'billing',
    title: 'Fakturering',
    figures: [
      {
        key: 'billing.invoiced',
        label: 'Fakturerat under perioden',
        value: current,
        unit: 'ore',
        definition: 'Summan av godkända debiteringskörningar för månader i perioden, rättelser inräknade.',
        target: null,
        link: runs(f.municipalities.length === 1 ? (f.municipalities[0]?.id ?? null) : null, f.period),
      },
      {
        key: 'billing.change',
        label: `Förändring från ${periodLabel(f.previous)}`,
        value: current - previous,
        unit: 'ore',
        definition: 'Fakturerat under perioden minus fakturerat under perioden före.',
        target: null,
        link: null,
      },
    ],
    tables: [
      {
        key: 'billing.per_municipality',
        title: 'Per kommun',
        definition: 'Fakturerat per kommun under perioden och perioden före. Tranemo faktureras per tertial, Ulricehamn internfaktureras varje månad.',
        columns: [
          { key: 'municipality', label: 'Kommun', unit: null },
          { key: 'current', label: 'Fakturerat', unit: 'ore' },
          { key: 'previous', label: 'Perioden före', unit: 'ore' },
          { key: 'change', label: 'Förändring', unit: 'ore' },
          { key: 'change_share', label: 'Förändring i procent', unit: 'share' },
        ],
        rows: b.perMunicipality.map((m) => ({
          key: m.id,
          cells: [
            m.name,
            m.currentOre,
            m.previousOre,
            m.currentOre - m.previousOre,
            m.previousOre !== 0 ? (m.currentOre - m.previousOre) / m.previousOre : null,
          ],
          links: [null, runs(m.id, f.period), runs(m.id, f.previous), null, null],
        })),
      },
      trendTable(
        'billing.trend',
        'Fakturerat per tertial',
        'Samma summa för de senaste sex tertialen.',
        f,
        [{ key: 'amount', label: 'Fakturerat', unit: 'ore' }],
        (p, i) => ({
          cells: [b.trend[i] ?? 0],
          links: [runs(f.municipalities.length === 1 ? (f.municipalities[0]?.id ?? null) : null, p)],
        }),
      ),
    ],
    charts: [
      {
        key: 'billing.chart',
        kind: 'trend',
        title: 'Fakturerat per tertial, senaste sex tertialen',
        unit: 'ore',
        points: f.trend.map((p, i) => ({ label: shortLabel(p), value: b.trend[i] ?? 0 })),
        target: null,
        table: 'billing.trend',
      },
    ],
  };
}

/** the sites that fall short of their requirement (reserve power, diesel, cooling, fire protection). */
function sites(f: ReportFacts): Section {
  const one = f.municipalities.length === 1 ? f.municipalities[0] : undefined;
  const list: Link | null = f.drills.sites ? { kind: 'sites', params: { shortfalls: 'only', ...(one ? { municipality: one.id } : {}) }, id: null } : null;
  const short = new Set(f.sites.shortfalls.map((s) => s.siteId));
  return {
    key: 'sites',
    title: 'Platser och driftsäkerhet',
    figures: [
      {
        key: 'sites.count',
        label: 'Registrerade platser',
        value: f.sites.count,
        unit: 'count',
        definition: 'Verksamhetsadresser, ledningsplatser, knutpunkter och driftplatser i platsregistret.',
        target: null,
        link: f.drills.sites ? { kind: 'sites', params: one ? { municipality: one.id } : {}, id: null } : null,
      },
      {
        key: 'sites.short',
        label: 'Platser som inte uppfyller kraven',
        value: short.size,
        unit: 'count',
        definition: `Platser där reservkraft, dieselreserv, kylanläggning eller brandskydd saknas, inte räcker eller saknar giltigt godkännande av IT, bedömt ${f.sites.asOf}.`,
        target: null,
        link: list,
      },
    ],
    tables: [
      {
        key: 'sites.shortfalls',
        title: 'Brister per plats',
        definition: `Varje brist med sin orsak, bedömd ${f.sites.asOf} mot kraven för platsens typ och ramuppdragets tider.`,
        columns: [
          { key: 'site', label: 'Plats', unit: null },
          { key: 'municipality', label: 'Kommun', unit: null },
          { key: 'kind', label: 'Typ', unit: null },
          { key: 'system', label: 'Brist', unit: null },
          { key: 'reason', label: 'Orsak', unit: null },
        ],
        rows: f.sites.shortfalls.map((s, i) => ({
          key: `${s.siteId}:${i}`,
          cells: [s.site, s.municipality, s.kindText, s.systemText, s.text],
          links: [f.drills.sites ? { kind: 'site', params: {}, id: s.siteId } : null, null, null, null, null],
        })),
      },
    ],
    charts: [],
  };
}
