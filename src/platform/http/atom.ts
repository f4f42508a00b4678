/**
 * Atom 1.0 (RFC 4287) written by hand (docs/decisions/0007): the published model range (issue 16) and
 * the operations messages (issue 19, R-9.4). Pure: text in, XML out.
 */

/** One entry of an Atom feed; every text is plain text as a person typed it. */
export interface AtomEntry {
  /** A permanent IRI, e.g. `urn:uuid:…`. */
  id: string;
  title: string;
  /** ISO 8601 instant. */
  updated: string;
  /** The entry's page (rel="alternate"). */
  link: string;
  /** RFC 4287 §4.2.2: `term` is required; `label` is what a reader shows. */
  categories: { term: string; label: string; scheme?: string }[];
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  /** ISO 8601 instant. */
  updated: string;
  /** The feed's own address (rel="self") and the page it mirrors (rel="alternate"). */
  selfLink: string;
  alternateLink: string;
  /** RFC 4287 §4.1.1: a feed without an author on every entry needs one of its own. */
  author: { name: string; uri?: string };
  rights: string;
  generator: string;
  entries: AtomEntry[];
}

/** XML 1.0 refuses these even escaped: control characters other than tab and line breaks, lone surrogates, U+FFFE/FFFF. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an XML element or attribute: characters XML cannot carry dropped, markup characters escaped. */
export function xmlText(value: string): string {
  return value.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * An Atom 1.0 feed (RFC 4287) as XML (issue 16 §2, §4). Administrator text goes out as `type="text"`,
 * escaped, never as HTML, so a reader shows `<script>` as the characters typed and runs nothing; the feed
 * has its author and every category its `term`, as RFC 4287 requires.
 */
export function atomXml(feed: AtomFeed): string {
  const text = (tag: string, value: string) => `<${tag} type="text">${xmlText(value)}</${tag}>`;
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(feed.id)}</id>`,
    `  ${text('title', feed.title)}`,
    `  ${text('subtitle', feed.subtitle)}`,
    `  <updated>${xmlText(feed.updated)}</updated>`,
    `  <author><name>${xmlText(feed.author.name)}</name>${feed.author.uri ? `<uri>${xmlText(feed.author.uri)}</uri>` : ''}</author>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfLink)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.alternateLink)}"/>`,
    `  ${text('rights', feed.rights)}`,
    `  <generator>${xmlText(feed.generator)}</generator>`,
  ];
  for (const e of feed.entries) {
    out.push(
      '  <entry>',
      `    <id>${xmlText(e.id)}</id>`,
      `    ${text('title', e.title)}`,
      `    <updated>${xmlText(e.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(e.link)}"/>`,
      ...e.categories.map((c) => `    <category term="${xmlText(c.term)}" label="${xmlText(c.label)}"${c.scheme ? ` scheme="${xmlText(c.scheme)}"` : ''}/>`),
      `    ${text('summary', e.summary)}`,
      '  </entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
