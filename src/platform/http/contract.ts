import { z } from '@hono/zod-openapi';

/**
 * The problem document's contract (RFC 9457, decision 0010): every error the API answers with, as
 * `application/problem+json`. The OpenAPI document declares it as `Problem`; errors.ts builds it and
 * the web app imports its types.
 */
export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    message_sv: z.string(),
    message_en: z.string(),
    errors: z.array(z.object({ field: z.string(), reason: z.string(), reasonSv: z.string().optional(), row: z.number().int().optional() })),
  })
  .openapi('Problem');

/** The problem document as the schema declares it. */
export type Problem = z.infer<typeof ZProblem>;

/**
 * One entry of a problem's `errors`: the schema's fields, and the field's names for people that
 * errors.ts adds to every input problem (issue 16), which the schema does not declare.
 */
export type FieldProblem = Problem['errors'][number] & {
  /** The field's name for people in Swedish (the schema's label), e.g. `Serienummer`. */
  label?: string;
  /** The field's name for people in English. */
  labelEn?: string;
};

/**
 * The problem document as the server sends it: the schema's fields, its `errors` with their labels,
 * and the extra fields of some codes (409 stale_version: `current`, the record as it is now).
 */
export type ProblemDocument = Omit<Problem, 'errors'> & {
  errors: FieldProblem[];
  /** 409 stale_version: the record as it is now. */
  current?: unknown;
};

/**
 * What the actor may do with a record, sent with it (STYLE habit 16): allowed or not, and why not in
 * both languages, so the UI shows the reason and never re-derives a role rule.
 */
export const ZPermission = z
  .object({ allowed: z.boolean(), reason: z.string().nullable(), reasonSv: z.string().nullable().describe('why not, in Swedish, as the UI shows it') })
  .openapi('Permission');
export type Permission = z.infer<typeof ZPermission>;

/** Allowed, or refused with the reason the API would give (a service's problem, in both languages). */
export function permission(refusal: { reason: string; reasonSv: string } | null): Permission {
  return refusal === null ? { allowed: true, reason: null, reasonSv: null } : { allowed: false, reason: refusal.reason, reasonSv: refusal.reasonSv };
}
