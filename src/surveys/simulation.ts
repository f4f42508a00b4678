/**
 * Issue 5: evidence that the survey sample is random and unbiased, and what the per-person limit does
 * to the rate. Pure (no I/O): a seeded generator simulates closings with varying team, line, category
 * and requester, runs each through {@link sampleDecision}, and tests the outcome statistically.
 * `src/surveys/rules.test.ts` asserts on it and prints it; docs/surveys.md quotes the figures.
 */
import { sampleDecision } from './rules.ts';

const DAY_MS = 86_400_000;

/** A seeded uniform generator in [0, 1) with 53 random bits (two mulberry32 outputs). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  const next32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => ((next32() >>> 5) * 67_108_864 + (next32() >>> 6)) / 9_007_199_254_740_992;
}

/** ln Γ(x) (Lanczos, g = 7). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let s = c[0] ?? 0;
  for (let i = 1; i < 9; i++) s += (c[i] ?? 0) / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularised upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnPre = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(lnPre);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(lnPre) * h;
}

/** Upper tail probability of the chi-square distribution. */
export function chiSquarePValue(statistic: number, df: number): number {
  return gammaQ(df / 2, statistic / 2);
}

/** Two-sided z for a 99.9 % interval. */
export const Z_999 = 3.2905267314919255;

/** Wilson score interval of a binomial proportion. */
export function wilsonInterval(successes: number, n: number, z = Z_999): { low: number; high: number } {
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: centre - half, high: centre + half };
}

/** The interval in which the observed share of n draws at probability p lies with 99.9 % probability. */
export function acceptanceInterval(p: number, n: number, z = Z_999): { low: number; high: number } {
  const half = z * Math.sqrt((p * (1 - p)) / n);
  return { low: p - half, high: p + half };
}

/** Chi-square test of independence of a categorical attribute and "sampled" (a k × 2 table). */
export function chiSquareIndependence(groups: ReadonlyMap<string, { n: number; sampled: number }>): {
  statistic: number;
  df: number;
  pValue: number;
  minExpected: number;
} {
  let total = 0;
  let sampled = 0;
  for (const g of groups.values()) {
    total += g.n;
    sampled += g.sampled;
  }
  const share = sampled / total;
  let statistic = 0;
  let minExpected = Infinity;
  for (const g of groups.values()) {
    const e1 = g.n * share;
    const e0 = g.n - e1;
    minExpected = Math.min(minExpected, e1, e0);
    if (e1 > 0) statistic += (g.sampled - e1) ** 2 / e1;
    if (e0 > 0) statistic += (g.n - g.sampled - e0) ** 2 / e0;
  }
  const df = groups.size - 1;
  return { statistic, df, pValue: chiSquarePValue(statistic, df), minExpected };
}

/** Who closes how many tickets a year: most staff rarely, a few (school administrators, super-users) often. */
export const ACTIVITY_CLASSES = [
  { code: 'light', shareOfPeople: 0.6, closingsPerYear: 1.5 },
  { code: 'medium', shareOfPeople: 0.3, closingsPerYear: 6 },
  { code: 'heavy', shareOfPeople: 0.1, closingsPerYear: 20 },
] as const;

const TEAMS = [
  ['anvandarstod', 0.55],
  ['skola', 0.25],
  ['infrastruktur', 0.12],
  ['applikation', 0.08],
] as const;
const LINES = [
  ['1', 0.6],
  ['2', 0.3],
  ['3', 0.1],
] as const;
const CATEGORIES = [
  ['intefunktion', 0.3],
  ['fraga', 0.2],
  ['bestallning', 0.15],
  ['behorighet', 0.12],
  ['skrivare', 0.08],
  ['telefoni', 0.06],
  ['programvara', 0.05],
  ['ovrigt', 0.04],
] as const;

export interface SimulationProps {
  seed: number;
  /** Closings to simulate (issue 5: e.g. 100,000). */
  closings: number;
  /** Requesters (≈ staff of both municipalities using IT). */
  people: number;
  share: number;
  /** 0 = no limit. */
  personLimitDays: number;
  /**
   * Replaces the uniform draw for one closing (tests use it to show the chi-square test does catch a
   * biased sampler). Default: the seeded uniform number.
   */
  draw?: (closing: { team: string; line: string; category: string; activity: string }, uniform: number) => number;
}

type Tally = Map<string, { n: number; sampled: number }>;

export interface SimulationResult {
  closings: number;
  people: number;
  /** Years the closings span at the activity classes' rates. */
  years: number;
  share: number;
  personLimitDays: number;
  drawn: number;
  sampled: number;
  /** Drawn but left out because the person had a survey within the limit. */
  suppressedByLimit: number;
  sampledShare: number;
  /** Where the sampled share lies with 99.9 % probability if each closing is drawn with `share`. */
  acceptance: { low: number; high: number };
  /** 99.9 % Wilson interval around the observed share. */
  wilson: { low: number; high: number };
  /** Chi-square test of independence of "sampled" from each attribute. */
  independence: Record<'team' | 'line' | 'category' | 'requester' | 'activity', { statistic: number; df: number; pValue: number; minExpected: number }>;
  /** Sampled share per activity class (the limit bites on frequent requesters). */
  shareByActivity: Record<string, number>;
}

function pick<T extends readonly (readonly [string, number])[]>(table: T, u: number): string {
  let acc = 0;
  for (const [code, w] of table) {
    acc += w;
    if (u < acc) return code;
  }
  return table[table.length - 1]?.[0] ?? '';
}

function bump(t: Tally, key: string, sampled: boolean): void {
  const g = t.get(key) ?? { n: 0, sampled: 0 };
  g.n++;
  if (sampled) g.sampled++;
  t.set(key, g);
}

/**
 * Simulates closings over the time the people would need to produce them (Poisson arrivals per person
 * at their class's rate, drawn here as uniform instants and weighted requesters) and samples each with
 * {@link sampleDecision}, in time order so the person limit sees earlier surveys.
 */
export function simulateClosings(p: SimulationProps): SimulationResult {
  const rnd = seededUniform(p.seed);
  const people = Array.from({ length: p.people }, (_, i) => {
    const u = (i + 0.5) / p.people;
    let acc = 0;
    const cls = ACTIVITY_CLASSES.find((c) => u < (acc += c.shareOfPeople)) ?? ACTIVITY_CLASSES[ACTIVITY_CLASSES.length - 1];
    return { id: i, activity: cls?.code ?? 'light', rate: cls?.closingsPerYear ?? 1 };
  });
  const yearlyClosings = people.reduce((s, x) => s + x.rate, 0);
  const years = p.closings / yearlyClosings;
  const cumulative: number[] = [];
  let acc = 0;
  for (const person of people) cumulative.push((acc += person.rate / yearlyClosings));
  const personAt = (u: number) => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < (cumulative[mid] ?? 1)) hi = mid;
      else lo = mid + 1;
    }
    return people[lo] ?? people[people.length - 1];
  };

  const spanMs = years * 365.25 * DAY_MS;
  const closings = Array.from({ length: p.closings }, () => {
    const person = personAt(rnd());
    return {
      atMs: Math.floor(rnd() * spanMs),
      person: person?.id ?? 0,
      activity: person?.activity ?? 'light',
      team: pick(TEAMS, rnd()),
      line: pick(LINES, rnd()),
      category: pick(CATEGORIES, rnd()),
    };
  }).sort((a, b) => a.atMs - b.atMs);

  const last = new Map<number, number>();
  const tally = (): Tally => new Map();
  const tallies = { team: tally(), line: tally(), category: tally(), requester: tally(), activity: tally() };
  let drawn = 0;
  let sampled = 0;
  let suppressed = 0;
  for (const c of closings) {
    const uniform = rnd();
    const random01 = p.draw ? p.draw(c, uniform) : uniform;
    const d = sampleDecision({ share: p.share, random01, lastSurveyedAtMs: last.get(c.person) ?? null, nowMs: c.atMs, personLimitDays: p.personLimitDays });
    if (d.reason !== 'not_drawn') drawn++;
    if (d.reason === 'person_limit') suppressed++;
    if (d.sampled) {
      sampled++;
      last.set(c.person, c.atMs);
    }
    bump(tallies.team, c.team, d.sampled);
    bump(tallies.line, c.line, d.sampled);
    bump(tallies.category, c.category, d.sampled);
    // Requesters in 200 groups by id: a cell per person would be too small for the chi-square approximation.
    bump(tallies.requester, String(c.person % 200), d.sampled);
    bump(tallies.activity, c.activity, d.sampled);
  }
  const shareByActivity: Record<string, number> = {};
  for (const [k, v] of tallies.activity) shareByActivity[k] = v.sampled / v.n;
  return {
    closings: p.closings,
    people: p.people,
    years,
    share: p.share,
    personLimitDays: p.personLimitDays,
    drawn,
    sampled,
    suppressedByLimit: suppressed,
    sampledShare: sampled / p.closings,
    acceptance: acceptanceInterval(p.share, p.closings),
    wilson: wilsonInterval(sampled, p.closings),
    independence: {
      team: chiSquareIndependence(tallies.team),
      line: chiSquareIndependence(tallies.line),
      category: chiSquareIndependence(tallies.category),
      requester: chiSquareIndependence(tallies.requester),
      activity: chiSquareIndependence(tallies.activity),
    },
    shareByActivity,
  };
}

/**
 * The expected per-closing rate under a person limit for one requester closing tickets as a Poisson
 * process of `closingsPerYear`: drawn tickets arrive at share·λ, each survey blocks `limitDays`, so
 * surveys come at share·λ / (1 + share·λ·limit) and the effective share is share / (1 + share·λ·limit).
 */
export function expectedEffectiveShare(
  share: number,
  limitDays: number,
  classes: readonly { shareOfPeople: number; closingsPerYear: number }[] = ACTIVITY_CLASSES,
): number {
  let closings = 0;
  let surveys = 0;
  for (const c of classes) {
    const lambdaPerDay = c.closingsPerYear / 365.25;
    closings += c.shareOfPeople * c.closingsPerYear;
    surveys += (c.shareOfPeople * c.closingsPerYear * share) / (1 + share * lambdaPerDay * limitDays);
  }
  return surveys / closings;
}

export interface SurveyRateReport {
  unlimited: SimulationResult;
  limited: SimulationResult;
  /** The analytic expectation of the limited rate (Poisson model). */
  expectedLimitedShare: number;
  /** The share to configure so that the effective rate under the limit is the nominal share again. */
  compensatingShare: number;
}

/**
 * Issue 5's report: the sample without the limit (rate and independence), with the limit (effective
 * rate, who loses surveys), and the share that would compensate.
 */
export function surveyRateReport(p: { seed: number; closings: number; people: number; share: number; personLimitDays: number }): SurveyRateReport {
  const unlimited = simulateClosings({ ...p, personLimitDays: 0 });
  const limited = simulateClosings(p);
  let lo = p.share;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (expectedEffectiveShare(mid, p.personLimitDays) < p.share) lo = mid;
    else hi = mid;
  }
  return { unlimited, limited, expectedLimitedShare: expectedEffectiveShare(p.share, p.personLimitDays), compensatingShare: Math.round(hi * 1000) / 1000 };
}
