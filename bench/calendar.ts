/**
 * Benchmark of the business calendar (issue 3): `npm run bench:calendar`
 * (= `node --import tsx bench/calendar.ts`). Not a timed test: it prints rates for docs/benchmarks.md.
 *
 * Random starts across ten years (2024–2033). Compares, on the same calendar (Mon–Thu 07:30–16:30,
 * Fri 07:30–16:00, the same closed days), Samdesk's compiled calendar with `dayjs-business-time` in
 * minutes mode: `addBusinessMinutes` against `addBusinessMinutes`, `businessMinutesBetween` against
 * `businessMinutesDiff`. `dayjs-business-time` works in the process time zone, so TZ is set to
 * Europe/Stockholm before anything reads the clock.
 */
import type { Dayjs } from 'dayjs';

process.env.TZ = 'Europe/Stockholm';

const { default: dayjs } = await import('dayjs');
const { default: dayjsBusinessTime } = await import('dayjs-business-time');
const { MISSION_2023 } = await import('../src/mission/default-2023.ts');
const { compileCalendar, parseInstant } = await import('../src/calendar/rules.ts');

const FIRST_YEAR = 2024;
const YEARS = 10;
const N_FAST = Number(process.env.BENCH_N ?? 2_000_000);
const N_SLOW = Number(process.env.BENCH_N_SLOW ?? 3_000);
const MAX_MINUTES = 2_400; // up to about four and a half working days
const MAX_SPAN_MS = 14 * 86_400_000; // business minutes between instants up to two weeks apart
const MAX_WORKING_DAYS = 5;

// A deterministic generator so runs are comparable.
let seed = 0x2023_0003;
function random(): number {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) | 0;
  seed ^= seed >>> 12;
  return (seed >>> 0) / 4_294_967_296;
}

const from = parseInstant(`${FIRST_YEAR}-01-01T00:00`) ?? 0;
const to = parseInstant(`${FIRST_YEAR + YEARS}-01-01T00:00`) ?? 0;
const starts = new Float64Array(N_FAST);
const minutes = new Float64Array(N_FAST);
const ends = new Float64Array(N_FAST);
const days = new Int32Array(N_FAST);
for (let i = 0; i < N_FAST; i++) {
  starts[i] = Math.floor(from + random() * (to - from - MAX_SPAN_MS));
  minutes[i] = 1 + Math.floor(random() * MAX_MINUTES);
  ends[i] = (starts[i] as number) + Math.floor(random() * MAX_SPAN_MS);
  days[i] = 1 + Math.floor(random() * MAX_WORKING_DAYS);
}

// ---- Samdesk ------------------------------------------------------------------------------------
const compileStart = performance.now();
const cal = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: MISSION_2023.calendar }] });
for (let y = FIRST_YEAR; y <= FIRST_YEAR + YEARS; y++) cal.workingDays(y);
const compileMs = performance.now() - compileStart;

function time(label: string, n: number, fn: (i: number) => number): { label: string; nsPerOp: number; perSecond: number; checksum: number } {
  let checksum = 0;
  for (let i = 0; i < Math.min(n, 100_000); i++) checksum += fn(i); // warm-up (JIT)
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    checksum = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) checksum += fn(i);
    runs.push(Number(process.hrtime.bigint() - t0) / n);
  }
  runs.sort((a, b) => a - b);
  const nsPerOp = runs[1] as number; // median of three
  return { label, nsPerOp, perSecond: 1e9 / nsPerOp, checksum };
}

const fastDeadline = time('addWorkingDays (deadline, 1–5 working days)', N_FAST, (i) => cal.addWorkingDays(starts[i] as number, days[i] as number));
const fastAddMinutes = time('addBusinessMinutes (1–2,400 min)', N_FAST, (i) => cal.addBusinessMinutes(starts[i] as number, minutes[i] as number));
const fastBetween = time('businessMinutesBetween (spans ≤ 14 days)', N_FAST, (i) => cal.businessMinutesBetween(starts[i] as number, ends[i] as number));

// ---- dayjs-business-time on the same calendar ----------------------------------------------------
dayjs.extend(dayjsBusinessTime);
const hours = (d: keyof typeof MISSION_2023.calendar.openingHours) => {
  const h = MISSION_2023.calendar.openingHours[d];
  return h ? [{ start: `${h.open}:00`, end: `${h.close}:00` }] : null;
};
dayjs.setBusinessTime({
  monday: hours('monday'),
  tuesday: hours('tuesday'),
  wednesday: hours('wednesday'),
  thursday: hours('thursday'),
  friday: hours('friday'),
  saturday: hours('saturday'),
  sunday: hours('sunday'),
});
const holidays: string[] = [];
for (let y = FIRST_YEAR; y <= FIRST_YEAR + YEARS; y++) for (const d of cal.closedDays(y)) holidays.push(d.date);
dayjs.setHolidays(holidays);

const slowStarts = Array.from({ length: N_SLOW }, (_, i) => dayjs(starts[i] as number));
const slowEnds = Array.from({ length: N_SLOW }, (_, i) => dayjs(ends[i] as number));
const slowAddMinutes = time('dayjs-business-time addBusinessMinutes', N_SLOW, (i) =>
  (slowStarts[i] as Dayjs).addBusinessMinutes(minutes[i] as number).valueOf(),
);
const slowBetween = time('dayjs-business-time businessMinutesDiff', N_SLOW, (i) => (slowStarts[i] as Dayjs).businessMinutesDiff(slowEnds[i] as Dayjs));

// Same calendar, same answers? (The libraries differ only at edges: dayjs-business-time moves a
// deadline that lands exactly on closing to the next opening, and truncates seconds differently.)
let sameAdd = 0;
let sameBetween = 0;
for (let i = 0; i < N_SLOW; i++) {
  const s = starts[i] as number;
  const d = (slowStarts[i] as Dayjs).addBusinessMinutes(minutes[i] as number).valueOf();
  const ours = cal.addBusinessMinutes(s, minutes[i] as number);
  if (d === ours || cal.businessMinutesBetween(ours, d) === 0) sameAdd++;
  const diff = (slowStarts[i] as Dayjs).businessMinutesDiff(slowEnds[i] as Dayjs);
  if (Math.abs(diff - cal.businessMinutesBetween(s, ends[i] as number)) <= 1) sameBetween++;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `Calendar benchmark — Node ${process.version}, ${process.platform}/${process.arch}, TZ=${process.env.TZ}, ${new Date().toISOString().slice(0, 10)}`,
  `random starts ${FIRST_YEAR}–${FIRST_YEAR + YEARS - 1}; Samdesk ${fmt(N_FAST)} calls per operation (median of 3), dayjs-business-time ${fmt(N_SLOW)}`,
  `compile ${YEARS + 1} years: ${fmt(compileMs, 1)} ms`,
  '',
  ...[fastDeadline, fastAddMinutes, fastBetween, slowAddMinutes, slowBetween].map(
    (r) => `${r.label.padEnd(48)} ${fmt(r.nsPerOp, 1).padStart(10)} ns/op ${fmt(r.perSecond).padStart(12)} /s`,
  ),
  '',
  `ratio addBusinessMinutes:      ${fmt(slowAddMinutes.nsPerOp / fastAddMinutes.nsPerOp)}× faster than dayjs-business-time`,
  `ratio businessMinutesBetween:  ${fmt(slowBetween.nsPerOp / fastBetween.nsPerOp)}× faster than dayjs-business-time businessMinutesDiff`,
  `agreement with dayjs-business-time on the sample: addBusinessMinutes ${fmt((100 * sameAdd) / N_SLOW, 1)} %, minutes between (±1) ${fmt((100 * sameBetween) / N_SLOW, 1)} %`,
];
console.log(lines.join('\n'));
