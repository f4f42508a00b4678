/**
 * The mail quarantine's texts, Swedish and English; web/src/texts.ts mounts them as the `mailq`
 * section.
 */
import type { Widen } from '../widen.ts';

export const mailqSv = {
  title: 'E-postkarantän',
  intro:
    'Mejl till supportadressen som inte gick att läsa (trasig struktur, för stora, för djupt nästlade) sparas här i sin helhet. Ladda ner mejlet, hantera det och markera det som hanterat.',
  showAll: 'Visa även hanterade',
  empty: 'Inga mejl i karantän.',
  received: 'Mottaget',
  from: 'Avsändare',
  reason: 'Orsak',
  size: 'Storlek',
  actions: 'Åtgärder',
  noSender: '(ingen)',
  bytes: '{{n}} byte',
  download: 'Ladda ner .eml',
  downloadOf: 'Ladda ner mejlet mottaget {{at}}',
  resolve: 'Markera som hanterat',
  resolved: 'Mejlet är markerat som hanterat.',
  resolvedAt: 'Hanterat {{at}}',
};

export const mailqEn: Widen<typeof mailqSv> = {
  title: 'Mail quarantine',
  intro:
    'Mail to the support address that could not be read (broken structure, too large, nested too deep) is kept here whole. Download it, deal with it and mark it as handled.',
  showAll: 'Show handled mail too',
  empty: 'No mail in quarantine.',
  received: 'Received',
  from: 'Sender',
  reason: 'Reason',
  size: 'Size',
  actions: 'Actions',
  noSender: '(none)',
  bytes: '{{n}} bytes',
  download: 'Download .eml',
  downloadOf: 'Download the mail received {{at}}',
  resolve: 'Mark as handled',
  resolved: 'The mail is marked as handled.',
  resolvedAt: 'Handled {{at}}',
};
