/**
 * The audit trail as people read it (issue 16: "user UUIDs and English codes in the audit log").
 * Pure: from a stored row's entity, action and before/after shapes to a Swedish action text, an
 * entity name, a label for the record (its number, name or serial) and the web page that shows it.
 * The stored rows keep their codes (R-11.1: append-only, never rewritten); only the answer is worded.
 */

/** Swedish names of the audited record kinds. */
export const ENTITY_TEXT: Readonly<Record<string, string>> = {
  user: 'Användarkonto',
  login: 'Inloggning',
  unit: 'Enhet',
  person: 'Person',
  municipality: 'Kommun',
  team: 'Team',
  mission: 'Ramuppdrag',
  installation: 'Installation',
  ticket: 'Ärende',
  ticket_category: 'Ärendekategori',
  desk: 'Servicedesk',
  mail: 'E-post',
  survey: 'Enkät',
  catalogue_service: 'Tjänst i katalogen',
  price_list: 'Prislista',
  price_list_item: 'Prislistepost',
  model_range_item: 'Modell i modellutbudet',
  order: 'Beställning',
  orderer_designation: 'Utsedd beställare',
  asset: 'Utrustning',
  billing_run: 'Faktureringskörning',
  billing_subscription: 'Abonnemang',
  agreement_cost_model: 'Kostnadsmodell för applikationsavtal',
  application: 'Applikation',
  agreement_review: 'Avtalsgenomgång',
  it_function: 'It-funktion',
  outage: 'Avbrott',
  operations_message: 'Driftmeddelande',
  window_work: 'Arbete i servicefönster',
  incident_template: 'Mall för incidentrapport',
  incident_report: 'Incidentrapport',
  development_request: 'Utvecklingsärende',
  development_backlog: 'Prioriteringslista för utvecklingsärenden',
  pricing_proposal: 'Tjänst som väntar på pris',
  followup_snapshot: 'Uppföljningsrapport',
  site: 'Plats',
  laptop_booking: 'Bokning av lånedator',
};

/** Swedish texts of the actions, the same for every kind of record unless ENTITY_ACTION_TEXT says otherwise. */
export const ACTION_TEXT: Readonly<Record<string, string>> = {
  create: 'Skapad',
  update: 'Ändrad',
  delete: 'Borttagen',
  import_create: 'Skapad genom import',
  import_update: 'Ändrad genom import',
  import_link_person: 'Kopplad till person genom import',
  seed: 'Grunddata installerad',
  demo_seed: 'Skapad som demodata',
  copy: 'Kopierad till nästa år',
  lock: 'Låst',
  login: 'Inloggad',
  login_failed: 'Misslyckad inloggning',
  change_password: 'Lösenord bytt',
  reset_password: 'Nytt engångslösenord',
  reset_password_cli: 'Nytt engångslösenord från kommandoraden',
  void_one_time_password: 'Engångslösenordet ogiltigt',
  link_oidc: 'Kopplad till e-legitimation',
  update_profile: 'Ändrade sina egna uppgifter',
  add_category: 'Kategori tillagd',
  answer: 'Besvarad',
  approve: 'Godkänd',
  review: 'Granskad',
  reopen: 'Öppnad igen',
  discard: 'Kasserad',
  compute: 'Beräknad',
  recompute: 'Beräknad på nytt',
  assign: 'Tilldelad',
  attach: 'Bilaga tillagd',
  cancel: 'Avbruten',
  escalate: 'Eskalerad',
  hand_back: 'Lämnad tillbaka',
  log_time: 'Tid registrerad',
  link_requester: 'Beställare kopplad',
  set_unit: 'Enhet ändrad',
  quarantine: 'Lagt i karantän',
  resolve_quarantine: 'Karantän hanterad',
  revoke: 'Återkallad',
  end: 'Avslutad',
  account_end_reminder: 'Påminnelse om kontots slutdatum',
  renewal_replaces: 'Förnyelse beställd',
  line_ordered: 'Rad beställd hos leverantör',
  line_delivered: 'Rad levererad',
  line_cancelled: 'Rad avbruten',
  // Asset lifecycle events.
  deliver: 'Levererad',
  reassign: 'Ny innehavare',
  move: 'Flyttad',
  return: 'Återlämnad',
  stock: 'Till lager',
  retire: 'Tagen ur bruk',
  erase: 'Raderad (dataradering)',
  sell: 'Såld',
  recycle: 'Lämnad till återvinning',
  report_stolen: 'Anmäld stulen',
  report_damaged: 'Anmäld skadad',
  settle: 'Reglerad',
  status: 'Status ändrad',
  revise: 'Avtalet reviderat',
  cloud_move: 'Molnflytt registrerad',
  reschedule: 'Ombokad',
  hold: 'Genomförd',
  close: 'Stängd',
  reply: 'Svar skickat',
  note: 'Anteckning',
  // Operations (issue 19, R-9).
  publish: 'Publicerad',
  resolve: 'Åtgärdad',
  withdraw: 'Återkallad',
  done: 'Genomförd',
  send: 'Skickad',
  // Governance and the mission (issue 20, R-8).
  reorder: 'Ny ordning',
  create_draft: 'Utkast skapat',
  discard_draft: 'Utkast borttaget',
  explain_sla_breach: 'Orsak till passerad tidsgräns angiven',
  // Sites and the laptop pool (issue 22, R-12, R-5.9).
  record_system: 'Reservkraft, kyla eller brandskydd registrerat',
  approve_system: 'Godkänt av IT',
  add_rack: 'Skåp eller stativ tillagt',
  remove_rack: 'Skåp eller stativ borttaget',
  place_equipment: 'Nätverksutrustning placerad',
  remove_equipment: 'Nätverksutrustning borttagen',
  record_meeting: 'Projektmöte registrerat',
  add_to_loan_pool: 'Tillagd i lånepoolen',
  remove_from_loan_pool: 'Borttagen ur lånepoolen',
  hand_out: 'Utlämnad',
  remind: 'Påminnelse skickad',
};

/** Where a kind of record differs from the shared wording. */
const ENTITY_ACTION_TEXT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  mail: { create: 'Mottagen' },
  orderer_designation: { create: 'Utsedd' },
  ticket: { create: 'Registrerat' },
  login: { login_failed: 'Misslyckad inloggning' },
  agreement_review: { create: 'Bokad', cancel: 'Inställd' },
  outage: { create: 'Registrerat', end: 'Avslutat' },
  site: { create: 'Registrerad' },
  laptop_booking: { create: 'Bokad', cancel: 'Avbokad', return: 'Återlämnad' },
  followup_snapshot: { create: 'Markerad som skickad till nämnderna' },
  window_work: { create: 'Planerat', cancel: 'Inställt', done: 'Genomfört' },
  // Issue 20: mission versions.
  mission: { create_draft: 'Utkast skapat', update: 'Utkast ändrat', publish: 'Publicerat', discard_draft: 'Utkast borttaget' },
  // Issue 20: the steps of a development request.
  development_request: {
    create: 'Registrerat',
    prepare: 'Berett av IT-forum utveckling',
    decide: 'Beslutat av it-strategen',
    prioritise: 'Prioriterat av it-styrgruppen',
    record_board_decision: 'Kommunstyrelsens beslut registrerat',
    start: 'Arbetet påbörjat',
    evaluate: 'Utvärdering registrerad',
    deliver: 'Levererat',
    close: 'Avslutat',
    reject: 'Avslaget',
  },
  development_backlog: { reorder: 'Ny prioritetsordning' },
  pricing_proposal: { create: 'Skickad till prissättningsgruppen', settle: 'Prissatt' },
};

/** The Swedish text of an action: never the code itself (an unknown one reads "Annan händelse"). */
export function actionText(entity: string, action: string): string {
  return ENTITY_ACTION_TEXT[entity]?.[action] ?? ACTION_TEXT[action] ?? 'Annan händelse';
}

/** The Swedish name of a kind of record (an unknown one reads "Annan post"). */
export function entityText(entity: string): string {
  return ENTITY_TEXT[entity] ?? 'Annan post';
}

const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/**
 * A readable label for the record, from the row's own after/before shapes (what the presenter wrote):
 * the order or ticket number, a serial, an account's username, a person's or unit's name, a price
 * list's year. Undefined when the row holds nothing readable (then the entity's name stands alone).
 */
export function recordLabel(entity: string, before: unknown, after: unknown): string | undefined {
  const a = { ...record(before), ...record(after) };
  if (entity === 'person' && (text(a.firstName) || text(a.lastName))) return [text(a.firstName), text(a.lastName)].filter(Boolean).join(' ');
  if (entity === 'user') {
    return text(a.displayName) && text(a.username) ? `${text(a.displayName) ?? ''} (${text(a.username) ?? ''})` : (text(a.username) ?? text(a.displayName));
  }
  if (entity === 'unit') return text(a.name) && text(a.code) ? `${text(a.name) ?? ''} (${text(a.code) ?? ''})` : text(a.name);
  if (entity === 'price_list') return text(a.title) ?? (text(a.year) ? `Prislista ${text(a.year) ?? ''}` : undefined);
  if (entity === 'price_list_item') return [text(a.articleCode), text(a.name)].filter(Boolean).join(' ') || undefined;
  if (entity === 'model_range_item') return [text(a.manufacturer), text(a.model)].filter(Boolean).join(' ') || undefined;
  if (entity === 'asset') return [text(a.model), text(a.serial) ? `serienummer ${text(a.serial) ?? ''}` : undefined].filter(Boolean).join(', ') || undefined;
  if (entity === 'mission') return text(a.title) ?? text(a.year);
  if (entity === 'agreement_cost_model') return text(a.year) ? `Kostnadsmodell ${text(a.year) ?? ''}` : undefined;
  if (entity === 'billing_run') return text(a.runMonth) ? `Fakturering ${text(a.runMonth) ?? ''}` : undefined;
  return text(a.number) ?? text(a.title) ?? text(a.name) ?? text(a.subject) ?? text(a.code);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The web page that shows the record (paths of web/src/router.tsx), or null when none does. */
export function recordLink(entity: string, entityId: string, before: unknown, after: unknown): string | null {
  const a = { ...record(before), ...record(after) };
  const id = UUID.test(entityId) ? entityId : undefined;
  switch (entity) {
    case 'ticket':
      return id ? `/arende/${id}` : null;
    case 'order':
      return id ? `/bestallningar/${id}` : null;
    case 'asset':
      return id ? `/inventarier/${id}` : null;
    case 'billing_run':
      return id ? `/fakturering/${id}` : null;
    case 'price_list':
    case 'price_list_item': {
      const year = entity === 'price_list' ? text(a.year) : undefined;
      return year ? `/katalog/prislistor/${year}` : '/katalog/prislistor';
    }
    case 'model_range_item':
      return '/modellutbud';
    case 'catalogue_service':
      return '/katalog';
    case 'user':
      return '/organisation/anvandare';
    case 'person':
      return '/organisation/personer';
    case 'unit':
      return '/organisation/enheter';
    case 'mission':
      return id ? `/organisation/ramuppdrag/${id}` : '/organisation/ramuppdrag';
    case 'development_request':
      return id ? `/utveckling/${id}` : null;
    case 'pricing_proposal': {
      const year = text(a.year);
      return year ? `/katalog/prislistor/${year}` : '/katalog/prislistor';
    }
    case 'site':
      return id ? `/platser/${id}` : '/platser';
    case 'laptop_booking':
      return '/lanedatorer';
    case 'development_backlog':
      return '/utveckling?flik=prioritering';
    case 'desk':
    case 'ticket_category':
      return '/organisation/servicedeskar';
    case 'mail':
      return '/organisation/e-postkarantan';
    case 'orderer_designation':
      return '/bestallningar/bestallare';
    case 'outage':
      return id ? `/drift-och-tillganglighet/avbrott/${id}` : null;
    case 'incident_report': {
      const outage = text(a.outageId);
      return outage && UUID.test(outage) ? `/drift-och-tillganglighet/avbrott/${outage}` : null;
    }
    case 'it_function':
      return '/drift-och-tillganglighet?flik=it-funktioner';
    case 'operations_message':
      return '/drift-och-tillganglighet?flik=driftmeddelanden';
    case 'window_work':
      return '/drift-och-tillganglighet?flik=servicefonster';
    case 'incident_template':
      return '/drift-och-tillganglighet?flik=incidentrapporter';
    case 'followup_snapshot':
      return id ? `/uppfoljning/skickade/${id}` : null;
    default:
      return null;
  }
}
