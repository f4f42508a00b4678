import type { Content, ContentStack, ContentText, CustomTableLayout, TableCell } from 'pdfmake/interfaces';
import { Temporal } from 'temporal-polyfill';
import { safeFilePart } from '../platform/http/download.ts';
import { facts, longDate, paragraph, PDF_FONT, pdfText, render, swedishDate, swedishDateTime, type PdfOptions } from '../platform/pdf.ts';
import { CHART_WIDTH, chartSvg, formatValue } from './chart-svg.ts';
import type { Chart, Figure, FollowUpReport, Section, Table } from './contract.ts';

/**
 * R-10: the follow-up report as a Swedish PDF (issue 21), on platform/pdf.ts as every Samdesk PDF: the
 * period, municipality and mission, whether the period is still going on; then each section with its
 * figures (value in Swedish, the mission's target and whether it is met, the definition), its charts
 * (chart-svg.ts, each followed by the table that holds its figures, for those who do not read charts)
 * and its other tables. Everything is text pdftotext reads back; the charts' labels too.
 */

const GREY = '#555555';
const LINE = '#BBBBBB';
/** The text column of an A4 page with platform/pdf.ts's margins. */
const TEXT_WIDTH = 483;
const VALUE_WIDTH = 120;

/** When the reader sees both municipalities together (the report's `municipality` is null). */
const BOTH_ORG = 'Tranemo och Ulricehamn';
const BOTH = 'Båda kommunerna';

/**
 * The file name of an exported report: "uppfoljning-2026-T2-tranemo.pdf", "uppfoljning-2026-bada.xlsx"
 * (ASCII only, safeFilePart; "bada" for both municipalities).
 */
export function followUpFilename(report: FollowUpReport, ext: 'pdf' | 'xlsx'): string {
  const who = report.municipality ? safeFilePart(report.municipality.code) : 'bada';
  return `uppfoljning-${safeFilePart(report.period.key)}-${who}.${ext}`;
}

/** "Perioden är avslutad" or "Perioden pågår – mätt fram till 3 juni 2026" (the day the report was made, in Stockholm). */
export function periodState(report: FollowUpReport): string {
  if (report.period.complete) return 'Perioden är avslutad';
  const day = Temporal.Instant.from(report.generatedAt).toZonedDateTimeISO('Europe/Stockholm').toPlainDate();
  return `Perioden pågår – mätt fram till ${longDate(day)}`;
}

/** "Målet nås", "Målet nås inte", or that there is nothing to judge it by yet. */
export function targetState(met: boolean | null): string {
  return met === null ? 'Inget att mäta ännu' : met ? 'Målet nås' : 'Målet nås inte';
}

// ---- building blocks ----------------------------------------------------------------------------------

/** Thin lines between rows and under the last, a firmer one under a table's column headings. */
const rowsLayout = (headingLine: number | null): CustomTableLayout => ({
  hLineWidth: (i) => (i === 0 ? 0 : headingLine === null ? 0.5 : i < headingLine ? 0 : i === headingLine ? 1 : 0.5),
  vLineWidth: () => 0,
  hLineColor: (i) => (i === headingLine ? GREY : LINE),
  paddingLeft: (i) => (i === 0 ? 0 : 6),
  paddingRight: (i, node) => (i === (node.table.widths?.length ?? 1) - 1 ? 0 : 6),
  paddingTop: () => 3,
  paddingBottom: () => 3,
});

function figureRow(f: Figure): TableCell[] {
  const target: Content[] = f.target
    ? [{ text: pdfText(`Mål: ${f.target.text}. ${targetState(f.target.met)}.`), fontSize: 9, bold: f.target.met === false, margin: [0, 2, 0, 0] }]
    : [];
  return [
    { stack: [{ text: pdfText(f.label), bold: true }, ...target, { text: pdfText(f.definition), fontSize: 8, color: GREY, margin: [0, 2, 0, 0] }] },
    { text: formatValue(f.value, f.unit), bold: true, alignment: 'right' },
  ];
}

function figureTable(rows: readonly Figure[]): Content {
  return {
    table: { widths: ['*', VALUE_WIDTH], dontBreakRows: true, body: rows.map(figureRow) },
    layout: rowsLayout(null),
  };
}

/** The heading kept on the page of the section's first figure; the rest follow. */
function figuresOf(section: Section): Content[] {
  const heading = paragraph(section.title, 'section');
  const [first, ...rest] = section.figures;
  if (!first) return [heading];
  return [{ stack: [heading, figureTable([first])], unbreakable: true }, ...(rest.length ? [figureTable(rest)] : [])];
}

function tableCell(value: number | string | null, unit: Table['columns'][number]['unit']): TableCell {
  if (unit === null) {
    return typeof value === 'number' ? { text: formatValue(value, 'count'), alignment: 'right' } : { text: pdfText(value ?? '–') };
  }
  return { text: typeof value === 'number' || value === null ? formatValue(value, unit) : pdfText(value), alignment: 'right', noWrap: true };
}

/**
 * A table of the report: its title and definition and the column headings repeat on every page it
 * runs over; cells as their column's unit says; a table without rows says so.
 */
function tableOf(t: Table): Content {
  const columns = t.columns.length || 1;
  const span = (content: ContentText | ContentStack): TableCell[] => [
    { ...content, colSpan: columns },
    ...Array.from({ length: columns - 1 }, (): TableCell => ({})),
  ];
  const title = span({
    stack: [
      { text: pdfText(t.title), bold: true },
      { text: pdfText(t.definition), fontSize: 8, color: GREY, margin: [0, 1, 0, 2] },
    ],
  });
  const headings: TableCell[] = t.columns.map((c) => ({ text: pdfText(c.label), bold: true, alignment: c.unit === null ? 'left' : 'right' }));
  const rows: TableCell[][] =
    t.rows.length === 0
      ? [span({ text: 'Inget att visa för perioden.', italics: true, color: GREY })]
      : t.rows.map((r) => t.columns.map((c, i) => tableCell(r.cells[i] ?? null, c.unit)));
  return {
    table: {
      headerRows: 2,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: t.columns.length ? t.columns.map((c) => (c.unit === null ? '*' : 'auto')) : ['*'],
      body: [title, t.columns.length ? headings : [{ text: '' }], ...rows],
    },
    layout: rowsLayout(2),
    fontSize: 9,
    margin: [0, 10, 0, 0],
  };
}

function chartOf(chart: Chart): Content {
  return {
    stack: [
      { text: pdfText(chart.title), bold: true, margin: [0, 12, 0, 4] },
      { svg: chartSvg(chart), width: Math.min(CHART_WIDTH, TEXT_WIDTH), font: PDF_FONT },
    ],
    unbreakable: true,
  };
}

/** Figures, then each chart with its table beneath, then the tables no chart draws. */
function sectionOf(section: Section): Content[] {
  const byKey = new Map(section.tables.map((t) => [t.key, t]));
  const drawn = new Set<string>();
  const charts = section.charts.flatMap((c) => {
    const t = byKey.get(c.table);
    if (t) drawn.add(t.key);
    return t ? [chartOf(c), tableOf(t)] : [chartOf(c)];
  });
  return [...figuresOf(section), ...charts, ...section.tables.filter((t) => !drawn.has(t.key)).map(tableOf)];
}

// ---- the document -------------------------------------------------------------------------------------

/** the report as a PDF (A4, DejaVu Sans embedded, Swedish). */
export async function followUpPdf(report: FollowUpReport, options: PdfOptions = {}): Promise<Buffer> {
  const { period } = report;
  const content: Content[] = [
    paragraph(report.municipality?.name ?? BOTH_ORG, 'org'),
    paragraph(`Uppföljning ${period.label}`, 'title'),
    facts([
      ['Kommun', report.municipality?.name ?? BOTH],
      ['Ramuppdrag', report.missionTitle],
      ['Period', `${swedishDate(period.from)} – ${swedishDate(period.to)}`],
      ['Status', periodState(report)],
      ['Framtagen', swedishDateTime(report.generatedAt)],
    ]),
    ...(report.sections.length ? report.sections.flatMap(sectionOf) : [paragraph('Rapporten har inga avsnitt.')]),
  ];
  return render(
    {
      title: `Uppföljning ${period.label}`,
      subject: `Uppföljning av ${report.missionTitle}`,
      author: 'It-enheten',
      printedAt: report.generatedAt,
      documentId: followUpFilename(report, 'pdf').replace(/\.pdf$/, ''),
      content,
    },
    options,
  );
}
