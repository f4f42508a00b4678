/**
 * The audit log's texts, Swedish and English; web/src/texts.ts mounts them as the `audit` section.
 */
import type { Widen } from '../widen.ts';

export const auditSv = {
  title: 'Granskningslogg',
  intro: 'Alla ändringar och inloggningar, senaste först.',
  time: 'Tid',
  actor: 'Utförd av',
  entity: 'Post',
  entityId: 'Objekt-id',
  action: 'Händelse',
  system: 'Systemet',
  empty: 'Loggen är tom.',
  noMatch: 'Inga händelser matchar filtret.',
  filters: 'Filtrera loggen',
  entityFilter: 'Typ av post',
  allEntities: 'Alla',
  actorFilter: 'Utförd av',
  actorHelp: 'Användarnamn eller namn, eller en del av det.',
  from: 'Från och med',
  to: 'Till och med',
  clear: 'Rensa filter',
  open: 'Öppna {{label}}',
};

export const auditEn: Widen<typeof auditSv> = {
  title: 'Audit log',
  intro: 'Every change and sign-in, newest first.',
  time: 'Time',
  actor: 'Done by',
  entity: 'Record',
  entityId: 'Entity id',
  action: 'Action',
  system: 'The system',
  empty: 'The log is empty.',
  noMatch: 'No events match the filter.',
  filters: 'Filter the log',
  entityFilter: 'Kind of record',
  allEntities: 'All',
  actorFilter: 'Done by',
  actorHelp: 'Username or name, or part of it.',
  from: 'From',
  to: 'To',
  clear: 'Clear filters',
  open: 'Open {{label}}',
};
