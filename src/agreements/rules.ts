/**
 * Application agreements, the pure rules: an agreement's yearly operating cost
 * from the standard cost model (schablonmodell, R-7.3), how that cost is split between the units that
 * pay for the application, the status an application may move to, when its yearly review is due
 * and what moving it to cloud/SaaS needs first. No I/O: the service reads the records
 * and the mission in force and calls these.
 */
import { addDays, addMonths } from '../calendar/dates.ts';
import type { Problem } from '../org/rules.ts';

// ---- the register ---------------------------------------------------------------------------------

/** a full agreement, or only a cost description (smaller applications, integrations, cloud services). */
export const APPLICATION_KINDS = ['agreement', 'cost_description'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const APPLICATION_STATUSES = ['in_preparation', 'active', 'terminated', 'cloud'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * Where an application may go from each status: an agreement being prepared becomes active (or is
 * dropped); an active one is terminated or moved to cloud/SaaS (the gate, `cloudGateProblems`); one in
 * the cloud may still be terminated. A terminated application stays terminated.
 */
export const STATUS_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  in_preparation: ['active', 'terminated'],
  active: ['terminated', 'cloud'],
  cloud: ['terminated'],
  terminated: [],
};

export const STATUS_SV: Readonly<Record<ApplicationStatus, string>> = {
  in_preparation: 'under upprättande',
  active: 'aktiv',
  terminated: 'uppsagd',
  cloud: 'flyttad till molntjänst',
};

/** Whether an application may move from `from` to `to`, and why not in words the user reads. */
export function statusProblems(from: ApplicationStatus, to: ApplicationStatus): Problem[] {
  if (STATUS_TRANSITIONS[from].includes(to)) return [];
  return [
    {
      field: 'status',
      reason: `an application that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`,
      reasonSv: `en applikation som är ${STATUS_SV[from]} kan inte bli ${STATUS_SV[to]}`,
    },
  ];
}

// ---- the standard cost model (R-7.3) --------------------------------------------------------------

/** the eight headings an agreement's operating cost is broken into, in the mission's order. */
export const COST_HEADINGS = ['server', 'database', 'integrations', 'storage', 'communication', 'backup', 'support', 'support_tools'] as const;
export type CostHeading = (typeof COST_HEADINGS)[number];

/** The headings as the agreement and its PDF name them. */
export const COST_HEADING_SV: Readonly<Record<CostHeading, string>> = {
  server: 'Server',
  database: 'Databas',
  integrations: 'Integrationer',
  storage: 'Lagring',
  communication: 'Kommunikation',
  backup: 'Backup',
  support: 'Support (personal)',
  support_tools: 'Supportverktyg',
};

export const APPLICATION_KIND_SV: Readonly<Record<ApplicationKind, string>> = { agreement: 'Applikationsavtal', cost_description: 'Kostnadsbeskrivning' };

/** One cost driver of a year's model: a unit price per thing counted (per virtual server, per GB stored…). */
export interface CostDriver {
  /** Stable within the model and across its copies to later years: an agreement's quantities are keyed by it. */
  code: string;
  label: string;
  /** What one of it is ("virtuell server", "GB", "timme"). */
  unit: string;
  heading: CostHeading;
  /** Integer öre per unit and year. */
  unitPriceOre: number;
}

/** One line of an agreement's cost: quantity × unit price, in öre. */
export interface CostLine {
  driverCode: string;
  label: string;
  unit: string;
  heading: CostHeading;
  quantity: number;
  unitPriceOre: number;
  amountOre: number;
}

export interface AgreementCost {
  /** The lines with a quantity, in the model's order of drivers. */
  lines: CostLine[];
  /** Each of the eight headings' sum (0 where nothing is counted). */
  byHeading: Record<CostHeading, number>;
  /** The yearly cost: the sum of the lines, which is the sum of the headings. */
  totalOre: number;
  /** Quantities for drivers the model does not have (a driver removed from a later year's model). */
  unknownDrivers: string[];
}

/**
 * an agreement's yearly cost under a model: each driver's quantity × its unit price, integer
 * öre, summed per heading and in all. A driver the agreement does not count contributes nothing; a
 * quantity for a driver the model lacks is reported, never priced.
 */
export function agreementCost(quantities: Readonly<Record<string, number>>, drivers: readonly CostDriver[]): AgreementCost {
  const byHeading = Object.fromEntries(COST_HEADINGS.map((h) => [h, 0])) as Record<CostHeading, number>;
  const lines: CostLine[] = [];
  let totalOre = 0;
  const known = new Set<string>();
  for (const driver of drivers) {
    known.add(driver.code);
    const quantity = quantities[driver.code] ?? 0;
    if (quantity === 0) continue;
    const amountOre = quantity * driver.unitPriceOre;
    lines.push({
      driverCode: driver.code,
      label: driver.label,
      unit: driver.unit,
      heading: driver.heading,
      quantity,
      unitPriceOre: driver.unitPriceOre,
      amountOre,
    });
    byHeading[driver.heading] += amountOre;
    totalOre += amountOre;
  }
  const unknownDrivers = Object.keys(quantities)
    .filter((code) => !known.has(code) && (quantities[code] ?? 0) !== 0)
    .sort();
  return { lines, byHeading, totalOre, unknownDrivers };
}

/** A model's drivers checked: codes unique and well formed, prices whole öre, none negative. */
export function modelProblems(drivers: readonly CostDriver[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  drivers.forEach((d, i) => {
    const field = `drivers.${i}`;
    if (!/^[a-z][a-z0-9-]*$/.test(d.code)) {
      problems.push({
        field: `${field}.code`,
        reason: 'use lower-case letters, digits and hyphens, starting with a letter',
        reasonSv: 'använd små bokstäver, siffror och bindestreck, med en bokstav först',
      });
    } else if (seen.has(d.code)) {
      problems.push({ field: `${field}.code`, reason: `the code ${d.code} is used twice`, reasonSv: `koden ${d.code} används två gånger` });
    }
    seen.add(d.code);
    if (d.label.trim() === '') problems.push({ field: `${field}.label`, reason: 'enter a name', reasonSv: 'fyll i ett namn' });
    if (d.unit.trim() === '') problems.push({ field: `${field}.unit`, reason: 'enter what is counted', reasonSv: 'fyll i vad som räknas' });
    if (!Number.isSafeInteger(d.unitPriceOre) || d.unitPriceOre < 0) {
      problems.push({
        field: `${field}.unitPriceOre`,
        reason: 'enter a price of zero or more, in whole öre',
        reasonSv: 'ange ett pris på noll eller mer, i hela ören',
      });
    }
  });
  return problems;
}

/** An agreement's quantities checked: whole numbers of zero or more, for drivers the model has. */
export function quantityProblems(quantities: Readonly<Record<string, number>>, drivers: readonly CostDriver[]): Problem[] {
  const codes = new Set(drivers.map((d) => d.code));
  const problems: Problem[] = [];
  for (const [code, quantity] of Object.entries(quantities)) {
    const label = drivers.find((d) => d.code === code)?.label ?? code;
    if (!codes.has(code)) {
      problems.push({
        field: `quantities.${code}`,
        reason: `the cost model has no driver ${code}`,
        reasonSv: `kostnadsmodellen saknar kostnadsdrivaren ${code}`,
      });
    } else if (!Number.isSafeInteger(quantity) || quantity < 0) {
      problems.push({
        field: `quantities.${code}`,
        reason: `${label}: enter a whole number of zero or more`,
        reasonSv: `${label}: ange ett heltal, noll eller mer`,
      });
    }
  }
  return problems;
}

// ---- who pays: the cost split between units ---------------------------------------------------------

/** A hundredth of a per cent: shares are whole basis points, 10 000 in all (100 %). */
export const WHOLE_SHARE = 10_000;

/** How an application's cost is split: by shares adding up to exactly 100 %, or by the units' users. */
export type CostSplit =
  { mode: 'share'; units: readonly { unitId: string; shareBp: number }[] } | { mode: 'per_user'; units: readonly { unitId: string; users: number }[] };

/** The weight each unit carries in the split (its share, or its users). */
function weightsOf(split: CostSplit): { unitId: string; weight: number }[] {
  return split.mode === 'share'
    ? split.units.map((u) => ({ unitId: u.unitId, weight: u.shareBp }))
    : split.units.map((u) => ({ unitId: u.unitId, weight: u.users }));
}

/** The sum of a split's shares, in basis points (meaningful for `share`). */
export function shareSum(split: CostSplit): number {
  return split.mode === 'share' ? split.units.reduce((sum, u) => sum + u.shareBp, 0) : WHOLE_SHARE;
}

/**
 * A split checked: at least one paying unit, each unit once, each share or user count a whole number
 * above zero, and shares adding up to exactly 100 %.
 */
export function splitProblems(split: CostSplit): Problem[] {
  const problems: Problem[] = [];
  if (split.units.length === 0) return [{ field: 'units', reason: 'choose at least one unit that pays', reasonSv: 'välj minst en enhet som betalar' }];
  const seen = new Set<string>();
  weightsOf(split).forEach(({ unitId, weight }, i) => {
    if (seen.has(unitId)) problems.push({ field: `units.${i}.unitId`, reason: 'the unit is listed twice', reasonSv: 'enheten finns med två gånger' });
    seen.add(unitId);
    if (!Number.isSafeInteger(weight) || weight <= 0) {
      problems.push(
        split.mode === 'share'
          ? { field: `units.${i}.shareBp`, reason: 'enter a share above 0 %', reasonSv: 'ange en andel över 0 %' }
          : { field: `units.${i}.users`, reason: 'enter a number of users above zero', reasonSv: 'ange ett antal användare över noll' },
      );
    }
  });
  const sum = shareSum(split);
  if (split.mode === 'share' && problems.length === 0 && sum !== WHOLE_SHARE) {
    const percent = (bp: number) => (bp / 100).toLocaleString('sv-SE', { maximumFractionDigits: 2 });
    problems.push({
      field: 'units',
      reason: `the shares add up to ${(sum / 100).toFixed(2)} %, not 100 %`,
      reasonSv: `andelarna blir ${percent(sum)} % tillsammans, inte 100 %`,
    });
  }
  return problems;
}

/**
 * A yearly cost split between the paying units by their weights, by largest remainder: each unit gets
 * its exact part rounded down, and the öre left over go one each to the units with the largest
 * remainders (ties to the unit listed first). The parts sum to the cost exactly, and no part is more
 * than one öre from its exact share (rules.test.ts, properties). Exact in integers (BigInt), however
 * large the cost or the number of users.
 */
export function splitCost(totalOre: number, split: CostSplit): { unitId: string; amountOre: number }[] {
  if (!Number.isSafeInteger(totalOre) || totalOre < 0) throw new RangeError('splitCost needs a whole, non-negative number of öre');
  const weights = weightsOf(split);
  const sum = weights.reduce((s, w) => s + BigInt(w.weight), 0n);
  if (sum <= 0n) return weights.map((w) => ({ unitId: w.unitId, amountOre: 0 }));
  const total = BigInt(totalOre);
  const parts = weights.map((w, index) => {
    const exact = total * BigInt(w.weight);
    return { unitId: w.unitId, index, amount: exact / sum, remainder: exact % sum };
  });
  let left = total - parts.reduce((s, p) => s + p.amount, 0n);
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const part of byRemainder) {
    if (left === 0n) break;
    part.amount += 1n;
    left -= 1n;
  }
  return parts.map((p) => ({ unitId: p.unitId, amountOre: Number(p.amount) }));
}

// ---- a changed model compared (R-7.3) -----------------------------------------------------------------

/** An application as the comparison needs it: its quantities and who pays. */
export interface CostedApplication {
  id: string;
  quantities: Readonly<Record<string, number>>;
  split: CostSplit;
}

export interface CostChange {
  oldOre: number;
  newOre: number;
  differenceOre: number;
}

/**
 * What a change of model does to each application's yearly cost and to each paying unit's share of it
 * (the year's model against another, usually the year before): old cost, new cost, difference. A unit
 * paying for several applications gets the sum of its shares.
 */
export function compareModels(
  applications: readonly CostedApplication[],
  oldDrivers: readonly CostDriver[],
  newDrivers: readonly CostDriver[],
): { applications: Map<string, CostChange>; units: Map<string, CostChange> } {
  const oldPrices = priceIndex(oldDrivers);
  const newPrices = priceIndex(newDrivers);
  const byApplication = new Map<string, CostChange>();
  const byUnit = new Map<string, CostChange>();
  for (const app of applications) {
    const oldOre = totalAt(app.quantities, oldPrices);
    const newOre = totalAt(app.quantities, newPrices);
    byApplication.set(app.id, { oldOre, newOre, differenceOre: newOre - oldOre });
    const oldParts = splitCost(oldOre, app.split);
    const newParts = splitCost(newOre, app.split);
    oldParts.forEach((part, i) => {
      const unit = byUnit.get(part.unitId) ?? { oldOre: 0, newOre: 0, differenceOre: 0 };
      unit.oldOre += part.amountOre;
      unit.newOre += newParts[i]?.amountOre ?? 0;
      unit.differenceOre = unit.newOre - unit.oldOre;
      byUnit.set(part.unitId, unit);
    });
  }
  return { applications: byApplication, units: byUnit };
}

function priceIndex(drivers: readonly CostDriver[]): Map<string, number> {
  return new Map(drivers.map((d) => [d.code, d.unitPriceOre]));
}

/** The same total as `agreementCost(...).totalOre`, without building the lines. */
function totalAt(quantities: Readonly<Record<string, number>>, prices: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const code in quantities) total += (quantities[code] ?? 0) * (prices.get(code) ?? 0);
  return total;
}

// ---- the yearly review (R-7.4) ----------------------------------------------------------------------------

/** the next review after one held (or after the agreement became active): the mission's interval later. */
export function nextReviewAfter(heldOn: string, intervalMonths: number): string {
  return addMonths(heldOn, intervalMonths);
}

export type ReviewState = 'overdue' | 'due' | 'later' | 'none';

/**
 * Where an agreement's review stands on `today`: overdue once its date has passed, due within the
 * mission's warning days before it, later otherwise; none for an application not reviewed (not active).
 */
export function reviewState(nextReviewOn: string | null, today: string, dueSoonDays: number): ReviewState {
  if (nextReviewOn === null) return 'none';
  if (nextReviewOn < today) return 'overdue';
  return nextReviewOn <= addDays(today, dueSoonDays) ? 'due' : 'later';
}

// ---- the cloud/SaaS gate (R-7.5) --------------------------------------------------------------------------

/** KLASSA's four aspects (DOMAIN-NOTES): each classified with a level number and its label. */
export const KLASSA_ASPECTS = ['confidentiality', 'integrity', 'availability', 'traceability'] as const;
export type KlassaAspect = (typeof KLASSA_ASPECTS)[number];

const KLASSA_SV: Record<KlassaAspect, string> = {
  confidentiality: 'konfidentialitet',
  integrity: 'riktighet',
  availability: 'tillgänglighet',
  traceability: 'spårbarhet',
};

/** What a move to cloud/SaaS has recorded so far; null is a step not yet done. */
export interface CloudMove {
  classification: {
    levels: Partial<Record<KlassaAspect, { level: number; label: string }>>;
    klassaVersion: string;
    classifiedOn: string;
    participants: string[];
  } | null;
  securityAnalysis: { on: string; result: string; residualRisks: string } | null;
  legalReview: { on: string; outcome: string } | null;
  businessReview: { on: string; outcome: string } | null;
  costAnalysis: { on: string; summary: string; internalCostsRemain: boolean } | null;
}

/** A move to cloud/SaaS with nothing recorded yet. */
export const NO_CLOUD_MOVE: CloudMove = { classification: null, securityAnalysis: null, legalReview: null, businessReview: null, costAnalysis: null };

/**
 * what is missing before a move to cloud/SaaS can be marked done. An information
 * classification with KLASSA (all four aspects, the KLASSA version, the date and who took part), a
 * security analysis, the legal and the business review, and an economic cost analysis; if internal
 * costs remain, the application needs a full agreement (kind `agreement`, not only a cost description).
 * Empty when the move may be completed.
 */
export function cloudGateProblems(move: CloudMove, kind: ApplicationKind): Problem[] {
  const problems: Problem[] = [];
  const c = move.classification;
  if (c === null) {
    problems.push({ field: 'classification', reason: 'classify the information with KLASSA', reasonSv: 'informationsklassa med KLASSA' });
  } else {
    const missing = KLASSA_ASPECTS.filter((a) => c.levels[a] === undefined);
    if (missing.length > 0) {
      problems.push({
        field: 'classification.levels',
        reason: `give a KLASSA level for ${missing.join(', ')}`,
        reasonSv: `ange KLASSA-nivå för ${missing.map((a) => KLASSA_SV[a]).join(', ')}`,
      });
    }
    if (c.klassaVersion.trim() === '') {
      problems.push({ field: 'classification.klassaVersion', reason: 'give the KLASSA version used', reasonSv: 'ange vilken version av KLASSA som användes' });
    }
    if (c.participants.length === 0) {
      problems.push({
        field: 'classification.participants',
        reason: 'name who took part in the classification',
        reasonSv: 'ange vilka som deltog i klassningen',
      });
    }
  }
  if (move.securityAnalysis === null) {
    problems.push({ field: 'securityAnalysis', reason: 'record the security analysis', reasonSv: 'registrera säkerhetsanalysen' });
  }
  if (move.legalReview === null) problems.push({ field: 'legalReview', reason: 'record the legal review', reasonSv: 'registrera den juridiska granskningen' });
  if (move.businessReview === null) {
    problems.push({ field: 'businessReview', reason: 'record the business review', reasonSv: 'registrera verksamhetens granskning' });
  }
  if (move.costAnalysis === null) {
    problems.push({ field: 'costAnalysis', reason: 'record the economic cost analysis', reasonSv: 'registrera den ekonomiska kostnadsanalysen' });
  } else if (move.costAnalysis.internalCostsRemain && kind !== 'agreement') {
    problems.push({
      field: 'kind',
      reason: 'internal costs remain, so the application needs a full agreement, not only a cost description',
      reasonSv: 'interna kostnader finns kvar, så applikationen behöver ett fullständigt avtal, inte bara en kostnadsbeskrivning',
    });
  }
  return problems;
}
