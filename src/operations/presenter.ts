import type { Problem } from '../org/rules.ts';
import type { AvailabilityPeriod, Figure, ItFunction, Message, OperationsPermission, OutageSummary, PublicMessage } from './contract.ts';
import {
  countsAgainstCap,
  HOUR,
  MINUTE,
  messageState,
  type AvailabilityFigure,
  type AvailabilityReport,
  type IncidentCount,
  type MessageFacts,
  type Period,
} from './rules.ts';
import type { FunctionRow, MessageRow, OutageLinks, OutageRow } from './store.ts';

export type Names = ReadonlyMap<string, string>;

export function permission(refusal: Problem | null): OperationsPermission {
  return refusal === null ? { allowed: true, reason: null, reasonSv: null } : { allowed: false, reason: refusal.reason, reasonSv: refusal.reasonSv };
}

const refs = (ids: readonly string[], names: Names) => ids.map((id) => ({ id, name: names.get(id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'sv'));

export function presentFunction(f: FunctionRow, municipalityNames: Names): ItFunction {
  return {
    id: f.id,
    name: f.name,
    description: f.description,
    fromMission: f.missionCode !== null,
    active: f.active,
    municipalities: refs(f.municipalityIds, municipalityNames),
    version: f.version,
  };
}

export function presentOutageSummary(
  o: OutageRow & Pick<OutageLinks, 'functionIds' | 'municipalityIds'>,
  names: { functions: Names; municipalities: Names },
  at: Date,
): OutageSummary {
  const end = o.endsAt ?? at;
  return {
    id: o.id,
    title: o.title,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt?.toISOString() ?? null,
    ongoing: o.endsAt === null,
    kind: o.kind,
    incident: o.incident,
    countsAgainstCap: countsAgainstCap(o),
    minutes: Math.max(0, Math.floor((end.getTime() - o.startsAt.getTime()) / MINUTE)),
    functions: refs(o.functionIds, names.functions),
    municipalities: refs(o.municipalityIds, names.municipalities),
  };
}

function figure(f: AvailabilityFigure): Figure {
  return {
    downtimeMinutes: f.downtime / MINUTE,
    windowMinutes: f.windowTime / MINUTE,
    measuredMinutes: f.measured / MINUTE,
    withoutWindows: f.withoutWindows,
    withWindows: f.withWindows,
    meetsTargetWithoutWindows: f.meetsTargetWithoutWindows,
    meetsTargetWithWindows: f.meetsTargetWithWindows,
  };
}

export function presentPeriod(period: Period, report: AvailabilityReport, incidents: IncidentCount): AvailabilityPeriod {
  return {
    key: period.key,
    code: period.code,
    from: period.from,
    to: period.to,
    periodHours: (period.end - period.start) / HOUR,
    measuredHours: (report.measured.end - report.measured.start) / HOUR,
    complete: report.complete,
    overall: figure(report.overall),
    perMunicipality: report.perMunicipality.map((m) => ({ municipalityId: m.municipalityId, ...figure(m) })),
    perFunction: report.perFunction.map((f) => ({ functionId: f.functionId, ...figure(f) })),
    pairs: report.pairs.map((p) => ({ functionId: p.functionId, municipalityId: p.municipalityId, ...figure(p) })),
    incidents,
  };
}

export function messageFacts(m: MessageRow): MessageFacts {
  return {
    kind: m.kind,
    start: m.startsAt.getTime(),
    expectedEnd: m.expectedEndAt?.getTime() ?? null,
    resolvedAt: m.resolvedAt?.getTime() ?? null,
    updatedAt: m.updatedAt.getTime(),
  };
}

/** The public shape: the published text only, never notes, tickets or who wrote it. */
export function presentPublicMessage(m: MessageRow, at: Date): PublicMessage {
  return {
    id: m.id,
    kind: m.kind,
    state: messageState(messageFacts(m), at.getTime()),
    title: m.title,
    body: m.body,
    startsAt: m.startsAt.toISOString(),
    expectedEndAt: m.expectedEndAt?.toISOString() ?? null,
    resolvedAt: m.resolvedAt?.toISOString() ?? null,
    resolutionText: m.resolutionText,
    publishedAt: m.publishedAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export function presentMessage(m: MessageRow, at: Date, municipalityNames: Names, permissions: Message['permissions']): Message {
  return {
    ...presentPublicMessage(m, at),
    municipalities: refs(m.municipalityIds, municipalityNames),
    outageId: m.outageId,
    withdrawn: m.withdrawnAt !== null,
    version: m.version,
    permissions,
  };
}
