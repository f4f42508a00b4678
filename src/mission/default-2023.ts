import type { MissionDocument } from './document.ts';

/**
 * The built-in default: "Riktlinjer för ramuppdrag it 2023" for Tranemo and Ulricehamn
 * (../shared/ramuppdrag-it-2023.txt). Each field cites the requirement it comes from.
 */
/** the opening hours of Monday to Thursday. */
const MONDAY_TO_THURSDAY = { open: '07:30', close: '16:30' };

export const MISSION_2023: MissionDocument = {
  year: 2023,
  title: 'Ramuppdrag it 2023',
  effectiveFrom: '2023-01-01',
  calendar: {
    timeZone: 'Europe/Stockholm',
    // Mon–Thu 07:30–16:30, Fri 07:30–16:00.
    openingHours: {
      monday: MONDAY_TO_THURSDAY,
      tuesday: MONDAY_TO_THURSDAY,
      wednesday: MONDAY_TO_THURSDAY,
      thursday: MONDAY_TO_THURSDAY,
      friday: { open: '07:30', close: '16:00' },
      saturday: null,
      sunday: null,
    },
    // public holidays plus midsommarafton, julafton, nyårsafton (date-holidays type "bank").
    closedHolidayTypes: ['public', 'bank'],
    extraClosedDays: [],
    changedHours: [],
    //
    serviceWindows: {
      primary: { nthWeekdayOfMonth: 3, weekday: 'tuesday', start: '18:00', end: '22:00' },
      secondary: { daysAfterPrimary: 7, start: '18:00', end: '21:00', onlyWhenNeeded: true },
    },
  },
  //
  teams: [
    { code: 'anvandarstod', name: 'Användarstöd', lines: [1, 2] },
    { code: 'verksamhetsstod', name: 'Verksamhetsstöd', lines: [3] },
    { code: 'infrastruktur', name: 'Infrastruktur', lines: [3] },
  ],
  //
  people: {
    personRoles: [
      { code: 'anstalld', label: 'Anställd', employee: true },
      { code: 'elev', label: 'Elev', employee: false, buyer: 'student' },
      { code: 'fortroendevald', label: 'Förtroendevald', employee: false, buyer: 'never' },
      { code: 'konsult', label: 'Konsult', employee: false },
      { code: 'ovrig', label: 'Övrig, ej anställd', employee: false },
    ],
    staffCategories: [
      { code: 'larare', label: 'Lärare', device: 'teacher' },
      { code: 'elevassistent', label: 'Elevassistent', device: 'teacher' },
      { code: 'fritidspedagog', label: 'Fritidspedagog', device: 'teacher' },
      { code: 'fritidsledare', label: 'Fritidsledare', device: 'teacher' },
      { code: 'annan-pedagogisk', label: 'Annan pedagogisk personal', device: 'teacher' },
      { code: 'rektor', label: 'Rektor', device: 'administrative' },
      { code: 'lararassistent', label: 'Lärarassistent', device: 'administrative' },
      { code: 'kurator', label: 'Kurator', device: 'administrative' },
      { code: 'skolskoterska', label: 'Skolsköterska', device: 'administrative' },
      { code: 'vaktmastare', label: 'Vaktmästare', device: 'administrative' },
      { code: 'skoladministrator', label: 'Skoladministratör', device: 'administrative' },
    ],
  },
  support: {
    firstLineResolutionTarget: 0.5,
    atRiskShare: 0.75, // "at risk" after three quarters of the allowed time
    intefunktion: {
      resolveWithinWorkingDays: 1,
      functions: [
        { code: 'datorarbetsplats', label: 'Datorarbetsplats: enheten startar och du kan logga in' },
        { code: 'behorighet', label: 'Behörighet till rätt information utifrån din roll' },
        { code: 'utskrift', label: 'Skriva ut till nätverksskrivare' },
        { code: 'spara', label: 'Spara information i personlig mapp (P) eller gemensam mapp (G)' },
        { code: 'aterstallning', label: 'Få återställd information från P eller G' },
        { code: 'klientskydd', label: 'Uppdaterat klientskydd och spamskydd' },
        { code: 'webbfilter', label: 'Uppdaterat filter mot olämpliga webbplatser' },
        { code: 'tradlost', label: 'Trådlöst nätverk' },
        { code: 'telefoni', label: 'Fast telefon och hänvisningssystem' },
        { code: 'epost', label: 'E-post med kalenderfunktion' },
        { code: 'infocaption', label: 'Infocaption, plattformen för guiderna' },
        { code: 'office', label: 'Office-programmen startar' },
        { code: 'distans', label: 'Mobil åtkomst på distans' },
        { code: 'programdistribution', label: 'Distribution av programvaror' },
      ],
    },
    // minimum half an hour, per started half hour.
    onCall: { minimumBilledMinutes: 30, roundingIncrementMinutes: 30, rounding: 'per_started' },
    //
    survey: {
      sampleShare: 0.25,
      scale: { min: 1, max: 5 },
      questions: [
        { code: 'losning', text: 'Anser du att IT löste ditt ärende/problem tillfredsställande?' },
        { code: 'bemotande', text: 'Hur upplevde du IT-personalens bemötande i samband med ditt ärende?' },
      ],
      // Issue 5: not more often than once per 30 days per person (docs/surveys.md: the effect on the rate).
      personLimitDays: 30,
      linkValidDays: 30,
    },
  },
  //
  catalogue: {
    minimumTechnicalLifeMonths: 48,
    services: [
      {
        code: 'datorarbetsplats',
        name: 'Datorarbetsplats (administrativ dator)',
        billingModel: 'monthly_rental',
        billingGroup: 'periodic',
        renewalMonths: 48,
        supportLevel: 'managed',
      },
      {
        code: 'lardator',
        name: 'Hanterad datorarbetsplats utan support (lärardator)',
        billingModel: 'monthly_rental',
        billingGroup: 'periodic',
        supportLevel: 'managed_without_support',
      },
      { code: 'elevdator', name: 'Elevdator (1:1)', billingModel: 'monthly_rental', billingGroup: 'periodic', supportLevel: 'one_to_one' },
      { code: 'korttidshyra', name: 'Korttidshyra bärbar dator', billingModel: 'weekly_rental', billingGroup: 'continuous', minimumDays: 7 },
      { code: 'flytt', name: 'Fysisk flytt av datorutrustning', billingModel: 'hourly', billingGroup: 'continuous' },
      { code: 'mobiltelefon', name: 'Mobiltelefon', billingModel: 'purchase_plus_monthly_fee', billingGroup: 'periodic' },
      { code: 'surfplatta', name: 'Surfplatta', billingModel: 'monthly_rental', billingGroup: 'periodic' },
      { code: 'surfplatta-support', name: 'Extra support för appar och hantering', billingModel: 'hourly', billingGroup: 'continuous' },
      { code: 'skrivare', name: 'Skrivare', billingModel: 'monthly_rental', billingGroup: 'periodic' },
      { code: 'smart-skarm', name: 'Smarta skärmar', billingModel: 'monthly_fee', billingGroup: 'periodic' },
      { code: 'accesspunkt', name: 'Accesspunkt (trådlöst nätverk)', billingModel: 'monthly_rental', billingGroup: 'periodic' },
      { code: 'tillbehor', name: 'Tillbehör', billingModel: 'one_off', billingGroup: 'continuous' },
      { code: 'overvakningskamera', name: 'Övervakningskameror', billingModel: 'monthly_fee', billingGroup: 'periodic' },
      { code: 'it-beredskap', name: 'It-beredskap', billingModel: 'time_spent', billingGroup: 'continuous' },
      { code: 'fast-telefoni', name: 'Fast telefoni', billingModel: 'periodic', billingGroup: 'periodic' },
      { code: 'it-stod', name: 'It-stöd', billingModel: 'periodic', billingGroup: 'periodic' },
      { code: 'applikationer', name: 'Applikationer', billingModel: 'periodic', billingGroup: 'periodic' },
      { code: 'central-kostnad', name: 'Central kostnad', billingModel: 'yearly', billingGroup: 'central' },
    ],
  },
  orders: {
    // the mission says an account for a non-employee has an end date but not when it is
    // followed up; two weeks' notice is this installation's default, to be set in each year's mission.
    accountEndReminderDays: 14,
    // "programpaketering vid fler installationer än fem" (teacher computers).
    softwarePackagingAboveInstallations: 5,
  },
  // Tranemo invoiced every tertial (Jan, May, Sep); Ulricehamn debited internally every month.
  billing: {
    schedules: [
      {
        municipality: 'tranemo',
        periodic: { frequency: 'tertial', invoiceMonths: [1, 5, 9], internal: false },
        continuous: { frequency: 'continuous' },
        central: { invoiceMonth: 1 },
      },
      {
        municipality: 'ulricehamn',
        periodic: { frequency: 'monthly', invoiceMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], internal: true },
        continuous: { frequency: 'continuous' },
        central: { invoiceMonth: 1 },
      },
    ],
    //
    applicationTermination: { deadlineMonthDay: '04-30', newBilledFrom: 'next_year' },
    // Issue 8: the mission names no part-month rule; from the month after delivery through the month
    // of return is this installation's default (docs/billing.md), set in each year's mission.
    partMonth: 'from_month_after_start',
    // on-call time is charged at the hourly price of It-beredskap.
    onCallServiceCode: 'it-beredskap',
    correctionMonths: 24,
    // IT support (it-stod) is priced per user and year.
    userServiceCodes: ['it-stod'],
    // a student's purchase invoice is paid within 30 days.
    invoiceTermsDays: 30,
    // EXAMPLE accounts and dimensions, to be replaced by each municipality's finance (Kommun-Bas
    // leaves IT accounts to the municipality, DOMAIN-NOTES). Ulricehamn debits its units internally
    // (motpart 1: inside the municipality); Tranemo books the invoice from the IT unit as external.
    accounting: [
      {
        municipality: 'ulricehamn',
        debitAccount: '6410',
        creditAccount: '3510',
        dimensions: [
          { number: 1, name: 'Ansvar', field: 'ansvar' },
          { number: 20, name: 'Verksamhet', field: 'verksamhet' },
        ],
        creditObjects: [
          { dimension: 1, code: '9100' },
          { dimension: 20, code: '910' },
        ],
        counterpart: { dimension: 23, name: 'Motpart', code: '1' },
        voucherText: 'Internfakturering it',
      },
      {
        municipality: 'tranemo',
        debitAccount: '6410',
        creditAccount: '2440',
        dimensions: [
          { number: 1, name: 'Ansvar', field: 'ansvar' },
          { number: 20, name: 'Verksamhet', field: 'verksamhet' },
        ],
        creditObjects: [],
        counterpart: { dimension: 23, name: 'Motpart', code: '8' },
        voucherText: 'It-faktura från Ulricehamns kommun',
      },
    ],
  },
  //
  // agreements are reviewed yearly; a review shows as due a month ahead (this installation's choice).
  agreements: { reviewIntervalMonths: 12, reviewDueSoonDays: 30, billingArticleCode: 'APP-AVTAL' },
  availability: { targetShare: 0.991, maxOutagesPerYear: 5, resolvedShownDays: 7 },
  //
  followUp: {
    periods: [
      { code: 'T1', fromMonth: 1, toMonth: 4 },
      { code: 'T2', fromMonth: 5, toMonth: 8 },
      { code: 'T3', fromMonth: 9, toMonth: 12 },
    ],
  },
  //
  sites: { nodeReserveHours: 4, reapprovalMonths: 36 },
};
