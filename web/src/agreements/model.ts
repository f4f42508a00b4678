/**
 * Application agreements' client model (issue 18, R-7): the answer shapes of /api/v1/applications,
 * /agreement-models, /agreement-sketches and /agreement-reviews from the server's contract (decision
 * 0010, re-exported by types.ts), the vocabulary from its pure rules, the queries the pages share and
 * the sketch's drawing. Money is integer öre until it is shown (format.ts formatSek); shares are basis
 * points (1 % = 100) until they are shown.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  COST_HEADINGS,
  KLASSA_ASPECTS,
  STATUS_TRANSITIONS,
  WHOLE_SHARE,
  type ApplicationKind,
  type ApplicationStatus,
  type CostHeading,
  type KlassaAspect,
} from '../../../src/agreements/rules.ts';
import { SKETCH_KINDS, type SketchKind } from '../../../src/agreements/sketch-rules.ts';
import { ApiError, api, qs, type ProblemDocument } from '../api.ts';
import { stockholmNow } from '../format.ts';
import { SESSION_KEY } from '../session.tsx';
import type {
  Application,
  ApplicationInput,
  ApplicationList,
  CostComparison,
  CostModel,
  CostModelHeadList,
  Review,
  ReviewOverview,
  Session,
} from '../types.ts';

export { APPLICATION_KINDS, APPLICATION_STATUSES, COST_HEADINGS, KLASSA_ASPECTS, SKETCH_KINDS, STATUS_TRANSITIONS, WHOLE_SHARE };
export type { ApplicationKind, ApplicationStatus, CostHeading, KlassaAspect, SketchKind };

/** An agreement's content as a version holds it and a form edits it. */
export type AgreementContent = ApplicationInput['agreement'];
/** The system sketch: components and the relations between them, as structured data. */
export type Sketch = AgreementContent['sketch'];
export type SketchComponent = Sketch['components'][number];
export type SketchRelation = Sketch['relations'][number];
/** Whether the review of an application is overdue, due soon, later or not reviewed at all. */
export type ReviewState = Application['reviewState'];
/** An owner as the server answers it (a person, a role, or both). */
export type OwnerOut = Application['businessOwner'];

export const isApplicationStatus = (s: string): s is ApplicationStatus => (APPLICATION_STATUSES as readonly string[]).includes(s);
export const isApplicationKind = (s: string): s is ApplicationKind => (APPLICATION_KINDS as readonly string[]).includes(s);
export const isSketchKind = (s: string): s is SketchKind => (SKETCH_KINDS as readonly string[]).includes(s);

export const agreementKeys = {
  all: ['agreements'] as const,
  applications: (year: number | undefined, municipalityId: string | undefined) => ['agreements', 'applications', year ?? 0, municipalityId ?? ''] as const,
  application: (id: string, year?: number) => ['agreements', 'application', id, year ?? 0] as const,
  reviews: (id: string) => ['agreements', 'reviews', id] as const,
  overview: (municipalityId: string | undefined) => ['agreements', 'overview', municipalityId ?? ''] as const,
  models: ['agreements', 'models'] as const,
  model: (year: number) => ['agreements', 'model', year] as const,
  comparison: (year: number, from: number) => ['agreements', 'comparison', year, from] as const,
};

/** This year in Stockholm (the browser's clock; the year a cost is shown for unless another is asked). */
export const currentYear = (): number => stockholmNow().year;

/** GET /applications: the applications the user may read, with each one's yearly cost under the year's model. */
export function useApplications(year: number | undefined, municipalityId: string | undefined) {
  return useQuery({
    queryKey: agreementKeys.applications(year, municipalityId),
    queryFn: ({ signal }) => api.get<ApplicationList>(`/api/v1/applications${qs({ year, municipalityId })}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useApplication(id: string, year?: number) {
  return useQuery({
    queryKey: agreementKeys.application(id, year),
    queryFn: ({ signal }) => api.get<Application>(`/api/v1/applications/${id}${qs({ year })}`, signal),
    // Another year of the same application keeps the page while it loads; another application does not.
    placeholderData: (previous) => (previous?.id === id ? previous : undefined),
  });
}

export function useApplicationReviews(id: string) {
  return useQuery({
    queryKey: agreementKeys.reviews(id),
    queryFn: ({ signal }) => api.get<{ items: Review[] }>(`/api/v1/applications/${id}/reviews`, signal),
  });
}

export function useReviewOverview(municipalityId: string | undefined) {
  return useQuery({
    queryKey: agreementKeys.overview(municipalityId),
    queryFn: ({ signal }) => api.get<ReviewOverview>(`/api/v1/agreement-reviews${qs({ municipalityId })}`, signal),
  });
}

export function useCostModels(enabled = true) {
  return useQuery({
    queryKey: agreementKeys.models,
    queryFn: ({ signal }) => api.get<CostModelHeadList>('/api/v1/agreement-models', signal),
    enabled,
  });
}

export function useCostModel(year: number | undefined) {
  return useQuery({
    queryKey: agreementKeys.model(year ?? 0),
    queryFn: ({ signal }) => api.get<CostModel>(`/api/v1/agreement-models/${year ?? 0}`, signal),
    enabled: year !== undefined,
  });
}

export function useComparison(year: number, from: number | undefined) {
  return useQuery({
    queryKey: agreementKeys.comparison(year, from ?? 0),
    queryFn: ({ signal }) => api.get<CostComparison>(`/api/v1/agreement-models/${year}/comparison${qs({ from })}`, signal),
    enabled: from !== undefined,
  });
}

/**
 * The model an agreement's quantities are counted against while it is edited: this year's, else the
 * newest (the server checks the quantities against the same one). Undefined year while the list loads,
 * null when there is no model at all.
 */
export function useEditorModel() {
  const models = useCostModels();
  const items = models.data?.items ?? [];
  const now = currentYear();
  const year = models.data ? (items.find((m) => m.year === now)?.year ?? items[0]?.year ?? null) : undefined;
  const model = useCostModel(year ?? undefined);
  return { models, model, year };
}

/** the agreement as a PDF (the year's cost with its arithmetic, the sketch, versions and reviews). */
export const agreementPdfHref = (id: string, year?: number) => `/api/v1/applications/${id}/agreement.pdf${qs({ year })}`;

// ---------------------------------------------------------------- shares

/** Basis points as a person reads a share: 3333 → "33,33". */
export function percentText(bp: number | null, locale = 'sv'): string {
  if (bp === null) return '';
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2, useGrouping: false }).format(bp / 100);
}

/** A share typed in per cent ("33,33", "50", "12.5 %") as basis points, or null when it is not one (at most two decimals). */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00a0%]/g, ''));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= WHOLE_SHARE ? bp : null;
}

// ---------------------------------------------------------------- the sketch's drawing

/** A sketch drawn by the server: the SVG, and its title and description (what screen readers read). */
export interface Drawing {
  svg: string;
  title: string;
  description: string;
}

function isProblem(value: unknown): value is ProblemDocument {
  return typeof value === 'object' && value !== null && 'code' in value && 'message_sv' in value && 'errors' in value;
}

/** The drawing's title and description, read from the SVG itself. */
export function drawingText(svg: string): { title: string; description: string } {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return { title: doc.querySelector('title')?.textContent?.trim() ?? '', description: doc.querySelector('desc')?.textContent?.trim() ?? '' };
}

/**
 * POST /agreement-sketches/drawing: the sketch checked and drawn as SVG (the same drawing as the PDF's).
 * The answer is an image, not JSON, so this is the one request not made through `api`; it sends the
 * session's CSRF token as `api` does, and a refusal (400, the sketch's problems) becomes an ApiError.
 */
export async function drawSketch(body: { name?: string; sketch: Sketch }, csrfToken: string, signal?: AbortSignal): Promise<Drawing> {
  const res = await fetch('/api/v1/agreement-sketches/drawing', {
    method: 'POST',
    headers: { accept: 'image/svg+xml, application/problem+json', 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal: signal ?? null,
  });
  const text = await res.text();
  if (!res.ok) {
    let data: unknown = null;
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
    const problem: ProblemDocument = isProblem(data)
      ? data
      : {
          type: 'about:blank',
          title: `The server answered ${res.status}`,
          status: res.status,
          code: 'http_error',
          detail: '',
          message_sv: `Servern svarade ${res.status}.`,
          message_en: `The server answered ${res.status}.`,
          errors: [],
        };
    throw new ApiError(res.status, problem);
  }
  return { svg: text, ...drawingText(text) };
}

/** The drawing of a sketch, redrawn when the sketch (or the name) changes; none for an empty sketch (or while `enabled` is false). */
export function useSketchDrawing(sketch: Sketch, name: string | undefined, enabled = true) {
  const queryClient = useQueryClient();
  const csrfToken = queryClient.getQueryData<Session | null>(SESSION_KEY)?.csrfToken ?? '';
  const key = JSON.stringify({ name: name?.trim() ?? '', sketch });
  return useQuery({
    queryKey: ['agreements', 'drawing', key],
    queryFn: ({ signal }) => drawSketch({ ...(name?.trim() ? { name: name.trim() } : {}), sketch }, csrfToken, signal),
    enabled: enabled && sketch.components.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
}

/** A component id not yet used in the sketch ("del-4"): ids are the sketch's own keys, never shown. */
export function newComponentId(components: readonly SketchComponent[]): string {
  const used = new Set(components.map((c) => c.id));
  let n = components.length + 1;
  while (used.has(`del-${n}`)) n += 1;
  return `del-${n}`;
}
