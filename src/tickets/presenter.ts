import type { MissionDocument } from '../mission/rules.ts';
import type { Breach, QueueRow, Ticket, TicketBreach, TicketSummary } from './contract.ts';
import { allowedStatusChanges, type ListSla, type SlaReading, type WorkingTimeLeft } from './rules.ts';
import type { slaBreaches, ticketEvents, ticketMessages, tickets, ticketTimeEntries } from './schema.ts';
import type { TicketBreachRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A ticket row as lists show it (agents and requesters alike: no internal fields here). */
export function presentTicketSummary(t: Omit<typeof tickets.$inferSelect, 'search' | 'description'>): TicketSummary {
  return {
    id: t.id,
    number: t.number,
    municipalityId: t.municipalityId,
    deskId: t.deskId,
    unitId: t.unitId,
    requesterName: t.requesterName,
    channel: t.channel,
    categoryId: t.categoryId,
    intefunktion: t.intefunktion,
    priority: t.priority,
    status: t.status,
    subject: t.subject,
    teamId: t.teamId,
    line: t.line,
    assigneeUserId: t.assigneeUserId,
    onCall: t.onCall,
    receivedAt: t.receivedAt.toISOString(),
    solvedAt: iso(t.solvedAt),
    slaDueAt: iso(t.slaDueAt),
    version: t.version,
  };
}

/**
 * A queue row: the summary, its SLA state with the opening time left, and the assigned technician's
 * name (a requester sees it while the ticket is open, R-3.3).
 */
export function presentQueueRow(r: {
  ticket: Omit<typeof tickets.$inferSelect, 'search' | 'description'>;
  sla: ListSla;
  left: WorkingTimeLeft | null;
  assigneeName: string | null;
  agent: boolean;
}): QueueRow {
  const open = r.ticket.status !== 'solved' && r.ticket.status !== 'closed';
  return {
    ...presentTicketSummary(r.ticket),
    sla: {
      state: r.sla.state,
      dueAt: r.sla.dueAt === null ? null : new Date(r.sla.dueAt).toISOString(),
      remainingMinutes: r.sla.remainingMinutes,
      left: r.left,
    },
    assigneeName: r.agent || open ? r.assigneeName : null,
  };
}

/**
 * The SLA as the UI shows it: the deadline (an instant; the UI prints it in Europe/Stockholm) and the
 * time left as whole working days and opening hours (`left`, issue 16), so the UI derives no rule.
 */
export function presentSla(s: SlaReading, left: WorkingTimeLeft | null = null) {
  return {
    state: s.state,
    dueAt: s.dueAt === null ? null : new Date(s.dueAt).toISOString(),
    usedShare: s.usedShare,
    remainingMinutes: s.remainingMillis === null ? null : Math.trunc(s.remainingMillis / 60_000),
    left,
  };
}

/** The assigned technician and how to reach them. */
type Assignee = { id: string; displayName: string; email: string | null; phone: string | null } | null;

/**
 * One ticket. Requesters see the public conversation and, while the ticket is open, who the assigned
 * technician is and how to reach them; agents also see notes, history and time.
 */
export function presentTicket(d: {
  ticket: typeof tickets.$inferSelect;
  agent: boolean;
  messages: (typeof ticketMessages.$inferSelect)[];
  attachments: { id: string; filename: string; contentType: string; size: number; internal: boolean; createdAt: Date }[];
  history: (typeof ticketEvents.$inferSelect)[];
  timeEntries: (typeof ticketTimeEntries.$inferSelect)[];
  sla: SlaReading;
  slaLeft: WorkingTimeLeft | null;
  assignee: Assignee;
  /** The ticket's unit (its cost bearer, R-3.6 on-call time is billed to it). */
  unit: { id: string; code: string; name: string } | null;
  /** how on-call minutes become billable, from the mission in force when the ticket arrived. */
  onCallRule: MissionDocument['support']['onCall'];
  /** the deadlines it missed with their reasons (agents of the ticket only). */
  breaches: readonly TicketBreachRow[];
  /** The reader may record why a deadline was missed (policy.explainsSlaBreaches, on a ticket they work). */
  explainBreaches: boolean;
}): Omit<Ticket, 'triage'> {
  const t = d.ticket;
  const open = t.status !== 'solved' && t.status !== 'closed';
  return {
    ...presentTicketSummary(t),
    /** What the signed-in user may do with this ticket (issue 17): the statuses they may move it to. */
    actions: { statusChanges: [...allowedStatusChanges(t.status, d.agent ? 'agent' : 'requester')], explainBreaches: d.explainBreaches },
    description: t.description,
    device: t.device,
    deviceSupportLevel: t.deviceSupportLevel,
    requester: {
      userId: t.requesterUserId,
      personId: t.requesterPersonId,
      name: t.requesterName,
      email: d.agent ? t.requesterEmail : null,
      phone: d.agent ? t.requesterPhone : null,
    },
    affectsOperations: t.affectsOperations,
    firstResponseAt: iso(t.firstResponseAt),
    closedAt: iso(t.closedAt),
    solvedLine: t.solvedLine,
    solvedTeamId: t.solvedTeamId,
    handedBackReason: t.handedBackReason,
    assignee: d.assignee && (open || d.agent) ? { id: d.assignee.id, name: d.assignee.displayName, email: d.assignee.email, phone: d.assignee.phone } : null,
    unit: d.unit ? { id: d.unit.id, code: d.unit.code, name: d.unit.name } : null,
    sla: presentSla(d.sla, d.slaLeft),
    messages: d.messages.map((m) => ({
      id: m.id,
      authorName: m.authorName,
      authorUserId: m.authorUserId,
      visibility: m.visibility,
      body: m.body,
      createdAt: m.createdAt.toISOString(),
    })),
    attachments: d.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      internal: a.internal,
      createdAt: a.createdAt.toISOString(),
    })),
    history: d.history.map((h) => ({
      at: h.at.toISOString(),
      kind: h.kind,
      status: h.status,
      teamId: h.teamId,
      line: h.line,
      assigneeUserId: h.assigneeUserId,
      actorUserId: h.actorUserId,
      reason: h.reason,
    })),
    timeEntries: d.timeEntries.map((e) => ({
      id: e.id,
      userId: e.userId,
      startedAt: e.startedAt.toISOString(),
      minutes: e.minutes,
      onCall: e.onCall,
      billableMinutes: e.billableMinutes,
      note: e.note,
    })),
    canAct: d.agent,
    breaches: d.breaches.map(presentTicketBreach),
    onCallRule: {
      rounding: d.onCallRule.rounding,
      roundingIncrementMinutes: d.onCallRule.roundingIncrementMinutes,
      minimumBilledMinutes: d.onCallRule.minimumBilledMinutes,
    },
  };
}

/** A missed deadline on its ticket's page, with the reason the desk recorded. */
export function presentTicketBreach(b: TicketBreachRow): TicketBreach {
  return {
    id: b.id,
    dueAt: b.dueAt.toISOString(),
    recordedAt: b.recordedAt.toISOString(),
    intefunktion: b.intefunktion,
    reason: b.reason,
    reasonAt: iso(b.reasonAt),
    reasonByName: b.reasonByName,
  };
}

/** A recorded breach in the follow-up list (GET /sla-breaches) and as PATCH /sla-breaches/{id} answers it. */
export function presentBreach(r: {
  breach: typeof slaBreaches.$inferSelect;
  ticket: Pick<typeof tickets.$inferSelect, 'id' | 'number' | 'subject' | 'municipalityId' | 'status' | 'teamId' | 'line' | 'solvedAt'>;
  reasonByName: string | null;
}): Breach {
  const { breach: b, ticket: t } = r;
  return {
    id: b.id,
    ticketId: t.id,
    number: t.number,
    subject: t.subject,
    municipalityId: t.municipalityId,
    status: t.status,
    teamId: t.teamId,
    line: t.line,
    intefunktion: b.intefunktion,
    dueAt: b.dueAt.toISOString(),
    recordedAt: b.recordedAt.toISOString(),
    solvedAt: iso(t.solvedAt),
    reason: b.reason,
    reasonAt: iso(b.reasonAt),
    reasonByName: b.reason === null ? null : r.reasonByName,
  };
}
