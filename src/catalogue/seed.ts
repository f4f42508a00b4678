import { findMunicipality } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/client.ts';
import type { BillingModel, ModelCategory, PriceComponent, SupportLevel } from './rules.ts';
import * as store from './store.ts';

/**
 * the services of the 2023 mission, each with its billing model, what is included and
 * its support level. Codes are the mission document's (`catalogue.services`), which adds the numbers
 * (renewal after 48 months, one-week minimum).
 */
export const SERVICES_2023: { code: string; name: string; billingModel: BillingModel; supportLevel?: SupportLevel; description: string; included: string[] }[] =
  [
    {
      code: 'datorarbetsplats',
      name: 'Datorarbetsplats (administrativ dator)',
      billingModel: 'monthly_rental',
      supportLevel: 'managed',
      description: 'Hyrd dator med full support. Förnyas automatiskt med ny hårdvara efter 48 månader.',
      included: [
        'Dator, dockningsstation, skärm, tangentbord och mus',
        'Full support: IT äger hela supportkedjan (supportnivå 1)',
        'Automatisk förnyelse efter 48 månader',
      ],
    },
    {
      code: 'lardator',
      name: 'Hanterad datorarbetsplats utan support (lärardator)',
      billingModel: 'monthly_rental',
      supportLevel: 'managed_without_support',
      description: 'Hyrd dator; hårdvaran förnyas enligt överenskommelse.',
      included: [
        'Trådlöst nätverk, nätverk, intranät och internet',
        'Konto och e-post, G- och P-mapp',
        'Paketering av programvara över fem installationer',
        'Utskrift',
      ],
    },
    {
      code: 'elevdator',
      name: 'Elevdator (1:1)',
      billingModel: 'monthly_rental',
      supportLevel: 'one_to_one',
      description: 'Hyrd personlig elevdator.',
      included: ['Trådlöst nätverk, nätverk och internet', 'Konto och e-post'],
    },
    {
      code: 'korttidshyra',
      name: 'Korttidshyra bärbar dator',
      billingModel: 'weekly_rental',
      description: 'Lånedator ur kommunens pool hos IT, minst en vecka.',
      included: ['Bärbar dator under lånetiden'],
    },
    { code: 'flytt', name: 'Fysisk flytt av datorutrustning', billingModel: 'hourly', description: 'Flytt av utrustning, per timme.', included: [] },
    {
      code: 'mobiltelefon',
      name: 'Mobiltelefon',
      billingModel: 'purchase_plus_monthly_fee',
      description: 'Inköpspris vid leverans och månatlig tjänsteavgift.',
      included: ['MDM (hantering av mobila enheter)'],
    },
    {
      code: 'surfplatta',
      name: 'Surfplatta',
      billingModel: 'monthly_rental',
      description: 'Hyrd surfplatta.',
      included: ['MDM (hantering av mobila enheter)'],
    },
    {
      code: 'surfplatta-support',
      name: 'Extra support för appar och hantering',
      billingModel: 'hourly',
      description: 'Support utöver det som ingår i surfplattan, per timme.',
      included: [],
    },
    {
      code: 'skrivare',
      name: 'Skrivare',
      billingModel: 'monthly_rental',
      description: 'Hyrd skrivare; "follow me print" rekommenderas.',
      included: ['Skrivaren och dess anslutning'],
    },
    {
      code: 'smart-skarm',
      name: 'Smarta skärmar',
      billingModel: 'monthly_fee',
      description: 'Kundägda skärmar: månatlig tjänsteavgift per skärm i nätverket.',
      included: ['Anslutning och förvaltning i nätverket'],
    },
    {
      code: 'accesspunkt',
      name: 'Accesspunkt (trådlöst nätverk)',
      billingModel: 'monthly_rental',
      description: 'Hyrd accesspunkt, faktureras beställande/nyttjande enhet. Installationen betalas av beställaren.',
      included: ['Accesspunkten och dess drift'],
    },
    { code: 'tillbehor', name: 'Tillbehör', billingModel: 'one_off', description: 'Väskor, fodral, headset, USB-minnen med mera: engångsköp.', included: [] },
    {
      code: 'overvakningskamera',
      name: 'Övervakningskameror',
      billingModel: 'monthly_fee',
      description: 'Enligt prislistan; inspelningar lagras av IT.',
      included: ['Lagring av inspelningar hos IT'],
    },
    {
      code: 'it-beredskap',
      name: 'It-beredskap',
      billingModel: 'hourly',
      description: 'Ärenden utanför öppettid som inte kan vänta: nedlagd tid, minst 30 minuter (R-3.6).',
      included: [],
    },
    {
      code: 'fast-telefoni',
      name: 'Fast telefoni',
      billingModel: 'yearly_fee',
      description: 'Periodisk avgift (R-6.2).',
      included: ['Anknytning och hänvisningssystem'],
    },
    { code: 'it-stod', name: 'It-stöd', billingModel: 'yearly_fee', description: 'Periodisk avgift (R-6.2).', included: ['Support enligt ramuppdraget'] },
    {
      code: 'applikationer',
      name: 'Applikationer',
      billingModel: 'application_fee',
      description: 'Enligt applikationsavtal (R-7).',
      included: ['Teknisk systemförvaltning enligt avtalet'],
    },
    { code: 'central-kostnad', name: 'Central kostnad', billingModel: 'central_cost', description: 'Faktureras en gång per år (R-6.2).', included: [] },
  ];

type Price = Partial<Record<PriceComponent, number>>;
/**
 * EXAMPLE prices for 2023 in öre. Bilaga 2 (the real price list) is not public: these figures are
 * made up for the demo and tests, and the list is marked `example` so nobody takes them for real.
 */
export const EXAMPLE_PRICES_2023: { articleCode: string; serviceCode: string; name: string; billingModel: BillingModel; price: Price }[] = [
  {
    articleCode: 'DATOR-ADM',
    serviceCode: 'datorarbetsplats',
    name: 'Datorarbetsplats standard',
    billingModel: 'monthly_rental',
    price: { monthlyFee: 45_000 },
  },
  {
    articleCode: 'DATOR-ADM-PLUS',
    serviceCode: 'datorarbetsplats',
    name: 'Datorarbetsplats prestanda',
    billingModel: 'monthly_rental',
    price: { monthlyFee: 55_000 },
  },
  { articleCode: 'SKARM-24', serviceCode: 'datorarbetsplats', name: 'Extra skärm 24 tum', billingModel: 'monthly_rental', price: { monthlyFee: 3_000 } },
  { articleCode: 'DATOR-LARARE', serviceCode: 'lardator', name: 'Lärardator', billingModel: 'monthly_rental', price: { monthlyFee: 32_000 } },
  { articleCode: 'ELEVDATOR', serviceCode: 'elevdator', name: 'Elevdator 1:1', billingModel: 'monthly_rental', price: { monthlyFee: 18_000 } },
  {
    articleCode: 'KORTTID-VECKA',
    serviceCode: 'korttidshyra',
    name: 'Korttidshyra bärbar dator, per vecka',
    billingModel: 'weekly_rental',
    price: { weeklyFee: 25_000 },
  },
  { articleCode: 'FLYTT-TIM', serviceCode: 'flytt', name: 'Flytt av datorutrustning, per timme', billingModel: 'hourly', price: { hourlyRate: 65_000 } },
  {
    articleCode: 'MOBIL-STD',
    serviceCode: 'mobiltelefon',
    name: 'Mobiltelefon standard',
    billingModel: 'purchase_plus_monthly_fee',
    price: { purchasePrice: 650_000, monthlyFee: 5_000 },
  },
  { articleCode: 'SURFPLATTA', serviceCode: 'surfplatta', name: 'Surfplatta', billingModel: 'monthly_rental', price: { monthlyFee: 15_000 } },
  {
    articleCode: 'SURF-SUPPORT-TIM',
    serviceCode: 'surfplatta-support',
    name: 'Extra support surfplatta, per timme',
    billingModel: 'hourly',
    price: { hourlyRate: 65_000 },
  },
  { articleCode: 'SKRIVARE-MFP', serviceCode: 'skrivare', name: 'Multifunktionsskrivare', billingModel: 'monthly_rental', price: { monthlyFee: 60_000 } },
  {
    articleCode: 'SMART-SKARM',
    serviceCode: 'smart-skarm',
    name: 'Smart skärm i nätverket, per skärm',
    billingModel: 'monthly_fee',
    price: { monthlyFee: 10_000 },
  },
  { articleCode: 'ACCESSPUNKT', serviceCode: 'accesspunkt', name: 'Accesspunkt', billingModel: 'monthly_rental', price: { monthlyFee: 12_000 } },
  { articleCode: 'TILLB-VASKA', serviceCode: 'tillbehor', name: 'Datorväska', billingModel: 'one_off', price: { purchasePrice: 39_900 } },
  { articleCode: 'TILLB-HEADSET', serviceCode: 'tillbehor', name: 'Headset', billingModel: 'one_off', price: { purchasePrice: 49_900 } },
  { articleCode: 'TILLB-USB', serviceCode: 'tillbehor', name: 'USB-minne 64 GB', billingModel: 'one_off', price: { purchasePrice: 12_900 } },
  {
    articleCode: 'KAMERA',
    serviceCode: 'overvakningskamera',
    name: 'Övervakningskamera, per kamera',
    billingModel: 'monthly_fee',
    price: { monthlyFee: 15_000 },
  },
  { articleCode: 'BEREDSKAP-TIM', serviceCode: 'it-beredskap', name: 'It-beredskap, per timme', billingModel: 'hourly', price: { hourlyRate: 95_000 } },
  {
    articleCode: 'TELEFONI-ANKN',
    serviceCode: 'fast-telefoni',
    name: 'Fast telefoni, per anknytning och år',
    billingModel: 'yearly_fee',
    price: { yearlyFee: 120_000 },
  },
  { articleCode: 'ITSTOD-ANV', serviceCode: 'it-stod', name: 'It-stöd, per användare och år', billingModel: 'yearly_fee', price: { yearlyFee: 240_000 } },
  {
    articleCode: 'APP-SCHABLON',
    serviceCode: 'applikationer',
    name: 'Applikation, schablonavgift per år',
    billingModel: 'application_fee',
    price: { yearlyFee: 1_000_000 },
  },
  { articleCode: 'CENTRAL', serviceCode: 'central-kostnad', name: 'Central kostnad', billingModel: 'central_cost', price: { yearlyFee: 50_000_000 } },
];

/** EXAMPLE model range 2023; one printer only for Ulricehamn shows the per-municipality feed. */
export const EXAMPLE_MODELS_2023: {
  category: ModelCategory;
  manufacturer: string;
  model: string;
  articleCode: string;
  technicalLifeMonths: number;
  description: string;
  municipality?: 'tranemo' | 'ulricehamn';
}[] = [
  {
    category: 'computer',
    manufacturer: 'Lenovo',
    model: 'ThinkPad T14 Gen 4',
    articleCode: 'DATOR-ADM',
    technicalLifeMonths: 48,
    description: 'Standarddator för administrativ personal.',
  },
  {
    category: 'computer',
    manufacturer: 'Lenovo',
    model: 'ThinkPad X1 Carbon Gen 11',
    articleCode: 'DATOR-ADM-PLUS',
    technicalLifeMonths: 48,
    description: 'Lätt dator för den som reser mycket.',
  },
  { category: 'computer', manufacturer: 'Dell', model: 'Latitude 3440', articleCode: 'DATOR-LARARE', technicalLifeMonths: 48, description: 'Lärardator.' },
  { category: 'computer', manufacturer: 'Acer', model: 'Chromebook 511', articleCode: 'ELEVDATOR', technicalLifeMonths: 48, description: 'Elevdator 1:1.' },
  { category: 'screen', manufacturer: 'Dell', model: 'P2423D', articleCode: 'SKARM-24', technicalLifeMonths: 60, description: '24 tum, USB-C.' },
  {
    category: 'printer',
    manufacturer: 'Konica Minolta',
    model: 'bizhub C300i',
    articleCode: 'SKRIVARE-MFP',
    technicalLifeMonths: 60,
    description: 'Multifunktionsskrivare med follow me print.',
  },
  {
    category: 'printer',
    manufacturer: 'HP',
    model: 'Color LaserJet Enterprise MFP M480f',
    articleCode: 'SKRIVARE-MFP',
    technicalLifeMonths: 60,
    description: 'Mindre multifunktionsskrivare.',
    municipality: 'ulricehamn',
  },
  {
    category: 'tablet',
    manufacturer: 'Apple',
    model: 'iPad 10,9 tum (10:e generationen)',
    articleCode: 'SURFPLATTA',
    technicalLifeMonths: 48,
    description: 'MDM ingår.',
  },
  { category: 'phone', manufacturer: 'Apple', model: 'iPhone 14', articleCode: 'MOBIL-STD', technicalLifeMonths: 36, description: 'MDM ingår.' },
];

export const EXAMPLE_LIST_TITLE_2023 = 'Prislista 2023 – EXEMPELPRISER, inte Bilaga 2';

/** Seeds the catalogue, the EXAMPLE 2023 price list and model range once (idempotent). */
export async function seedCatalogue(db: Db): Promise<void> {
  if ((await store.countServices(db)) > 0) return;
  const tranemo = await findMunicipality(db, 'tranemo');
  const ulricehamn = await findMunicipality(db, 'ulricehamn');
  const municipalityIds = { tranemo: tranemo?.id ?? null, ulricehamn: ulricehamn?.id ?? null };
  await db.transaction(async (tx) => {
    const services = await store.insertServices(
      tx,
      SERVICES_2023.map((s, i) => ({ ...s, supportLevel: s.supportLevel ?? null, sortOrder: (i + 1) * 10 })),
    );
    const serviceIds = new Map(services.map((s) => [s.code, s.id]));
    const list = await store.insertPriceList(tx, { year: 2023, title: EXAMPLE_LIST_TITLE_2023, example: true });
    if (!list) throw new Error('price list insert failed');
    await store.insertItems(
      tx,
      EXAMPLE_PRICES_2023.map((p) => {
        const serviceId = serviceIds.get(p.serviceCode);
        if (!serviceId) throw new Error(`seed: unknown service ${p.serviceCode}`);
        return {
          priceListId: list.id,
          serviceId,
          articleCode: p.articleCode,
          name: p.name,
          billingModel: p.billingModel,
          ...p.price,
          validFrom: '2023-01-01',
          validTo: '2023-12-31',
        };
      }),
    );
    await store.insertModels(
      tx,
      EXAMPLE_MODELS_2023.map(({ municipality, ...m }) => ({ ...m, year: 2023, municipalityId: municipality ? municipalityIds[municipality] : null })),
    );
    await writeAudit(tx, {
      actorUserId: null,
      municipalityId: null,
      entity: 'price_list',
      entityId: list.id,
      action: 'seed',
      after: { services: SERVICES_2023.map((s) => s.code), year: 2023, example: true, items: EXAMPLE_PRICES_2023.length, models: EXAMPLE_MODELS_2023.length },
    });
  });
}
