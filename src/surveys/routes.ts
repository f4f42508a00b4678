import { createRoute } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { municipalityFilter, requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { jsonBody, ok, problemResponses, ZProblem } from '../platform/http/openapi.ts';
import {
  ZAnswerBody,
  ZAnswered,
  ZListQuery,
  ZPublicSurvey,
  ZSummary,
  ZSummaryQuery,
  ZSurveyList,
  ZTokenParam,
  type Answered,
  type PublicSurvey,
  type SurveyItem,
  type SurveyList,
} from './contract.ts';
import * as service from './service.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Problem } from '../platform/http/contract.ts';

const gone = {
  410: { description: 'The link has expired or the survey is already answered', content: { 'application/problem+json': { schema: ZProblem } } },
} as const;

const GONE_TEXT = {
  expired: { sv: 'Enkätlänken har gått ut.', en: 'The survey link has expired.' },
  answered: { sv: 'Enkäten är redan besvarad. Tack!', en: 'The survey has already been answered. Thank you!' },
} as const;

/** 410 Gone as a problem document in both languages; `code` tells the page which state to show. */
function goneResponse(reason: 'expired' | 'answered'): Response {
  const code = reason === 'expired' ? 'survey_expired' : 'survey_answered';
  const t = GONE_TEXT[reason];
  const body: Problem = {
    type: `https://samdesk.se/problems/${code}`,
    title: t.en,
    status: 410,
    code,
    detail: t.en,
    message_sv: t.sv,
    message_en: t.en,
    errors: [],
  };
  return new Response(JSON.stringify(body), { status: 410, headers: { 'content-type': 'application/problem+json; charset=utf-8' } });
}

/** Runs the service call; an expired or answered survey leaves through the app's error handler as 410. */
async function orGone<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof service.SurveyGoneError) throw new HTTPException(410, { res: goneResponse(e.reason) });
    throw e;
  }
}

/**
 * R-3.7 / issue 5. The public pair answers the survey link without sign-in: the signed token in the
 * path is the only authorisation (a session is neither needed nor used; a signed-in browser still
 * sends its CSRF token, as for every write). The IT pair lists answers and sums them up.
 */
export function surveyRoutes() {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: 'get',
      path: '/public/surveys/{token}',
      tags: ['public'],
      summary: 'The survey behind a signed link: questions, scale, ticket (no sign-in)',
      request: { params: ZTokenParam },
      responses: { 200: ok(ZPublicSurvey), ...problemResponses, ...gone },
    }),
    async (c) => {
      const { database, secret } = c.get('deps');
      const s = await orGone(() => service.openSurvey(database.db, secret, c.req.valid('param').token, clockNow()));
      const survey: PublicSurvey = {
        ticketNumber: s.ticketNumber,
        subject: s.subject,
        expiresAt: s.expiresAt.toISOString(),
        scale: s.form.scale,
        questions: s.form.questions,
      };
      return c.json(survey, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/public/surveys/{token}',
      tags: ['public'],
      summary: 'Answer the survey once (no sign-in)',
      request: { params: ZTokenParam, body: jsonBody(ZAnswerBody) },
      responses: { 201: ok(ZAnswered, 'Answered'), ...problemResponses, ...gone },
    }),
    async (c) => {
      const { database, secret } = c.get('deps');
      const body = c.req.valid('json');
      const done = await orGone(() => service.answerSurvey(database.db, secret, c.req.valid('param').token, body, clockNow()));
      const answered: Answered = { answeredAt: done.answeredAt.toISOString() };
      return c.json(answered, 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/surveys',
      tags: ['surveys'],
      summary: 'Survey answers (IT only), newest first',
      request: { query: ZListQuery },
      responses: { 200: ok(ZSurveyList), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const q = c.req.valid('query');
      const rows = await service.listSurveyAnswers(dbOf(c), actor, {
        municipalityId: municipalityFilter(actor, q.municipality),
        from: q.from,
        to: q.to,
        answeredOnly: q.status === 'answered',
        limit: q.limit,
      });
      const items = rows.map((x): SurveyItem => ({
        id: x.survey.id,
        ticketId: x.survey.ticketId,
        ticketNumber: x.ticketNumber,
        subject: x.subject,
        municipalityId: x.survey.municipalityId,
        teamId: x.teamId,
        teamName: x.teamName,
        line: Number(x.line),
        sampledAt: x.survey.sampledAt.toISOString(),
        expiresAt: x.survey.expiresAt.toISOString(),
        closedAt: x.closedAt?.toISOString() ?? null,
        answeredAt: x.survey.answeredAt?.toISOString() ?? null,
        answers: x.survey.answers,
        comment: x.survey.comment,
      }));
      const list: SurveyList = { items };
      return c.json(list, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/surveys/summary',
      tags: ['surveys'],
      summary: 'Sent, answered, answer rate and mean per question (IT only)',
      request: { query: ZSummaryQuery },
      responses: { 200: ok(ZSummary), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const q = c.req.valid('query');
      return c.json(await service.surveySummary(dbOf(c), actor, { municipalityId: municipalityFilter(actor, q.municipality), from: q.from, to: q.to }), 200);
    },
  );

  return r;
}
