import type { Problem } from '../org/rules.ts';
import type { AgreementCostAnswer, AgreementVersion, Application, ApplicationHead, CostModel, CostModelHead, Permission } from './contract.ts';
import { agreementCost, cloudGateProblems, NO_CLOUD_MOVE, reviewState, splitCost, splitProblems, type CostDriver, type CostSplit } from './rules.ts';
import type { Owner } from './schema.ts';
import type { ApplicationRow, CostModelRow, PayingUnitRow, VersionRow } from './store.ts';

/** Allowed, or refused with the reason the API would give. */
export function permission(refusal: Problem | null): Permission {
  return refusal === null ? { allowed: true, reason: null, reasonSv: null } : { allowed: false, reason: refusal.reason, reasonSv: refusal.reasonSv };
}

export function presentModelHead(m: CostModelRow & { driverCount?: number }): CostModelHead {
  return {
    id: m.id,
    year: m.year,
    copiedFromYear: m.copiedFromYear,
    locked: m.lockedAt !== null,
    lockedReason: m.lockedReason,
    driverCount: m.driverCount ?? 0,
    version: m.version,
  };
}

export function presentModel(m: CostModelRow, drivers: CostDriver[], actions: CostModel['actions']): CostModel {
  return { ...presentModelHead({ ...m, driverCount: drivers.length }), drivers, actions };
}

/** The split as stored, for the rules. */
export function splitOf(app: Pick<ApplicationRow, 'splitMode'>, units: readonly PayingUnitRow[]): CostSplit {
  return app.splitMode === 'share'
    ? { mode: 'share', units: units.map((u) => ({ unitId: u.unitId, shareBp: u.shareBp ?? 0 })) }
    : { mode: 'per_user', units: units.map((u) => ({ unitId: u.unitId, users: u.users ?? 0 })) };
}

/** An agreement's cost under a year's model (none: no model for the year, so no cost). */
export function presentCost(year: number, quantities: Record<string, number>, drivers: CostDriver[] | null): AgreementCostAnswer {
  return { year, modelFound: drivers !== null, ...agreementCost(quantities, drivers ?? []) };
}

export function presentHead(app: ApplicationRow, yearlyCostOre: number, today: string, dueSoonDays: number): ApplicationHead {
  return {
    id: app.id,
    municipalityId: app.municipalityId,
    name: app.name,
    kind: app.kind,
    status: app.status,
    startsOn: app.startsOn,
    terminatedOn: app.terminatedOn,
    nextReviewOn: app.nextReviewOn,
    reviewState: app.status === 'active' || app.status === 'cloud' ? reviewState(app.nextReviewOn, today, dueSoonDays) : 'none',
    yearlyCostOre,
    version: app.version,
  };
}

export function presentVersion(v: VersionRow & { createdByName: string | null }): AgreementVersion {
  return {
    number: v.number,
    description: v.description,
    itResponsibilities: v.itResponsibilities,
    businessResponsibilities: v.businessResponsibilities,
    quantities: v.quantities,
    sketch: v.sketch,
    changeNote: v.changeNote,
    createdAt: v.createdAt.toISOString(),
    createdByName: v.createdByName,
  };
}

export interface ApplicationView {
  app: ApplicationRow;
  units: PayingUnitRow[];
  versions: (VersionRow & { createdByName: string | null })[];
  year: number;
  drivers: CostDriver[] | null;
  names: Map<string, string>;
  today: string;
  dueSoonDays: number;
  actions: Application['actions'];
}

/** An application with its agreement as it stands, the year's cost and each paying unit's part of it. */
export function presentApplication(v: ApplicationView): Application {
  const latest = v.versions[0];
  const cost = presentCost(v.year, latest?.quantities ?? {}, v.drivers);
  const split = splitOf(v.app, v.units);
  const problems = splitProblems(split);
  const parts = problems.length === 0 ? splitCost(cost.totalOre, split) : v.units.map(() => ({ amountOre: 0 }));
  const owner = (o: Owner | null) =>
    o === null ? null : { personId: o.personId, personName: o.personId ? (v.names.get(o.personId) ?? null) : null, role: o.role };
  return {
    ...presentHead(v.app, cost.totalOre, v.today, v.dueSoonDays),
    systemOwner: v.app.systemOwnerPersonId ? owner({ personId: v.app.systemOwnerPersonId, role: '' }) : null,
    businessOwner: owner(v.app.businessOwner),
    technicalOwner: owner(v.app.technicalOwner),
    informationOwner: owner(v.app.informationOwner),
    split: {
      mode: v.app.splitMode,
      units: v.units.map((u, i) => ({ unitId: u.unitId, unitName: u.unitName, shareBp: u.shareBp, users: u.users, amountOre: parts[i]?.amountOre ?? 0 })),
      problems,
    },
    agreement: latest ? presentVersion(latest) : null,
    versions: v.versions.map((x) => ({ number: x.number, changeNote: x.changeNote, createdAt: x.createdAt.toISOString(), createdByName: x.createdByName })),
    cost,
    cloudMove: v.app.cloudMove,
    cloudGate: v.app.status === 'active' ? cloudGateProblems(v.app.cloudMove ?? NO_CLOUD_MOVE, v.app.kind) : [],
    movedToCloudOn: v.app.movedToCloudOn,
    actions: v.actions,
  };
}

/** The audit trail's shape of an application (the register's fields; versions are audited as they are added). */
export function presentApplicationRecord(a: ApplicationRow) {
  return {
    id: a.id,
    municipalityId: a.municipalityId,
    name: a.name,
    kind: a.kind,
    status: a.status,
    startsOn: a.startsOn,
    terminatedOn: a.terminatedOn,
    systemOwnerPersonId: a.systemOwnerPersonId,
    businessOwner: a.businessOwner,
    technicalOwner: a.technicalOwner,
    informationOwner: a.informationOwner,
    splitMode: a.splitMode,
    nextReviewOn: a.nextReviewOn,
    cloudMove: a.cloudMove,
    movedToCloudOn: a.movedToCloudOn,
    version: a.version,
  };
}
