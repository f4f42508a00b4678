import { openDraftAgreement } from '../agreements/service.ts';
import { proposePriceArticle } from '../catalogue/service.ts';
import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../mission/service.ts';
import { missionPublishing, type MissionPublishing } from '../mission/hooks.ts';
import { managedUnits } from '../org/service.ts';
import { findUnit, listMunicipalities } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertMunicipality, assertPolicy } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import type { Permission } from '../platform/http/contract.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { fieldNames } from '../platform/http/validation.ts';
import { swedishDate } from '../platform/pdf.ts';
import type { Backlog, BacklogOrder, DevelopmentRequest, RequestInput, RequestList, RequestPatch, RequestSummary, StepInput } from './contract.ts';
import { ZRequestInput, ZStepInput } from './contract.ts';
import { ordersBacklog, raisesDevelopmentRequests, readsAllDevelopmentRequests, recordsStep } from './policy.ts';
import {
  backlogOrderProblems,
  BACKLOG_STATES,
  bodyText,
  canSeeRequest,
  deliveryEffects,
  MINUTES_REQUIRED,
  REQUEST_ACTIONS,
  rejectingBodies,
  requestNumber,
  requestProblems,
  stateText,
  transition,
  type RequestAction,
  type RequestFacts,
  type Viewer,
} from './rules.ts';
import { developmentRequests, type DeliveryOutcome } from './schema.ts';
import * as store from './store.ts';

const allow: Permission = { allowed: true, reason: null, reasonSv: null };
const deny = (reason: string, reasonSv: string): Permission => ({ allowed: false, reason, reasonSv });

/** A service problem named by the field's label in the input's schema. */
function labelled(schema: typeof ZRequestInput | typeof ZStepInput, p: { field: string; reason: string; reasonSv: string }): FieldProblem {
  const names = fieldNames(schema, p.field.split('.'));
  return { ...p, label: names.sv, labelEn: names.en };
}

async function viewerOf(db: DbOrTx, actor: Actor): Promise<Viewer> {
  return { userId: actor.id, scope: actor.scope, readsAll: readsAllDevelopmentRequests(actor), managedUnitIds: await managedUnits(db, actor) };
}

function filterOf(actor: Actor, viewer: Viewer, mine: boolean): store.RequestFilter {
  return {
    municipalityId: actor.scope.kind === 'all' ? null : actor.scope.municipalityId,
    own: viewer.readsAll && !mine ? null : { userId: actor.id, unitIds: [...viewer.managedUnitIds] },
  };
}

const ref = (id: string | null, name: string | null) => (id && name ? { id, name } : null);

function summary(r: store.RequestWithNames): RequestSummary {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    size: r.size,
    kind: r.kind,
    state: r.state,
    stateText: stateText(r.state),
    priority: r.priority,
    changesMission: r.changesMission,
    missionYear: r.missionYear,
    costEstimateOre: r.costEstimateOre,
    municipality: ref(r.municipalityId, r.municipalityName),
    raisedByUnit: ref(r.raisedByUnitId, r.unitName),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** GET /development-requests: the requests the actor may see (or raised: view `mine`). */
export async function listRequests(db: Db, actor: Actor, query: { view: 'all' | 'mine'; state?: RequestSummary['state'] | undefined }): Promise<RequestList> {
  const viewer = await viewerOf(db, actor);
  const rows = await store.listRequests(db, { ...filterOf(actor, viewer, query.view === 'mine'), state: query.state });
  return {
    items: rows.map(summary),
    actions: {
      create: raisesDevelopmentRequests(actor)
        ? allow
        : deny('IT staff and unit managers raise requests.', 'It-personal och chefer lyfter utvecklingsärenden.'),
    },
  };
}

/** The municipalities a request's boards are: every one for a mission change (it concerns both). */
async function concerned(db: DbOrTx, r: { municipalityId: string | null }): Promise<{ id: string; name: string }[]> {
  const all = await listMunicipalities(db, undefined);
  return all.filter((m) => r.municipalityId === null || m.id === r.municipalityId).map((m) => ({ id: m.id, name: m.name }));
}

function factsOf(r: store.RequestRow, steps: store.StepRow[], municipalities: readonly { id: string }[]): RequestFacts {
  return {
    state: r.state,
    size: r.size,
    kind: r.kind,
    changesMission: r.changesMission,
    concernedMunicipalityIds: municipalities.map((m) => m.id),
    boardDecisions: steps.flatMap((s) =>
      s.action === 'record_board_decision' && s.municipalityId && s.outcome ? [{ municipalityId: s.municipalityId, outcome: s.outcome }] : [],
    ),
    hasEvaluation: r.evaluation !== null,
  };
}

const NOT_YOUR_STEP: Record<RequestAction, Permission> = {
  prepare: deny('IT management or the strategist records IT-forum’s preparation.', 'It-ledningen eller it-strategen för in IT-forums beredning.'),
  decide: deny('Only the IT strategist decides small requests.', 'Bara it-strategen beslutar om små ärenden.'),
  prioritise: deny('IT management or the strategist records the steering group’s decision.', 'It-ledningen eller it-strategen för in it-styrgruppens beslut.'),
  record_board_decision: deny('IT management records the executive boards’ decisions.', 'It-ledningen för in kommunstyrelsernas beslut.'),
  start: deny('IT management or the strategist starts the work.', 'It-ledningen eller it-strategen startar arbetet.'),
  evaluate: deny('IT management or the strategist records the evaluation.', 'It-ledningen eller it-strategen för in utvärderingen.'),
  deliver: deny('IT management or the strategist records the delivery.', 'It-ledningen eller it-strategen för in leveransen.'),
  close: deny('IT management or the strategist closes a pilot.', 'It-ledningen eller it-strategen avslutar en pilot.'),
  reject: deny('IT management or the strategist records a rejection.', 'It-ledningen eller it-strategen för in ett avslag.'),
};

async function present(db: DbOrTx, actor: Actor, r: store.RequestWithNames): Promise<DevelopmentRequest> {
  const stepRows = await store.listSteps(db, r.id);
  const steps = stepRows.map((x) => x.s);
  const boards = await concerned(db, r);
  const facts = factsOf(r, steps, boards);
  const pendingBoard = boards.find((b) => !facts.boardDecisions.some((d) => d.municipalityId === b.id));
  const stepActions = Object.fromEntries(
    REQUEST_ACTIONS.map((action): [RequestAction, Permission] => {
      if (!recordsStep(action)(actor)) return [action, NOT_YOUR_STEP[action]];
      const t = transition(facts, action, { municipalityId: pendingBoard?.id, outcome: 'approved' });
      return [action, t.ok ? allow : deny(t.reason, t.reasonSv)];
    }),
  ) as Record<RequestAction, Permission>;
  const editable = r.state === 'registered' && (r.raisedByUserId === actor.id || recordsStep('prepare')(actor));
  return {
    ...summary(r),
    description: r.description,
    benefit: r.benefit,
    serviceEffect: r.serviceEffect,
    serviceName: r.serviceName,
    raisedBy: { id: r.raisedByUserId, name: r.raisedByName },
    evaluation: r.evaluation,
    delivery: r.delivery,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    steps: stepRows.map(({ s, municipalityName, recordedByName }) => ({
      id: s.id,
      action: s.action,
      fromState: s.fromState,
      toState: s.toState,
      body: s.body,
      bodyText: bodyText(s.body, municipalityName ?? undefined),
      municipality: ref(s.municipalityId, municipalityName),
      outcome: s.outcome,
      decidedOn: s.decidedOn,
      minutesRef: s.minutesRef,
      note: s.note,
      recordedBy: { id: s.recordedByUserId, name: recordedByName },
      recordedAt: s.recordedAt.toISOString(),
    })),
    boards: r.changesMission
      ? boards.map((b) => {
          const d = steps.find((s) => s.action === 'record_board_decision' && s.municipalityId === b.id);
          return { municipality: b, outcome: d?.outcome ?? null, decidedOn: d?.decidedOn ?? null, minutesRef: d?.minutesRef ?? null };
        })
      : [],
    actions: {
      edit: editable
        ? allow
        : r.state !== 'registered'
          ? deny('A request is changed only before IT-forum has prepared it.', 'Ett ärende ändras bara innan IT-forum har berett det.')
          : deny(
              'Whoever raised the request, IT management or the strategist changes it.',
              'Den som lyfte ärendet, it-ledningen eller it-strategen ändrar det.',
            ),
      steps: stepActions,
    },
    rejectingBodies: rejectingBodies(r.state, r.size),
  };
}

/** A request the actor may see, or 404 (the other municipality's requests do not exist for them). */
async function visible(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<store.RequestWithNames> {
  const row = await store.findRequest(db, id, forUpdate);
  if (!row || !canSeeRequest(await viewerOf(db, actor), row)) throw new AppError('not_found');
  return row;
}

export async function getRequest(db: Db, actor: Actor, id: string): Promise<DevelopmentRequest> {
  return present(db, actor, await visible(db, actor, id));
}

/** The unit a request is raised for: IT staff may name any unit of their municipalities or none (IT); a manager one they manage. */
async function checkRaiser(tx: DbOrTx, actor: Actor, input: { raisedByUnitId: string | null; municipalityId: string | null }): Promise<void> {
  if (input.municipalityId !== null) assertMunicipality(actor, input.municipalityId);
  const isIt = readsAllDevelopmentRequests(actor) && raisesDevelopmentRequests(actor);
  if (input.raisedByUnitId === null) {
    if (!isIt) {
      throw new AppError('validation', [labelled(ZRequestInput, { field: 'raisedByUnitId', reason: 'choose your unit', reasonSv: 'välj din enhet' })]);
    }
    return;
  }
  const unit = await findUnit(tx, input.raisedByUnitId, actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId);
  const managed = isIt ? undefined : await managedUnits(tx, actor);
  if (!unit || (managed && !managed.has(unit.id))) {
    throw new AppError('validation', [
      labelled(ZRequestInput, { field: 'raisedByUnitId', reason: 'choose a unit you manage', reasonSv: 'välj en enhet som du är chef för' }),
    ]);
  }
  if (input.municipalityId !== null && unit.municipalityId !== input.municipalityId) {
    throw new AppError('validation', [
      labelled(ZRequestInput, {
        field: 'raisedByUnitId',
        reason: 'the unit belongs to the other municipality',
        reasonSv: 'enheten hör till den andra kommunen',
      }),
    ]);
  }
}

function checkProblems(r: Parameters<typeof requestProblems>[0]): void {
  const problems = requestProblems(r, stockholmToday());
  if (problems.length) {
    throw new AppError(
      'validation',
      problems.map((p) => labelled(ZRequestInput, p)),
    );
  }
}

/** POST /development-requests: a new request from IT or a unit, registered. */
export async function createRequest(db: Db, actor: Actor, input: RequestInput): Promise<DevelopmentRequest> {
  assertPolicy(actor, raisesDevelopmentRequests);
  checkProblems(input);
  const id = await db.transaction(async (tx) => {
    await checkRaiser(tx, actor, input);
    const year = Number(stockholmToday().slice(0, 4));
    const sequence = await store.nextSequence(tx, year);
    const at = now();
    const row = await store.insertRequest(tx, {
      ...input,
      number: requestNumber(year, sequence),
      year,
      sequence,
      raisedByUserId: actor.id,
      createdAt: at,
      updatedAt: at,
    });
    if (!row) throw new AppError('internal');
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: row.municipalityId,
      entity: 'development_request',
      entityId: row.id,
      action: 'create',
      after: { number: row.number, title: row.title, size: row.size, kind: row.kind },
    });
    return row.id;
  });
  return getRequest(db, actor, id);
}

/** PATCH /development-requests/{id}: changed only while registered, by whoever raised it or the strategy side. */
export async function updateRequest(db: Db, actor: Actor, id: string, patch: RequestPatch): Promise<DevelopmentRequest> {
  await db.transaction(async (tx) => {
    const row = await visible(tx, actor, id, true);
    assertVersion(row, patch.version, summary);
    const current = await present(tx, actor, row);
    if (!current.actions.edit.allowed) {
      throw new AppError('refused', [{ field: 'state', reason: current.actions.edit.reason ?? '', reasonSv: current.actions.edit.reasonSv ?? '' }]);
    }
    const { version, ...fields } = patch;
    const next = { ...row, ...fields };
    checkProblems(next);
    if (fields.raisedByUnitId !== undefined || fields.municipalityId !== undefined) await checkRaiser(tx, actor, next);
    await updateVersioned(tx, developmentRequests, { id, expectedVersion: version, values: fields, present: summary as (r: unknown) => unknown });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: row.municipalityId,
      entity: 'development_request',
      entityId: id,
      action: 'update',
      before: Object.fromEntries(Object.keys(fields).map((k) => [k, row[k as keyof typeof row]])),
      after: fields,
    });
  });
  return getRequest(db, actor, id);
}

/** Renumbers the backlog 1…n in `order`, the others of the backlog after it in their current order. */
async function renumber(tx: DbOrTx, order: readonly string[]): Promise<void> {
  const at = now();
  const current = await store.backlogIds(tx);
  const ids = [...order, ...current.map((c) => c.id).filter((id) => !order.includes(id))];
  for (const [i, id] of ids.entries()) {
    if (current.find((c) => c.id === id)?.priority !== i + 1) await store.setPriority(tx, id, i + 1, at);
  }
}

/**
 * POST /development-requests/{id}/steps: one step of the workflow, recorded with who
 * decided, when, and the minutes reference; audited.
 */
export async function recordStep(db: Db, actor: Actor, id: string, input: StepInput): Promise<DevelopmentRequest> {
  await db.transaction(async (tx) => {
    const row = await visible(tx, actor, id, true);
    assertVersion(row, input.version, summary);
    if (!recordsStep(input.action)(actor)) throw new AppError('forbidden');
    const steps = (await store.listSteps(tx, id)).map((x) => x.s);
    const boards = await concerned(tx, row);
    const t = transition(factsOf(row, steps, boards), input.action, { municipalityId: input.municipalityId, outcome: input.outcome, body: input.body });
    if (!t.ok) throw new AppError('refused', [labelled(ZStepInput, { field: 'action', reason: t.reason, reasonSv: t.reasonSv })]);
    const today = stockholmToday();
    const problems: { field: string; reason: string; reasonSv: string }[] = [];
    if (input.decidedOn > today) {
      problems.push({ field: 'decidedOn', reason: 'a decision cannot be dated in the future', reasonSv: 'ett beslut kan inte dateras framåt i tiden' });
    }
    const registered = stockholmToday(Temporal.Instant.fromEpochMilliseconds(row.createdAt.getTime()));
    const earliest = steps.reduce((d, s) => (s.decidedOn > d ? s.decidedOn : d), registered);
    if (input.decidedOn < earliest) {
      problems.push({
        field: 'decidedOn',
        reason: `not before the previous step (${earliest})`,
        reasonSv: `inte före föregående steg (${swedishDate(earliest)})`,
      });
    }
    if (MINUTES_REQUIRED.has(input.action) && !input.minutesRef?.trim()) {
      problems.push({ field: 'minutesRef', reason: 'name the minutes or decision', reasonSv: 'ange protokollet eller beslutet' });
    }
    if (input.action === 'reject' && !input.note.trim()) {
      problems.push({ field: 'note', reason: 'say why it is rejected', reasonSv: 'skriv varför ärendet avslås' });
    }
    if (input.action === 'evaluate' && !input.evaluation) problems.push({ field: 'evaluation', reason: 'required', reasonSv: 'obligatoriskt' });
    if (problems.length) {
      throw new AppError(
        'validation',
        problems.map((p) => labelled(ZStepInput, p)),
      );
    }

    const at = now();
    const values: Partial<typeof developmentRequests.$inferInsert> = { state: t.to };
    if (input.action === 'evaluate' && input.evaluation) values.evaluation = { ...input.evaluation, evaluatedOn: input.decidedOn };
    if (input.action === 'deliver') values.delivery = await deliver(tx, actor, row, boards, input.decidedOn);
    const leavesBacklog = !BACKLOG_STATES.has(t.to) || row.size !== 'large';
    if (leavesBacklog && row.priority !== null) values.priority = null;
    await updateVersioned(tx, developmentRequests, { id, expectedVersion: input.version, values, present: summary as (r: unknown) => unknown });
    await store.insertStep(tx, {
      requestId: id,
      action: input.action,
      fromState: row.state,
      toState: t.to,
      body: t.body,
      municipalityId: input.action === 'record_board_decision' ? (input.municipalityId ?? null) : null,
      outcome: input.action === 'record_board_decision' ? (input.outcome ?? null) : null,
      decidedOn: input.decidedOn,
      minutesRef: input.minutesRef?.trim() || null,
      note: input.note,
      recordedByUserId: actor.id,
      recordedAt: at,
    });
    if (input.action === 'prioritise' && row.size === 'large') {
      const order = (await store.backlogIds(tx)).map((b) => b.id).filter((x) => x !== id);
      const at1 = Math.min(order.length, Math.max(0, (input.priority ?? order.length + 1) - 1));
      await renumber(tx, [...order.slice(0, at1), id, ...order.slice(at1)]);
    } else if (leavesBacklog && row.priority !== null) {
      await renumber(tx, []);
    }
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: row.municipalityId,
      entity: 'development_request',
      entityId: id,
      action: input.action,
      before: { state: row.state },
      after: {
        number: row.number,
        state: t.to,
        decidedOn: input.decidedOn,
        minutesRef: input.minutesRef,
        body: t.body,
        municipalityId: input.municipalityId,
        outcome: input.outcome,
      },
    });
  });
  return getRequest(db, actor, id);
}

/**
 * a delivery that creates or changes a service opens a draft application agreement in each
 * concerned municipality (an application already registered under the name is to be revised), and a new
 * service waits for the pricing group in next year's price list. What was opened is kept on the request,
 * with a to-do for what people do next.
 */
async function deliver(
  tx: DbOrTx,
  actor: Actor,
  row: store.RequestWithNames,
  municipalities: readonly { id: string; name: string }[],
  deliveredOn: string,
): Promise<DeliveryOutcome> {
  const effects = deliveryEffects(row, deliveredOn);
  const service = row.serviceName ?? row.title;
  const outcome: DeliveryOutcome = { applicationIds: [], pricingProposalId: null, priceListYear: effects.priceListYear, todo: [] };
  if (effects.draftAgreement) {
    for (const m of municipalities) {
      const draft = await openDraftAgreement(tx, actor, { municipalityId: m.id, name: service, description: row.description, requestNumber: row.number });
      outcome.applicationIds.push(draft.applicationId);
      outcome.todo.push(
        draft.created
          ? `Fyll i utkastet till applikationsavtal för ${service} i ${m.name} och gör det aktivt.`
          : `Revidera applikationsavtalet för ${service} i ${m.name} efter ändringen.`,
      );
    }
  }
  if (effects.priceListYear !== null) {
    const proposal = await proposePriceArticle(tx, actor, {
      year: effects.priceListYear,
      name: service,
      description: row.benefit,
      source: `Utvecklingsärende ${row.number}`,
      sourceId: row.id,
    });
    outcome.pricingProposalId = proposal.id;
    outcome.todo.push(`Prissättningsgruppen sätter pris på ${service} i prislistan för ${effects.priceListYear}.`);
  }
  return outcome;
}

/** GET /development-requests/backlog: the steering group's prioritised large requests, by rank. */
export async function backlog(db: Db, actor: Actor): Promise<Backlog> {
  const viewer = await viewerOf(db, actor);
  const rows = await store.listRequests(db, { ...filterOf(actor, viewer, false), backlog: true });
  return {
    items: rows.map(summary),
    actions: {
      reorder: ordersBacklog(actor)
        ? allow
        : deny('IT management or the strategist records the steering group’s order.', 'It-ledningen eller it-strategen för in it-styrgruppens ordning.'),
    },
  };
}

/** The steering group orders the whole backlog of both municipalities, so only those who see all of it record it. */
function reorderPermission(actor: Actor): Permission {
  if (!ordersBacklog(actor)) {
    return deny('IT management or the strategist records the steering group’s order.', 'It-ledningen eller it-strategen för in it-styrgruppens ordning.');
  }
  if (actor.scope.kind !== 'all') {
    return deny(
      'The order covers both municipalities; someone working for both records it.',
      'Ordningen gäller båda kommunerna och förs in av någon som arbetar för båda.',
    );
  }
  return allow;
}

/** PUT /development-requests/backlog: the steering group's new order (every request of the backlog once). */
export async function reorderBacklog(db: Db, actor: Actor, input: BacklogOrder): Promise<Backlog> {
  if (!reorderPermission(actor).allowed) throw new AppError('forbidden');
  await db.transaction(async (tx) => {
    const current = await store.backlogIds(tx);
    const problems = backlogOrderProblems(
      current.map((c) => c.id),
      input.order,
    );
    if (problems.length) {
      throw new AppError(
        'refused',
        problems.map((p) => ({ field: 'order', label: 'Ordning', labelEn: 'Order', ...p })),
      );
    }
    await renumber(tx, input.order);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'development_backlog',
      entityId: 'backlog',
      action: 'reorder',
      before: { order: current.map((c) => c.id) },
      after: { order: input.order },
    });
  });
  return backlog(db, actor);
}

/**
 * R-8.4 (registered on the mission's publishing hook at boot): a mission for `year` is published
 * only when a development request changing that year's mission has every executive board's approval.
 */
export async function checkMissionDecisions(tx: DbOrTx, event: MissionPublishing): Promise<void> {
  const requests = await store.missionChangeRequests(tx, event.year);
  const approved = requests.find((r) => r.state === 'boards_approved' || r.state === 'in_progress' || r.state === 'delivered');
  if (approved) return;
  const municipalities = await listMunicipalities(tx, undefined);
  const open = requests.find((r) => r.state === 'awaiting_boards');
  if (open) {
    const decided = new Set((await store.boardDecisions(tx, [open.id])).map((d) => d.municipalityId));
    const missing = municipalities.filter((m) => !decided.has(m.id)).map((m) => m.name);
    throw new AppError('refused', [
      {
        field: 'status',
        reason: `the executive board of ${missing.join(' and ')} has not decided on ${open.number} yet`,
        reasonSv: `Kommunstyrelsens beslut saknas för ${missing.join(' och ')} i utvecklingsärende ${open.number}. För in beslutet på ärendet.`,
      },
    ]);
  }
  throw new AppError('refused', [
    {
      field: 'status',
      reason: `no development request changing the ${event.year} mission has the executive boards' approval`,
      reasonSv: `Kommunstyrelsernas beslut saknas: inget utvecklingsärende som ändrar ramuppdraget för ${event.year} är godkänt av båda kommunstyrelserna. Registrera ärendet och för in besluten.`,
    },
  ]);
}

/** Issue 20: a mission is published only with the boards' decisions (registered when the app boots). */
export function registerGovernanceReactions(): void {
  missionPublishing.on('governance', checkMissionDecisions);
}
