import { z } from 'zod';
import { bilingual } from '../platform/http/messages.ts';

/**
 * The yearly mission (ramuppdrag) as one typed, validated document. Every number and list of
 * REQUIREMENTS.md lives here, so a rule reads it from the mission in force on the date in question.
 * Percentages are fractions (0.5 = 50 %); money is integer öre; durations are minutes unless named.
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, bilingual('time must be HH:MM', 'tiden skrivs TT:MM'));
const isoDate = z.iso.date();

export const ZOpeningHours = z.strictObject({ open: hhmm, close: hhmm }).refine((h) => h.open < h.close, {
  message: bilingual('open must be before close', 'stängningstiden ska vara senare än öppningstiden'),
  path: ['close'],
});
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const ZMunicipalityScope = z.string().min(1).optional().describe('municipality code; absent = both');

export const ZMissionCalendar = z.strictObject({
  timeZone: z.string().min(1),
  /** per weekday; null = closed. */
  openingHours: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, ZOpeningHours.nullable()])) as Record<Weekday, z.ZodNullable<typeof ZOpeningHours>>),
  /** `date-holidays` SE types that close the desk: public holidays and the de facto eves. */
  closedHolidayTypes: z.array(z.enum(['public', 'bank', 'optional', 'observance', 'school'])).min(1),
  /** extra closed days per year and municipality. */
  extraClosedDays: z.array(z.strictObject({ date: isoDate, municipality: ZMunicipalityScope, reason: z.string().min(1) })),
  /** changed hours, e.g. shortened days before holidays ("dag före röd dag"). */
  changedHours: z.array(z.strictObject({ date: isoDate, municipality: ZMunicipalityScope, open: hhmm, close: hhmm, reason: z.string().min(1) })),
  /** */
  serviceWindows: z.strictObject({
    primary: z.strictObject({ nthWeekdayOfMonth: z.number().int().min(1).max(5), weekday: z.enum(WEEKDAYS), start: hhmm, end: hhmm }),
    secondary: z.strictObject({ daysAfterPrimary: z.number().int().min(1).max(27), start: hhmm, end: hhmm, onlyWhenNeeded: z.boolean() }),
  }),
});

const ZTarget = z.number().min(0).max(1);

export const ZMissionDocument = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  title: z.string().min(1),
  effectiveFrom: isoDate,
  calendar: ZMissionCalendar,
  /** */
  teams: z
    .array(z.strictObject({ code: z.string().regex(/^[a-z][a-z0-9-]*$/), name: z.string().min(1), lines: z.array(z.number().int().min(1).max(3)).min(1) }))
    .min(1),
  /** */
  people: z.strictObject({
    personRoles: z
      .array(
        z.strictObject({
          code: z.string().min(1),
          label: z.string().min(1),
          employee: z.boolean(),
          /** 'student' may buy the computer they used; 'never' (politicians) never buys, like employees. */
          buyer: z.enum(['student', 'never']).optional(),
        }),
      )
      .min(1),
    staffCategories: z.array(z.strictObject({ code: z.string().min(1), label: z.string().min(1), device: z.enum(['teacher', 'administrative']) })),
  }),
  support: z.strictObject({
    /** */
    firstLineResolutionTarget: ZTarget,
    /** the share of a ticket's allowed time after which its SLA reads "at risk" (an early warning). */
    atRiskShare: z.number().gt(0).lt(1).default(0.75),
    /** */
    intefunktion: z.strictObject({
      resolveWithinWorkingDays: z.number().int().min(1).max(30),
      functions: z.array(z.strictObject({ code: z.string().min(1), label: z.string().min(1) })).min(1),
    }),
    /** */
    onCall: z.strictObject({
      minimumBilledMinutes: z.number().int().min(0),
      roundingIncrementMinutes: z.number().int().min(1),
      rounding: z.enum(['per_started', 'nearest', 'none']),
    }),
    /** */
    survey: z.strictObject({
      sampleShare: ZTarget,
      scale: z.strictObject({ min: z.number().int(), max: z.number().int() }),
      questions: z.array(z.strictObject({ code: z.string().min(1), text: z.string().min(1) })).min(1),
      /** Issue 5: a person is surveyed at most once in this many days (0 = no limit). */
      personLimitDays: z.number().int().min(0).max(365).default(30),
      /** Issue 5: days a survey link stays valid. */
      linkValidDays: z.number().int().min(1).max(365).default(30),
    }),
  }),
  /** R-4.2 (prices come with the yearly price list, Bilaga 2) */
  catalogue: z.strictObject({
    minimumTechnicalLifeMonths: z.number().int().min(1),
    services: z
      .array(
        z.strictObject({
          code: z.string().regex(/^[a-z][a-z0-9-]*$/),
          name: z.string().min(1),
          billingModel: z.enum([
            'monthly_rental',
            'weekly_rental',
            'hourly',
            'one_off',
            'purchase_plus_monthly_fee',
            'monthly_fee',
            'periodic',
            'yearly',
            'time_spent',
          ]),
          billingGroup: z.enum(['continuous', 'periodic', 'central']),
          renewalMonths: z.number().int().min(1).optional(),
          minimumDays: z.number().int().min(1).optional(),
          supportLevel: z.enum(['managed', 'managed_without_support', 'one_to_one']).optional(),
        }),
      )
      .min(1),
  }),
  /**
   * numbers of special orders. Optional because documents stored before orders existed
   * lack it; the orders capability then reads the built-in default mission's numbers.
   */
  orders: z
    .strictObject({
      /** a follow-up ticket is opened this many days before a non-employee account's end date. */
      accountEndReminderDays: z.number().int().min(0).max(365),
      /** IT packages software for teacher computers only above this many installations. */
      softwarePackagingAboveInstallations: z.number().int().min(0).max(10_000),
    })
    .optional(),
  /** */
  billing: z.strictObject({
    schedules: z.array(
      z.strictObject({
        municipality: z.string().min(1),
        /** IT support, fixed telephony, applications. */
        periodic: z.strictObject({ frequency: z.enum(['monthly', 'tertial']), invoiceMonths: z.array(z.number().int().min(1).max(12)), internal: z.boolean() }),
        continuous: z.strictObject({ frequency: z.enum(['monthly', 'continuous']) }),
        central: z.strictObject({ invoiceMonth: z.number().int().min(1).max(12) }),
      }),
    ),
    applicationTermination: z.strictObject({
      /** Terminated no later than this day (MM-DD) of the year before → not billed the next year. */
      deadlineMonthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
      newBilledFrom: z.enum(['next_year']),
    }),
    /**
     * Issue 8, R-6.4: which months a period that starts or ends inside a month is charged for.
     * 'from_month_after_start' (default): from the month after delivery through the month of return;
     * 'from_start_month': from the month of delivery through the month before the return. Either way a
     * move between units charges the boundary month exactly once. Documents stored before it existed
     * read as the default (issue 17: every mission number has its default here, in the document).
     */
    partMonth: z.enum(['from_month_after_start', 'from_start_month']).default('from_month_after_start'),
    /** Issue 8, R-3.6: the catalogue service whose hourly price charges on-call time. */
    onCallServiceCode: z.string().min(1).default('it-beredskap'),
    /** Issue 8, R-6.6: how many months back a run corrects earlier periods with credit/debit lines. */
    correctionMonths: z.number().int().min(1).max(120).default(24),
    /**
     * the services whose subscription quantity counts users (IT support is priced per user and
     * year); any other subscription counts pieces (extensions, applications, screens).
     */
    userServiceCodes: z.array(z.string().min(1)).default(['it-stod']),
    /** days an invoice for a student's purchase of their computer gives to pay. */
    invoiceTermsDays: z.number().int().min(1).max(90).default(30),
    /**
     * Issue 8, R-6.7: how a municipality's run is booked in its accounting (SIE 4 type 4I). Kommun-Bas
     * leaves IT accounts to each municipality, so accounts and dimensions are configuration: each unit
     * is debited on `debitAccount` with dimensions taken from its accounting codes (`dimensions`: SIE
     * dimension number ← the unit's accounting field), the total is credited on `creditAccount` with
     * `creditObjects` (the IT unit's own codes); `counterpart` adds the motpart object that tells an
     * internal charge from an external one. Optional: without it a municipality has no SIE export.
     */
    accounting: z
      .array(
        z.strictObject({
          municipality: z.string().min(1),
          debitAccount: z.string().regex(/^\S+$/),
          creditAccount: z.string().regex(/^\S+$/),
          dimensions: z.array(z.strictObject({ number: z.number().int().min(1).max(99), name: z.string().min(1), field: z.string().min(1) })),
          creditObjects: z.array(z.strictObject({ dimension: z.number().int().min(1).max(99), code: z.string().min(1) })),
          counterpart: z.strictObject({ dimension: z.number().int().min(1).max(99), name: z.string().min(1), code: z.string().min(1) }).nullable(),
          voucherText: z.string().min(1),
        }),
      )
      .optional(),
  }),
  /**
   * application agreements are reviewed yearly: the next review falls this many months after the
   * last (or after the agreement became active), and shows as due this many days before its date.
   * Documents stored before it existed read as these defaults (issue 17: every number in the document).
   */
  agreements: z
    .strictObject({
      reviewIntervalMonths: z.number().int().min(1).max(60),
      reviewDueSoonDays: z.number().int().min(0).max(365),
      /** Issue 18: the article on the billing basis under which an agreement's yearly fee is charged. */
      billingArticleCode: z
        .string()
        .regex(/^\S{1,40}$/)
        .default('APP-AVTAL'),
    })
    .default({ reviewIntervalMonths: 12, reviewDueSoonDays: 30, billingArticleCode: 'APP-AVTAL' }),
  /** */
  availability: z.strictObject({
    targetShare: ZTarget,
    maxOutagesPerYear: z.number().int().min(0),
    /** Issue 19: how many days a resolved operations message stays on the public page and feed. */
    resolvedShownDays: z.number().int().min(0).max(90).default(7),
  }),
  /** */
  followUp: z.strictObject({
    periods: z.array(z.strictObject({ code: z.string().min(1), fromMonth: z.number().int().min(1).max(12), toMonth: z.number().int().min(1).max(12) })).min(1),
  }),
  /** */
  sites: z.strictObject({
    nodeReserveHours: z.number().min(0),
    /** Issue 22: how long IT's approval of a site's reserve power, cooling or fire protection counts. */
    reapprovalMonths: z.number().int().min(1).max(240).default(36),
  }),
});

export type MissionDocument = z.infer<typeof ZMissionDocument>;
