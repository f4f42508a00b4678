import { MISSION_2023 } from '../../src/mission/default-2023.ts';
import type { ReportFacts, SolvedCount } from '../../src/followup/report-rules.ts';
import { previousPeriod, reportPeriod, trendPeriods } from '../../src/followup/rules.ts';

/**
 * Issue 21: the counts of a Tranemo T2 2026 report for the follow-up's pure tests (report rules,
 * exports): every kind of figure present, with money, on-call time and survey answers.
 */

export const TZ = 'Europe/Stockholm';
export const periodsOf = () => ({ periods: MISSION_2023.followUp.periods, timeZone: TZ });
const maybePeriod = reportPeriod(2026, 'T2', MISSION_2023.followUp.periods, TZ);
if (!maybePeriod) throw new Error('no T2');
export const period = maybePeriod;
export const trend = trendPeriods(period, Date.parse('2026-12-03T10:00:00+01:00'), periodsOf);
const firstQuestion = MISSION_2023.support.survey.questions[0];
if (!firstQuestion) throw new Error('no survey question');
export const QUESTION = firstQuestion;

export const SOLVED: SolvedCount[] = [
  { bucket: 0, categoryId: 'c-fel', solvedLine: 1, intefunktion: false, met: true, n: 6 },
  { bucket: 0, categoryId: 'c-fel', solvedLine: 2, intefunktion: false, met: false, n: 2 },
  { bucket: 0, categoryId: 'c-ife', solvedLine: 1, intefunktion: true, met: true, n: 3 },
  { bucket: 0, categoryId: 'c-ife', solvedLine: 2, intefunktion: true, met: false, n: 1 },
  { bucket: 0, categoryId: null, solvedLine: 1, intefunktion: false, met: null, n: 2 },
];

export function sampleFacts(over: Partial<ReportFacts> = {}): ReportFacts {
  return {
    period,
    trend,
    previous: previousPeriod(period, periodsOf),
    municipalities: [{ id: 'm-t', code: 'tranemo', name: 'Tranemo kommun' }],
    itDeskId: 'd-it',
    drills: { tickets: true, outages: true, availability: true, billing: true, orders: true, assets: true, renewals: true, sites: true },
    targets: { firstLine: 0.5, intefunktionDays: 1, availability: 0.991, maxOutagesPerYear: 5 },
    survey: { scale: MISSION_2023.support.survey.scale, questions: MISSION_2023.support.survey.questions },
    categories: new Map([
      ['c-fel', 'Fel'],
      ['c-ife', 'Intefunktion'],
    ]),
    solved: SOLVED,
    // The trend: a period without tickets first (no share: a gap in the line), then the same counts.
    trendSolved: trend.slice(1).flatMap((_, i) => SOLVED.map((r) => ({ ...r, bucket: i + 1 }))),
    breaches: [{ categoryId: 'c-fel', line: 2, n: 2 }],
    misses: [],
    received: [
      { categoryId: 'c-fel', channel: 'portal', line: 1, n: 5 },
      { categoryId: 'c-fel', channel: 'phone', line: 2, n: 1 },
    ],
    onCall: { tickets: 1, minutes: 195, billableMinutes: 240, billedOre: 80_000 },
    operations: { availability: 0.995, trend: trend.map((_, i) => (i === 0 ? null : 0.995)), incidents: 1, incidentsInYear: 6, yearLabel: '2026' },
    surveys: {
      sent: 10,
      answered: 4,
      answers: [
        { question: QUESTION.code, value: 4, n: 1 },
        { question: QUESTION.code, value: 5, n: 3 },
      ],
      comments: [{ answeredAt: '2026-06-02', ticketNumber: 'IT-2026-00042', text: '=HYPERLINK("http://x")' }],
    },
    orders: { deliveredLines: 1234 },
    assets: { inUse: 12_345, dueForRenewal: 7 },
    billing: {
      perMunicipality: [{ id: 'm-t', name: 'Tranemo kommun', currentOre: 1_234_550, previousOre: 1_000_000 }],
      trend: trend.map((_, i) => 1_000_000 + i * 50_000),
    },
    sites: {
      asOf: '2026-12-03',
      count: 9,
      shortfalls: [
        {
          siteId: 's-1',
          site: 'Knutpunkt Länghem',
          municipality: 'Tranemo kommun',
          kindText: 'knutpunkt',
          systemText: 'reservkraft (UPS)',
          text: 'reservkraften räcker 2 timmar av kravets 4 timmar',
        },
        {
          siteId: 's-2',
          site: 'Driftplats Tranemo',
          municipality: 'Tranemo kommun',
          kindText: 'driftplats',
          systemText: 'dieselreserv',
          text: 'dieselreserven tar inte över utan manuell betjäning',
        },
        {
          siteId: 's-2',
          site: 'Driftplats Tranemo',
          municipality: 'Tranemo kommun',
          kindText: 'driftplats',
          systemText: 'kylanläggning',
          text: 'kylanläggning är inte godkänd av IT',
        },
      ],
    },
    ...over,
  };
}
