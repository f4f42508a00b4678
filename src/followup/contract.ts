import { z } from '@hono/zod-openapi';
import { ZPermission } from '../platform/http/contract.ts';
import { ZText } from '../platform/http/types.ts';
import { FIGURE_UNITS, LINK_KINDS, SECTION_KEYS } from './rules.ts';

/**
 * The follow-up contract (docs/decisions/0010): the tertial and year report of R-10, its frozen
 * snapshots and the comparison between the two. Every figure is computed when asked for; each carries
 * its definition, the mission's target and the way down to what lies behind it. Routes declare these
 * schemas, exports and the web app read the same shapes.
 */

export const ZFollowUpQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().meta({ label: 'År', labelEn: 'Year' }),
  period: z
    .string()
    .regex(/^(year|[A-Za-z0-9-]{1,10})$/)
    .optional()
    .meta({ label: 'Period', labelEn: 'Period' })
    .describe('a follow-up period of the mission in force (T1, T2, T3) or "year"; absent: the latest period that is over (of the year, when one is given)'),
  municipality: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .meta({ label: 'Kommun', labelEn: 'Municipality' })
    .describe('a municipality code; absent = both (for those who see both)'),
});
export type FollowUpQuery = z.infer<typeof ZFollowUpQuery>;

/** Where a figure leads: the list behind it, filtered accordingly (the web app turns it into a page address). */
export const ZFigureLink = z
  .object({
    kind: z.enum(LINK_KINDS),
    /** Query parameters of the list, as its page reads them. */
    params: z.record(z.string(), z.string()),
    /** The one record behind a figure (a billing run), when there is one. */
    id: z.string().nullable(),
  })
  .openapi('FollowUpLink');
export type FigureLink = z.infer<typeof ZFigureLink>;

export const ZTarget = z
  .object({
    value: z.number(),
    comparison: z.enum(['at_least', 'at_most']),
    /** Null when there is nothing to measure yet. */
    met: z.boolean().nullable(),
    text: z.string().describe('the target as the mission states it, in Swedish'),
  })
  .openapi('FollowUpTarget');
export type Target = z.infer<typeof ZTarget>;

export const ZFigure = z
  .object({
    key: z.string(),
    label: z.string(),
    /** Shares are fractions (0.5 = 50 %), money integer öre, time minutes. Null: nothing to measure. */
    value: z.number().nullable(),
    unit: z.enum(FIGURE_UNITS),
    definition: z.string(),
    target: ZTarget.nullable(),
    link: ZFigureLink.nullable(),
  })
  .openapi('FollowUpFigure');
export type Figure = z.infer<typeof ZFigure>;

export const ZCell = z.union([z.number(), z.string(), z.null()]);
export const ZTable = z
  .object({
    key: z.string(),
    title: z.string(),
    definition: z.string(),
    columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.enum(FIGURE_UNITS).nullable() })),
    rows: z.array(
      z.object({
        key: z.string(),
        cells: z.array(ZCell),
        /** Per cell (same order as the columns), where it leads. */
        links: z.array(ZFigureLink.nullable()),
      }),
    ),
  })
  .openapi('FollowUpTable');
export type Table = z.infer<typeof ZTable>;

export const ZChart = z
  .object({
    key: z.string(),
    kind: z.enum(['trend', 'distribution']),
    title: z.string(),
    unit: z.enum(FIGURE_UNITS),
    /** Trend: one point per period, oldest first; distribution: one per answer step. */
    points: z.array(z.object({ label: z.string(), value: z.number().nullable() })),
    target: z.number().nullable(),
    /** The same figures as a table (charts have their table beneath, for screen readers). */
    table: z.string().describe('key of the table that holds the chart’s figures'),
  })
  .openapi('FollowUpChart');
export type Chart = z.infer<typeof ZChart>;

export const ZSection = z
  .object({
    key: z.enum(SECTION_KEYS),
    title: z.string(),
    figures: z.array(ZFigure),
    tables: z.array(ZTable),
    charts: z.array(ZChart),
  })
  .openapi('FollowUpSection');
export type Section = z.infer<typeof ZSection>;

const ZRef = z.object({ code: z.string(), name: z.string() });

export const ZReportPeriod = z.object({
  key: z.string().describe('"2026" or "2026-T1"'),
  code: z.string().nullable(),
  year: z.number().int(),
  label: z.string(),
  from: z.string(),
  to: z.string(),
});
export type ReportPeriod = z.infer<typeof ZReportPeriod>;

export const ZFollowUpReport = z
  .object({
    year: z.number().int(),
    period: ZReportPeriod.extend({ complete: z.boolean().describe('the period is over; otherwise measured up to now') }),
    municipality: ZRef.nullable().describe('null: both municipalities'),
    missionTitle: z.string(),
    generatedAt: z.string(),
    sections: z.array(ZSection),
  })
  .openapi('FollowUpReport');
export type FollowUpReport = z.infer<typeof ZFollowUpReport>;

/** A report sent to the boards, frozen as it was. */
export const ZSnapshotSummary = z
  .object({
    id: z.uuid(),
    periodKey: z.string(),
    periodLabel: z.string(),
    municipality: ZRef.nullable(),
    sentAt: z.string(),
    sentBy: z.string(),
    note: z.string(),
  })
  .openapi('FollowUpSnapshotSummary');
export type SnapshotSummary = z.infer<typeof ZSnapshotSummary>;

export const ZChange = z.object({
  section: z.string(),
  label: z.string(),
  unit: z.enum(FIGURE_UNITS),
  sent: ZCell,
  now: ZCell,
});
export type Change = z.infer<typeof ZChange>;

export const ZSnapshot = ZSnapshotSummary.extend({
  report: ZFollowUpReport,
  /** What differs in the live report of the same period and municipality, figure by figure. */
  changes: z.array(ZChange),
  live: ZFollowUpReport.describe('the same report measured now'),
}).openapi('FollowUpSnapshot');
export type Snapshot = z.infer<typeof ZSnapshot>;

/** GET /followup: the report with what the reader may do and choose. */
export const ZFollowUpAnswer = z
  .object({
    report: ZFollowUpReport,
    choices: z.object({
      years: z.array(z.number().int()).describe('the years that may be reported on, newest first'),
      periods: z.array(ZReportPeriod).describe('the periods of the year that have begun, the whole year last'),
      municipalities: z.array(ZRef),
      both: z.boolean().describe('the reader may see both municipalities together'),
    }),
    snapshots: z.array(ZSnapshotSummary).describe('the reports sent for this period and municipality, newest first'),
    actions: z.object({ markSent: ZPermission }),
  })
  .openapi('FollowUpAnswer');
export type FollowUpAnswer = z.infer<typeof ZFollowUpAnswer>;

export const ZMarkSent = z
  .strictObject({
    year: z.number().int().min(2000).max(2100).meta({ label: 'År', labelEn: 'Year' }),
    period: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,10}$/)
      .meta({ label: 'Period', labelEn: 'Period' }),
    municipality: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .nullable()
      .meta({ label: 'Kommun', labelEn: 'Municipality' }),
    note: ZText({ max: 2000 }).default('').meta({ label: 'Anteckning', labelEn: 'Note' }),
  })
  .openapi('FollowUpMarkSent');
export type MarkSent = z.infer<typeof ZMarkSent>;
