import { createRoute } from '@hono/zod-openapi';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ok, problemResponses } from '../platform/http/openapi.ts';
import { presentClosedDays, presentServiceWindow } from './presenter.ts';
import {
  TIME_ZONE,
  ZBusinessMinutes,
  ZClosedDays,
  ZDeadline,
  ZDeadlineQuery,
  ZMinutesQuery,
  ZServiceWindows,
  ZYearQuery,
  type CalendarServiceWindows,
} from './contract.ts';
import { formatInstant, localDate, parseInstant } from './rules.ts';
import { calendarFor } from './service.ts';

/**
 * Issue 3 / R-2: the public calendar endpoints. Opening hours are public, so these are readable
 * without signing in (no `requireActor`). Bad or missing parameters answer 400 naming the parameter
 * (`query.start`, `query.workingDays`, …) through the router's validation hook.
 */

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
      responses: { 200: ok(ZDeadline), ...problemResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const cal = await calendarFor(dbOf(c), { municipality: q.municipality, field: 'query.municipality' });
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
      responses: { 200: ok(ZBusinessMinutes), ...problemResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const from = parseInstant(q.from, TIME_ZONE) as number;
      const to = parseInstant(q.to, TIME_ZONE) as number;
      if (to < from) throw new AppError('validation', [{ field: 'query.to', reason: 'must not be before from', reasonSv: 'slutet får inte vara före början' }]);
      const cal = await calendarFor(dbOf(c), { municipality: q.municipality, field: 'query.municipality' });
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
      const cal = await calendarFor(dbOf(c), { municipality: q.municipality, field: 'query.municipality' });
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
      const cal = await calendarFor(dbOf(c), { municipality: q.municipality, field: 'query.municipality' });
      const items = cal.serviceWindows(q.year).map((w) => presentServiceWindow(w, cal.timeZoneOn(w.date)));
      const body: CalendarServiceWindows = { year: q.year, municipality: cal.municipality ?? null, items };
      return c.json(body, 200);
    },
  );

  return r;
}
