import { createRoute, z } from '@hono/zod-openapi';
import { WEEKDAYS } from '../mission/document.ts';
import { bilingual, createRouter } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ok, problemResponses } from '../platform/http/openapi.ts';
import { presentClosedDays, presentServiceWindow } from './presenter.ts';
import { MAX_YEAR, MIN_YEAR, formatInstant, localDate, parseInstant } from './rules.ts';
import { calendarFor } from './service.ts';

/**
 * Issue 3 / R-2: the public calendar endpoints. Opening hours are public, so these are readable
 * without signing in (no `requireActor`). Bad or missing parameters answer 400 naming the parameter
 * (`query.start`, `query.workingDays`, …) through the router's validation hook.
 */

const TIME_ZONE = 'Europe/Stockholm';
const MAX_WORKING_DAYS = 1000;

function inRange(ms: number): boolean {
  const year = Number(localDate(ms, TIME_ZONE).slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

const ZInstant = (name: string) =>
  z
    .string()
    .refine((s) => {
      const ms = parseInstant(s, TIME_ZONE);
      return ms !== undefined && inRange(ms);
    }, bilingual(
      `must be an ISO 8601 instant in ${MIN_YEAR}–${MAX_YEAR}, e.g. 2024-03-05T10:00:00+01:00 (without an offset: Stockholm local time)`,
      `ska vara en tidpunkt enligt ISO 8601 åren ${MIN_YEAR}–${MAX_YEAR}, t.ex. 2024-03-05T10:00:00+01:00 (utan tidszon: svensk tid)`,
    ))
    .openapi({ param: { name, in: 'query' }, example: '2024-03-05T10:00:00+01:00' });

const ZMunicipalityParam = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .openapi({ param: { name: 'municipality', in: 'query' }, description: 'municipality code or id; absent = closed days and changed hours for both', example: 'tranemo' });

const ZYear = z.coerce
  .number({ error: bilingual(`required: a year ${MIN_YEAR}–${MAX_YEAR}`, `obligatoriskt: ett år ${MIN_YEAR}–${MAX_YEAR}`) })
  .int()
  .min(MIN_YEAR, bilingual(`a year from ${MIN_YEAR}`, `ett år från ${MIN_YEAR}`))
  .max(MAX_YEAR, bilingual(`a year up to ${MAX_YEAR}`, `ett år till och med ${MAX_YEAR}`))
  .openapi({ param: { name: 'year', in: 'query' }, example: 2024 });

const ZDeadlineQuery = z.object({
  start: ZInstant('start'),
  workingDays: z.coerce.number({ error: bilingual(`required: a whole number of working days 0–${MAX_WORKING_DAYS}`, `obligatoriskt: ett helt antal arbetsdagar 0–${MAX_WORKING_DAYS}`) }).int(bilingual('a whole number', 'ett heltal')).min(0, bilingual('at least 0', 'minst 0')).max(MAX_WORKING_DAYS, bilingual(`at most ${MAX_WORKING_DAYS}`, `högst ${MAX_WORKING_DAYS}`)).openapi({ param: { name: 'workingDays', in: 'query' }, example: 1 }),
  municipality: ZMunicipalityParam,
});
const ZMinutesQuery = z.object({ from: ZInstant('from'), to: ZInstant('to'), municipality: ZMunicipalityParam });
const ZYearQuery = z.object({ year: ZYear, municipality: ZMunicipalityParam });

const ZWeekday = z.enum(WEEKDAYS);
const ZHours = z.object({ open: z.string(), close: z.string() }).nullable();
const ZClosedDays = z
  .object({
    year: z.number().int(),
    municipality: z.string().nullable(),
    timeZone: z.string(),
    openingHours: z.record(z.string(), ZHours),
    workingDays: z.number().int(),
    openingMinutes: z.number().int(),
    items: z.array(
      z.object({
        date: z.string(),
        weekday: ZWeekday,
        reason: z.string(),
        reasons: z.array(z.object({ name: z.string(), kind: z.enum(['holiday', 'extra']), holidayType: z.string().optional() })),
        costsWorkingDay: z.boolean(),
      }),
    ),
    changedHours: z.array(z.object({ date: z.string(), weekday: ZWeekday, open: z.string(), close: z.string(), reason: z.string() })),
  })
  .openapi('CalendarClosedDays');
const ZServiceWindows = z
  .object({
    year: z.number().int(),
    municipality: z.string().nullable(),
    items: z.array(
      z.object({
        kind: z.enum(['primary', 'secondary']),
        date: z.string(),
        weekday: ZWeekday,
        start: z.string(),
        end: z.string(),
        onlyWhenNeeded: z.boolean(),
        onClosedDay: z.boolean(),
        closedReason: z.string().nullable(),
      }),
    ),
  })
  .openapi('CalendarServiceWindows');

/** RangeError from the calendar (a result past 2100) → 400 naming the parameter that caused it. */
function rangeChecked<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new AppError('validation', [{ field, reason: e.message, reasonSv: 'utanför kalenderns räckvidd (år 2000–2100)' }]);
    throw e;
  }
}

/** The calendar routes; mount at `/api/v1`. */
export function calendarRoutes() {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: 'get',
      path: '/calendar/deadline',
      tags: ['calendar'],
      summary: 'Deadline "within N working days" (R-2.3)',
      description:
        'The same local clock time N working days later; a start outside opening hours counts from the next opening; after that day’s closing → its closing time. Public.',
      request: { query: ZDeadlineQuery },
      responses: { 200: ok(z.object({ deadline: z.string().openapi({ example: '2024-03-06T10:00:00+01:00' }) })), ...problemResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const cal = await calendarFor(c.get('deps').database.db, { municipality: q.municipality, field: 'query.municipality' });
      const start = parseInstant(q.start, TIME_ZONE) as number;
      const deadline = rangeChecked('query.workingDays', () => cal.addWorkingDays(start, q.workingDays));
      return c.json({ deadline: formatInstant(deadline, cal.timeZoneOn(localDate(deadline, TIME_ZONE))) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/calendar/business-minutes',
      tags: ['calendar'],
      summary: 'Opening minutes between two instants (R-2.3)',
      description: 'Whole opening minutes from `from` to `to` (truncated). `to` must not be before `from`. Public.',
      request: { query: ZMinutesQuery },
      responses: { 200: ok(z.object({ minutes: z.number().int() })), ...problemResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const from = parseInstant(q.from, TIME_ZONE) as number;
      const to = parseInstant(q.to, TIME_ZONE) as number;
      if (to < from) throw new AppError('validation', [{ field: 'query.to', reason: 'must not be before from', reasonSv: 'slutet får inte vara före början' }]);
      const cal = await calendarFor(c.get('deps').database.db, { municipality: q.municipality, field: 'query.municipality' });
      return c.json({ minutes: rangeChecked('query.to', () => cal.businessMinutesBetween(from, to)) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/calendar/closed-days',
      tags: ['calendar'],
      summary: 'A year’s closed days, changed hours and opening hours (R-2.1, R-2.2)',
      description: 'Holidays and extra closed days with Swedish reasons (plain weekends are not listed). Public.',
      request: { query: ZYearQuery },
      responses: { 200: ok(ZClosedDays), ...problemResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const cal = await calendarFor(c.get('deps').database.db, { municipality: q.municipality, field: 'query.municipality' });
      return c.json(presentClosedDays(cal, q.year), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/calendar/service-windows',
      tags: ['calendar'],
      summary: 'A year’s service windows (R-2.5)',
      description: 'Primary and secondary windows per month; `onClosedDay` flags a window on a closed day. Public.',
      request: { query: ZYearQuery },
      responses: { 200: ok(ZServiceWindows), ...problemResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const cal = await calendarFor(c.get('deps').database.db, { municipality: q.municipality, field: 'query.municipality' });
      const items = cal.serviceWindows(q.year).map((w) => presentServiceWindow(w, cal.timeZoneOn(w.date)));
      return c.json({ year: q.year, municipality: cal.municipality ?? null, items }, 200);
    },
  );

  return r;
}
