import { z } from '@hono/zod-openapi';

/** Shared OpenAPI pieces so every route documents its body, answer and errors the same way. */
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

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function ok<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } } as const;
}

export const problemResponses = {
  400: { description: 'Invalid input', content: { 'application/problem+json': { schema: ZProblem } } },
  401: { description: 'Not signed in', content: { 'application/problem+json': { schema: ZProblem } } },
  403: { description: 'Not allowed', content: { 'application/problem+json': { schema: ZProblem } } },
  404: { description: 'Not found (or not yours to see)', content: { 'application/problem+json': { schema: ZProblem } } },
  409: { description: 'Stale version or duplicate', content: { 'application/problem+json': { schema: ZProblem } } },
} as const;

export const ZIdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
