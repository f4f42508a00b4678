import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { articleProblems, BILLING_MODELS, priceEntryProblems, technicalLifeProblems, type BillingModel, type PriceEntry } from './rules.ts';
import { EXAMPLE_LIST_TITLE_2023, EXAMPLE_MODELS_2023, EXAMPLE_PRICES_2023, SERVICES_2023 } from './seed.ts';

/** The mission document's coarser billing models and the catalogue models each may become. */
const MISSION_MODELS: Record<string, readonly BillingModel[]> = {
  monthly_rental: ['monthly_rental'],
  weekly_rental: ['weekly_rental'],
  hourly: ['hourly'],
  one_off: ['one_off'],
  purchase_plus_monthly_fee: ['purchase_plus_monthly_fee'],
  monthly_fee: ['monthly_fee'],
  periodic: ['yearly_fee', 'application_fee'],
  yearly: ['central_cost'],
  // on-call time is billed per hour; the minimum and rounding are applied to the ticket's time.
  time_spent: ['hourly'],
};

const entries: PriceEntry[] = EXAMPLE_PRICES_2023.map((p) => ({
  articleCode: p.articleCode,
  serviceCode: p.serviceCode,
  name: p.name,
  billingModel: p.billingModel,
  purchasePrice: p.price.purchasePrice ?? null,
  monthlyFee: p.price.monthlyFee ?? null,
  weeklyFee: p.price.weeklyFee ?? null,
  hourlyRate: p.price.hourlyRate ?? null,
  yearlyFee: p.price.yearlyFee ?? null,
  validFrom: '2023-01-01',
  validTo: '2023-12-31',
}));

describe('the seeded catalogue (R-4.1) agrees with the 2023 mission', () => {
  test('every service of the mission is in the catalogue with a matching billing model', () => {
    const byCode = new Map(SERVICES_2023.map((s) => [s.code, s]));
    for (const m of MISSION_2023.catalogue.services) {
      const s = byCode.get(m.code);
      assert.ok(s, `service ${m.code} missing`);
      assert.ok(MISSION_MODELS[m.billingModel]?.includes(s.billingModel), `${m.code}: mission ${m.billingModel}, catalogue ${s.billingModel}`);
      assert.equal(s.supportLevel, m.supportLevel, `${m.code}: support level`);
    }
    assert.equal(byCode.size, SERVICES_2023.length, 'codes are unique');
  });
  test('every billing model is used by some service', () => {
    for (const model of BILLING_MODELS) {
      assert.ok(
        SERVICES_2023.some((s) => s.billingModel === model),
        model,
      );
    }
  });
  test('the EXAMPLE prices are valid entries of known services, and marked as examples', () => {
    const codes = new Set(SERVICES_2023.map((s) => s.code));
    for (const e of entries) {
      assert.ok(codes.has(e.serviceCode), e.articleCode);
      assert.deepEqual(priceEntryProblems(e, 2023), [], e.articleCode);
    }
    assert.deepEqual(
      articleProblems(entries, (e) => ({ en: e.articleCode, sv: e.articleCode })),
      [],
    );
    assert.match(EXAMPLE_LIST_TITLE_2023, /EXEMPEL/);
  });
  test('every EXAMPLE model has an article and meets R-4.2 with the mission’s minimum', () => {
    for (const m of EXAMPLE_MODELS_2023) {
      const models = entries.filter((e) => e.articleCode === m.articleCode).map((e) => e.billingModel);
      assert.ok(models.length > 0, `${m.model}: article ${m.articleCode}`);
      assert.deepEqual(technicalLifeProblems(m, models, MISSION_2023.catalogue.minimumTechnicalLifeMonths), [], m.model);
    }
  });
});
