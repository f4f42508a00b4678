import { z } from '@hono/zod-openapi';
import { ZLocalDate } from '../platform/http/types.ts';
import { COMMENT_MAX } from './rules.ts';

/**
 * The satisfaction survey's contract (R-3.7, issue 5, issue 17, decision 0010): every request and
 * answer of /api/v1/public/surveys and /api/v1/surveys, defined once. The service takes the answer
 * request's type, the routes declare both, answers are typed by them, and the web app imports the types.
 */

// ---------------------------------------------------------------- answers

/** The form a survey was sent with: its scale and questions. */
export const ZForm = z.object({
  scale: z.object({ min: z.number().int(), max: z.number().int() }),
  questions: z.array(z.object({ code: z.string(), text: z.string() })),
});
/** GET /public/surveys/{token}: the survey behind a signed link. */
export const ZPublicSurvey = z
  .object({ ticketNumber: z.string(), subject: z.string(), expiresAt: z.string(), scale: ZForm.shape.scale, questions: ZForm.shape.questions })
  .openapi('PublicSurvey');
/** POST /public/surveys/{token}: when the answer was recorded. */
export const ZAnswered = z.object({ answeredAt: z.string() });
/** GET /surveys: one survey and its answer (IT only). */
export const ZSurveyItem = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    ticketNumber: z.string(),
    subject: z.string(),
    municipalityId: z.uuid(),
    teamId: z.uuid().nullable(),
    teamName: z.string().nullable(),
    line: z.number().int(),
    sampledAt: z.string(),
    expiresAt: z.string(),
    closedAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answers: z.record(z.string(), z.number()).nullable(),
    comment: z.string().nullable(),
  })
  .openapi('SurveyAnswerItem');
export const ZSurveyList = z.object({ items: z.array(ZSurveyItem) });
/** GET /surveys/summary: sent, answered, answer rate and mean per question over a period. */
export const ZSummary = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    sent: z.number().int().describe('surveys whose mail was sent'),
    pending: z.number().int().describe('mail still waiting to be sent'),
    notSent: z.number().int().describe('mail given up, or never queued'),
    answered: z.number().int(),
    answerRate: z.number().nullable().describe('answered / sent'),
    questions: z.array(z.object({ code: z.string(), text: z.string(), mean: z.number().nullable(), answers: z.number().int() })),
  })
  .openapi('SurveySummary');

export type SurveyForm = z.infer<typeof ZForm>;
export type PublicSurvey = z.infer<typeof ZPublicSurvey>;
export type Answered = z.infer<typeof ZAnswered>;
export type SurveyItem = z.infer<typeof ZSurveyItem>;
export type SurveyList = z.infer<typeof ZSurveyList>;
export type SurveySummary = z.infer<typeof ZSummary>;

// ---------------------------------------------------------------- requests

export const ZTokenParam = z.object({
  token: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});
export const ZAnswerBody = z
  .strictObject({
    /** Question code → chosen step; checked against the survey's own questions and scale. */
    answers: z.record(z.string().max(100), z.unknown()),
    comment: z
      .string()
      .max(COMMENT_MAX * 2)
      .nullable()
      .optional(),
  })
  .openapi('SurveyAnswer');
// Issue 16: Date.parse accepted 2026-02-30; the shared type checks the calendar.
const ZDate = ZLocalDate;
export const ZListQuery = z.object({
  municipality: z.uuid().optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  status: z.enum(['answered', 'all']).default('answered'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const ZSummaryQuery = ZListQuery.pick({ municipality: true, from: true, to: true });

/** The answer to a survey (POST /public/surveys/{token}), as the service takes it. */
export type SurveyAnswerInput = z.infer<typeof ZAnswerBody>;
/** GET /surveys as the web app sends it (`status` and `limit` have defaults). */
export type SurveyListQuery = z.input<typeof ZListQuery>;
export type SurveySummaryQuery = z.input<typeof ZSummaryQuery>;
