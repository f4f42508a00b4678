import { z } from '@hono/zod-openapi';
import { WEEKDAYS } from '../mission/document.ts';
import { bilingual } from '../platform/http/context.ts';
import { MAX_YEAR, MIN_YEAR, localDate, parseInstant } from './rules.ts';

/**
 * The calendar's contract (docs/decisions/0010): the zod schemas of the public calendar endpoints'
 * queries and answers (R-2) and their types. Routes declare these schemas, presenters are typed by the
 * answer types, and the web app imports the types.
 */

/** The calendar endpoints read instants without an offset as Stockholm local time. */
export const TIME_ZONE = 'Europe/Stockholm';
export const MAX_WORKING_DAYS = 1000;

function inRange(ms: number): boolean {
  const year = Number(localDate(ms, TIME_ZONE).slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

const ZInstant = (name: string) =>
  z
    .string()
    .refine(
      (s) => {
        const ms = parseInstant(s, TIME_ZONE);
        return ms !== undefined && inRange(ms);
      },
      bilingual(
        `must be an ISO 8601 instant in ${MIN_YEAR}–${MAX_YEAR}, e.g. 2024-03-05T10:00:00+01:00 (without an offset: Stockholm local time)`,
        `ska vara en tidpunkt enligt ISO 8601 åren ${MIN_YEAR}–${MAX_YEAR}, t.ex. 2024-03-05T10:00:00+01:00 (utan tidszon: svensk tid)`,
      ),
    )
    .openapi({ param: { name, in: 'query' }, example: '2024-03-05T10:00:00+01:00' });

const ZMunicipalityParam = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .openapi({
    param: { name: 'municipality', in: 'query' },
    description: 'municipality code or id; absent = closed days and changed hours for both',
    example: 'tranemo',
  });

const ZYear = z.coerce
  .number({ error: bilingual(`required: a year ${MIN_YEAR}–${MAX_YEAR}`, `obligatoriskt: ett år ${MIN_YEAR}–${MAX_YEAR}`) })
  .int()
  .min(MIN_YEAR, bilingual(`a year from ${MIN_YEAR}`, `ett år från ${MIN_YEAR}`))
  .max(MAX_YEAR, bilingual(`a year up to ${MAX_YEAR}`, `ett år till och med ${MAX_YEAR}`))
  .openapi({ param: { name: 'year', in: 'query' }, example: 2024 });

/** GET /calendar/deadline */
export const ZDeadlineQuery = z.object({
  start: ZInstant('start'),
  workingDays: z.coerce
    .number({
      error: bilingual(`required: a whole number of working days 0–${MAX_WORKING_DAYS}`, `obligatoriskt: ett helt antal arbetsdagar 0–${MAX_WORKING_DAYS}`),
    })
    .int(bilingual('a whole number', 'ett heltal'))
    .min(0, bilingual('at least 0', 'minst 0'))
    .max(MAX_WORKING_DAYS, bilingual(`at most ${MAX_WORKING_DAYS}`, `högst ${MAX_WORKING_DAYS}`))
    .openapi({ param: { name: 'workingDays', in: 'query' }, example: 1 }),
  municipality: ZMunicipalityParam,
});
/** GET /calendar/business-minutes */
export const ZMinutesQuery = z.object({ from: ZInstant('from'), to: ZInstant('to'), municipality: ZMunicipalityParam });
/** GET /calendar/closed-days and /calendar/service-windows */
export const ZYearQuery = z.object({ year: ZYear, municipality: ZMunicipalityParam });

const ZWeekday = z.enum(WEEKDAYS);
const ZHours = z.object({ open: z.string(), close: z.string() }).nullable();
export const ZClosedDays = z
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
export const ZServiceWindows = z
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
export type CalendarClosedDays = z.infer<typeof ZClosedDays>;
export type CalendarClosedDay = CalendarClosedDays['items'][number];
export type CalendarChangedDay = CalendarClosedDays['changedHours'][number];
export type CalendarServiceWindows = z.infer<typeof ZServiceWindows>;
export type CalendarServiceWindow = CalendarServiceWindows['items'][number];

/** GET /calendar/deadline */
export const ZDeadline = z.object({ deadline: z.string().openapi({ example: '2024-03-06T10:00:00+01:00' }) });
export type Deadline = z.infer<typeof ZDeadline>;
/** GET /calendar/business-minutes */
export const ZBusinessMinutes = z.object({ minutes: z.number().int() });
export type BusinessMinutes = z.infer<typeof ZBusinessMinutes>;
