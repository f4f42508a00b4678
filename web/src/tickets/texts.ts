/**
 * Service-desk texts added for issue 16 (time left as people count it, the ticket's unit, a call's
 * real time, the billed-time explanation), Swedish and English; web/src/i18n.ts mounts them as the
 * `ticketsMore` section. The numbers come from the server (sla.left, onCallRule); nothing here
 * decides a rule.
 */

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const ticketsMoreSv = {
  workingDays_one: '{{count}} arbetsdag',
  workingDays_other: '{{count}} arbetsdagar',
  hours: '{{count}} tim',
  minutes: '{{count}} min',
  and: 'och',
  underAMinute: 'under en minut',
  left: '{{time}} kvar',
  leftAtRisk: 'Risk: {{time}} kvar',
  late: 'Försenat {{time}}',
  leftHelp: 'Räknat i arbetsdagar och öppettid.',
  dueShort: 'senast {{at}}',
  sortUrgent: 'Mest brådskande först',
  receivedAt: 'Samtalet kom',
  receivedAtHelp: 'Datum och tid då samtalet kom. Beredskap, SLA och debitering räknas från den tiden.',
  receivedAtFuture: 'Tiden får inte ligga i framtiden.',
  /** The field as a required-field sentence names it: "Fyll i när samtalet kom." */
  receivedAtName: 'När samtalet kom',
  unit: 'Enhet (kostnadsbärare)',
  noUnit: 'Ingen enhet',
  chooseUnit: 'Välj enhet',
  saveUnit: 'Spara enhet',
  unitSaved: 'Enheten är sparad.',
  unitHelp: 'Beredskapstid på ärendet debiteras enheten.',
  onCallWithoutUnit: 'Ärendet har beredskapstid men ingen enhet. Välj enhet så att tiden kan debiteras.',
  worked: 'Arbetad tid {{worked}} min.',
  workedBilled: 'Arbetad tid {{worked}} min, debiteras {{billable}} min ({{rule}}).',
  rule: {
    halfHour: 'påbörjad halvtimme',
    hour: 'påbörjad timme',
    perStarted: 'påbörjade {{n}} minuter',
    nearest: 'avrundat till närmaste {{n}} min',
    none: 'exakt tid',
    minimum: 'minst {{min}} min',
  },
  technicianPhone: 'Telefon:',
  technicianEmail: 'E-post:',
};

export const ticketsMoreEn: Widen<typeof ticketsMoreSv> = {
  workingDays_one: '{{count}} working day',
  workingDays_other: '{{count}} working days',
  hours: '{{count}} h',
  minutes: '{{count}} min',
  and: 'and',
  underAMinute: 'under a minute',
  left: '{{time}} left',
  leftAtRisk: 'At risk: {{time}} left',
  late: 'Overdue {{time}}',
  leftHelp: 'Counted in working days and opening hours.',
  dueShort: 'by {{at}}',
  sortUrgent: 'Most urgent first',
  receivedAt: 'The call came',
  receivedAtHelp: 'Date and time the call came. On-call, SLA and billing count from then.',
  receivedAtFuture: 'The time may not be in the future.',
  receivedAtName: 'When the call came',
  unit: 'Unit (cost bearer)',
  noUnit: 'No unit',
  chooseUnit: 'Choose unit',
  saveUnit: 'Save unit',
  unitSaved: 'The unit was saved.',
  unitHelp: 'On-call time on the ticket is billed to the unit.',
  onCallWithoutUnit: 'The ticket has on-call time but no unit. Choose a unit so the time can be billed.',
  worked: 'Time worked {{worked}} min.',
  workedBilled: 'Time worked {{worked}} min, billed {{billable}} min ({{rule}}).',
  rule: {
    halfHour: 'per started half hour',
    hour: 'per started hour',
    perStarted: 'per started {{n}} minutes',
    nearest: 'rounded to the nearest {{n}} min',
    none: 'exact time',
    minimum: 'at least {{min}} min',
  },
  technicianPhone: 'Phone:',
  technicianEmail: 'E-mail:',
};
