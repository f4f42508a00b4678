import { atomXml } from '../platform/http/atom.ts';
import type { PublicMessage, PublicMessages } from './contract.ts';

/**
 * R-9.4: a municipality's operations messages as the public sees them — the page (and its small
 * variant for an intranet's iframe), the Atom feed and the JSON. Every text is the published text,
 * escaped; nothing here reads the database.
 */

export interface PublicView {
  municipality: { code: string; name: string };
  items: PublicMessage[];
  updated: Date;
  /** The site's address without a trailing slash, e.g. https://samdesk.example.se */
  base: string;
}

const TIME_ZONE = 'Europe/Stockholm';
const when = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
const whenYear = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "tisdag 16 mars 18:00" — Swedish, Stockholm time. */
export function swedishTime(iso: string): string {
  return when.format(new Date(iso));
}

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STATE_TITLE: Record<PublicMessage['state'], string> = { ongoing: 'Pågår nu', upcoming: 'Planerat', resolved: 'Åtgärdat' };

/** One line saying when: "Sedan …, beräknas klart …" / "… till …" / "Åtgärdat …". */
export function timeLine(m: PublicMessage): string {
  if (m.state === 'resolved') {
    return m.resolvedAt ? `Åtgärdat ${swedishTime(m.resolvedAt)}.` : `Avslutat ${m.expectedEndAt ? swedishTime(m.expectedEndAt) : ''}.`;
  }
  if (m.kind === 'planned') {
    return `${m.state === 'ongoing' ? 'Pågår' : 'Planerat'} ${swedishTime(m.startsAt)}${m.expectedEndAt ? ` till ${swedishTime(m.expectedEndAt)}` : ''}.`;
  }
  return `Sedan ${swedishTime(m.startsAt)}${m.expectedEndAt ? `, beräknas klart ${swedishTime(m.expectedEndAt)}` : ''}.`;
}

/** The order readers want: going on first, then coming (soonest first), then resolved (latest first). */
export function ordered(items: readonly PublicMessage[]): PublicMessage[] {
  const rank = { ongoing: 0, upcoming: 1, resolved: 2 } as const;
  return [...items].sort((a, b) => {
    if (a.state !== b.state) return rank[a.state] - rank[b.state];
    if (a.state === 'resolved') return (b.resolvedAt ?? b.expectedEndAt ?? '').localeCompare(a.resolvedAt ?? a.expectedEndAt ?? '');
    return a.startsAt.localeCompare(b.startsAt);
  });
}

export function publicJson(view: PublicView): string {
  const body: PublicMessages = {
    municipality: view.municipality,
    updated: view.updated.toISOString(),
    items: ordered(view.items),
  };
  return JSON.stringify(body);
}

export function publicAtom(view: PublicView): string {
  const page = `${view.base}/drift/${view.municipality.code}`;
  return atomXml({
    id: `${view.base}/api/v1/public/operations/${view.municipality.code}`,
    title: `Driftinformation – ${view.municipality.name}`,
    subtitle: 'Pågående störningar, planerat arbete och åtgärdade driftstörningar från it-enheten.',
    updated: view.updated.toISOString(),
    selfLink: `${view.base}/api/v1/public/operations/${view.municipality.code}/atom`,
    alternateLink: page,
    author: { name: 'It-enheten', uri: view.base },
    rights: view.municipality.name,
    generator: 'Samdesk',
    entries: ordered(view.items).map((m) => ({
      id: `urn:uuid:${m.id}`,
      title: `${STATE_TITLE[m.state]}: ${m.title}`,
      link: `${page}#m-${m.id}`,
      updated: m.updatedAt,
      categories: [{ term: m.state, label: STATE_TITLE[m.state] }],
      summary: [timeLine(m), m.body, m.state === 'resolved' ? (m.resolutionText ?? '') : ''].filter(Boolean).join(' '),
    })),
  });
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;color:#1a1b1e;background:#fff;line-height:1.5}
h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}h3{font-size:1rem;margin:0}
ul{list-style:none;padding:0;margin:0}li{border-left:4px solid #868e96;padding:.5rem .75rem;margin:0 0 .75rem;background:#f8f9fa}
li.ongoing{border-color:#c92a2a}li.upcoming{border-color:#1864ab}li.resolved{border-color:#2b8a3e}
p{margin:.25rem 0}.when{color:#495057}.meta{color:#495057;font-size:.875rem}a{color:#1864ab}`;

/**
 * The public page (and, `embedded`, the variant for an intranet's iframe: no header text, refreshing
 * itself every minute). Plain HTML without scripts, headed and listed so a screen reader can move by
 * heading and list.
 */
export function publicPage(view: PublicView, embedded: boolean): string {
  const items = ordered(view.items);
  const section = (state: PublicMessage['state'], heading: string, empty: string) => {
    const list = items.filter((m) => m.state === state);
    const body =
      list.length === 0
        ? `<p>${html(empty)}</p>`
        : `<ul>${list
            .map(
              (m) =>
                `<li class="${state}" id="m-${html(m.id)}"><h3>${html(m.title)}</h3><p class="when">${html(timeLine(m))}</p>${m.body ? `<p>${html(m.body)}</p>` : ''}${
                  state === 'resolved' && m.resolutionText ? `<p>${html(m.resolutionText)}</p>` : ''
                }</li>`,
            )
            .join('')}</ul>`;
    return `<section aria-labelledby="h-${state}"><h2 id="h-${state}">${html(heading)}</h2>${body}</section>`;
  };
  const title = `Driftinformation – ${view.municipality.name}`;
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${embedded ? '<meta http-equiv="refresh" content="60">' : ''}<title>${html(title)}</title>
<link rel="alternate" type="application/atom+xml" title="${html(title)}" href="${html(`${view.base}/api/v1/public/operations/${view.municipality.code}/atom`)}">
<style>${STYLE}</style></head>
<body><main><h1>${html(title)}</h1>
${section('ongoing', 'Pågående störningar och arbeten', 'Inga kända störningar just nu.')}
${section('upcoming', 'Planerat arbete', 'Inget planerat arbete.')}
${section('resolved', 'Nyligen åtgärdat', 'Inget åtgärdat den senaste tiden.')}
<p class="meta">Uppdaterad ${html(whenYear.format(view.updated))}.${
    embedded
      ? ` <a href="${html(`${view.base}/drift/${view.municipality.code}`)}" target="_blank" rel="noopener">Öppna driftinformationen</a>`
      : ` Följ som <a href="${html(`${view.base}/api/v1/public/operations/${view.municipality.code}/atom`)}">Atom-flöde</a> eller hämta som <a href="${html(`${view.base}/api/v1/public/operations/${view.municipality.code}`)}">JSON</a>.`
  }</p></main></body></html>
`;
}
