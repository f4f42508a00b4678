/**
 * R-7.1: an agreement's system sketch laid out and drawn. The sketch is data (components and their
 * relations, `schema.ts`); `layoutSketch` places it with elkjs and `sketchSvg` draws the result as one
 * standalone SVG, which the web shows and the PDF embeds as it is (issue 18: the same drawing in both).
 *
 * Design:
 * - elkjs's bundled build (`elkjs/lib/elk.bundled.js`), which runs the layout in-process without a web
 *   worker; the layered algorithm left to right, so data flows read like a sentence, with orthogonal
 *   edges and the relation's text placed by elkjs in the middle of its edge (space is reserved for it,
 *   so a text never covers a box).
 * - Box sizes come from the text: DejaVu Sans Bold's advance widths (the font the PDF embeds and the
 *   SVG asks for first), so a name fits its box in the PDF and, give or take the browser's fallback
 *   font, on screen. Long names wrap onto a few lines.
 * - The SVG is what svg-to-pdfkit (inside pdfmake 0.3) draws: presentation attributes only, no CSS and
 *   no ids. Arrowheads are polygons rather than markers: svg-to-pdfkit draws markers, but a marker is
 *   found by id, and two sketches inlined in one page (an agreement's versions side by side) would share
 *   the first one's — or lose them, if that one is hidden.
 * - Deterministic: elkjs's layered layout is (fixed seed), numbers are written rounded to 0.1, and
 *   nothing depends on time or randomness, so the same sketch gives the same bytes.
 * - Colour is never the only sign of a kind: each kind has its own corner and border, and its Swedish
 *   name is written in the box. All text is at least 4.5:1 against what it stands on.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Sketch, SketchComponent } from './schema.ts';
import { SKETCH_KIND_SV, isSketchKind, type SketchKind } from './sketch-rules.ts';
import { n, xml } from '../platform/svg.ts';

export interface SketchPoint {
  x: number;
  y: number;
}

export interface SketchRect extends SketchPoint {
  width: number;
  height: number;
}

/** A component placed: its box (top-left corner and size) and the text drawn in it. */
export interface SketchBox extends SketchRect {
  id: string;
  name: string;
  /** Unknown kinds (data from before a kind was removed) are drawn as `other`. */
  kind: SketchKind;
  /** The name as drawn, one entry per line. */
  nameLines: string[];
  kindLabel: string;
}

/** A relation routed: from the source box's border to the target box's, bends included. */
export interface SketchEdge {
  from: string;
  to: string;
  label: string;
  points: SketchPoint[];
  /** Where the relation's text goes, or null when it has none. */
  labelBox: SketchRect | null;
}

export interface SketchLayout {
  width: number;
  height: number;
  boxes: SketchBox[];
  edges: SketchEdge[];
}

// ---- text metrics -----------------------------------------------------------------------------------

/**
 * DejaVu Sans's advance widths for U+0020–U+007E, in hundredths of an em (rounded up), the wider of
 * the regular and the bold face: one table for both, at the cost of a little room to spare.
 */
const BOLD_WIDTHS = [
  35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 59, 100, 78, 77, 74, 84, 69, 69,
  83, 84, 38, 38, 78, 64, 100, 84, 86, 74, 86, 78, 73, 69, 82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 50, 50, 68, 72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105,
  72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84,
];

/** Width of `text` set in DejaVu Sans at `size`; letters outside ASCII count as their base letter ("Å" as "A"), others as 1 em. */
export function textWidth(text: string, size: number): number {
  let hundredths = 0;
  for (const ch of text) {
    const base = ch.normalize('NFD').codePointAt(0) ?? 0;
    hundredths += BOLD_WIDTHS[base - 0x20] ?? 100;
  }
  return (hundredths / 100) * size;
}

const NAME_SIZE = 13;
const NAME_LINE = 17;
const KIND_SIZE = 11;
const KIND_LINE = 15;
const LABEL_SIZE = 11;
const PAD_X = 12;
const PAD_Y = 10;
const MIN_BOX_WIDTH = 120;
/** Names wider than this wrap. */
const NAME_WRAP = 240;

/** `text` broken into lines no wider than `max`, at spaces where it can and inside a word where it must. */
function wrap(text: string, size: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate, size) <= max) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const ch of word) {
      if (line !== '' && textWidth(line + ch, size) > max) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length ? lines : [''];
}

// ---- layout -----------------------------------------------------------------------------------------

/** One elkjs instance per process, made on the first layout. */
let elk: InstanceType<typeof ELK> | undefined;

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.componentComponent': '32',
  // The order the components were entered in breaks ties, so a sketch edited a little moves a little.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

/**
 * The sketch placed left to right. Expects a sketch without `sketchProblems`; drawing one saved before a
 * rule existed still works: a repeated component id keeps its first component, and a relation to a
 * component that is not there is left out.
 */
export async function layoutSketch(sketch: Sketch): Promise<SketchLayout> {
  // elkjs gets ids of its own (`n` + position): a component's id may be anything, and must not meet an edge's.
  const position = new Map<string, number>();
  const components: SketchComponent[] = [];
  for (const c of sketch.components) {
    if (position.has(c.id)) continue;
    position.set(c.id, components.length);
    components.push(c);
  }
  const relations = sketch.relations.filter((r) => position.has(r.from) && position.has(r.to));
  if (components.length === 0) return { width: 0, height: 0, boxes: [], edges: [] };

  const boxes = components.map((c): SketchBox => {
    const kind = isSketchKind(c.kind) ? c.kind : 'other';
    const nameLines = wrap(c.name, NAME_SIZE, NAME_WRAP);
    const kindLabel = SKETCH_KIND_SV[kind];
    const textMax = Math.max(...nameLines.map((l) => textWidth(l, NAME_SIZE)), textWidth(kindLabel, KIND_SIZE));
    const width = Math.ceil(Math.max(MIN_BOX_WIDTH, textMax + 2 * PAD_X));
    const height = 2 * PAD_Y + nameLines.length * NAME_LINE + KIND_LINE;
    return { id: c.id, name: c.name, kind, nameLines, kindLabel, x: 0, y: 0, width, height };
  });
  const graph: ElkNode = {
    id: 'sketch',
    layoutOptions: LAYOUT_OPTIONS,
    children: boxes.map((b, i) => ({ id: `n${i}`, width: b.width, height: b.height })),
    edges: relations.map((r, i): ElkExtendedEdge => ({
      id: `e${i}`,
      sources: [`n${position.get(r.from)}`],
      targets: [`n${position.get(r.to)}`],
      labels: r.label.trim() ? [{ id: `l${i}`, text: r.label, width: Math.ceil(textWidth(r.label.trim(), LABEL_SIZE)) + 8, height: 16 }] : [],
    })),
  };
  elk ??= new ELK();
  const placed = await elk.layout(graph);

  for (const [i, node] of (placed.children ?? []).entries()) {
    const box = boxes[i];
    if (box) Object.assign(box, { x: node.x ?? 0, y: node.y ?? 0 });
  }
  const edges = relations.map((r, i): SketchEdge => {
    const routed = placed.edges?.[i];
    const points: SketchPoint[] = [];
    for (const s of routed?.sections ?? []) {
      for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) {
        const last = points.at(-1);
        if (!last || last.x !== p.x || last.y !== p.y) points.push({ x: p.x, y: p.y });
      }
    }
    const l = routed?.labels?.[0];
    const labelBox = l ? { x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0 } : null;
    return { from: r.from, to: r.to, label: r.label.trim(), points, labelBox };
  });
  return { width: Math.ceil(placed.width ?? 0), height: Math.ceil(placed.height ?? 0), boxes, edges };
}

// ---- drawing ----------------------------------------------------------------------------------------

/** How each kind is drawn: a light fill, a dark border (≥ 3:1 on white), its own corners and dashes. */
export const SKETCH_KIND_STYLE: Readonly<Record<SketchKind, { fill: string; stroke: string; rx: number; dash: string | null }>> = {
  server: { fill: '#E3F2FD', stroke: '#1565C0', rx: 2, dash: null },
  database: { fill: '#E8F5E9', stroke: '#2E7D32', rx: 16, dash: null },
  integration: { fill: '#FFF3E0', stroke: '#B34700', rx: 6, dash: '6 3' },
  client: { fill: '#F3E5F5', stroke: '#6A1B9A', rx: 8, dash: null },
  external_service: { fill: '#FFFFFF', stroke: '#424242', rx: 8, dash: '2 3' },
  storage: { fill: '#E0F7FA', stroke: '#00695C', rx: 16, dash: '6 3' },
  other: { fill: '#F5F5F5', stroke: '#616161', rx: 4, dash: null },
};

/** Text colours: names and relation texts, and the kind under a name (both ≥ 4.5:1 on every fill). */
export const SKETCH_TEXT = '#1A1A1A';
export const SKETCH_KIND_TEXT = '#404040';
const EDGE = '#4D4D4D';
const BACKGROUND = '#FFFFFF';
const ARROW_LENGTH = 9;
const ARROW_HALF_WIDTH = 4.5;

const count = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

function text(x: number, y: number, size: number, fill: string, content: string, bold = false): string {
  const weight = bold ? ' font-weight="bold"' : '';
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}"${weight} fill="${fill}" text-anchor="middle">${xml(content)}</text>`;
}

function svgDocument(width: number, height: number, title: string, desc: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" role="img" font-family="DejaVu Sans, sans-serif">`,
    `<title>${xml(title)}</title>`,
    `<desc>${xml(desc)}</desc>`,
    `<rect x="0" y="0" width="${n(width)}" height="${n(height)}" fill="${BACKGROUND}"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function drawEdge(points: readonly SketchPoint[]): string[] {
  const end = points.at(-1);
  const before = points.at(-2);
  if (!end || !before) return [];
  const length = Math.hypot(end.x - before.x, end.y - before.y) || 1;
  const dx = (end.x - before.x) / length;
  const dy = (end.y - before.y) / length;
  // The line stops where the arrowhead starts, so it never shows through the tip.
  const shaft = [...points.slice(0, -1), { x: end.x - dx * ARROW_LENGTH, y: end.y - dy * ARROW_LENGTH }];
  const d = shaft.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join(' ');
  const bx = end.x - dx * ARROW_LENGTH;
  const by = end.y - dy * ARROW_LENGTH;
  const head = [end, { x: bx - dy * ARROW_HALF_WIDTH, y: by + dx * ARROW_HALF_WIDTH }, { x: bx + dy * ARROW_HALF_WIDTH, y: by - dx * ARROW_HALF_WIDTH }];
  return [
    `<path d="${d}" fill="none" stroke="${EDGE}" stroke-width="1.5"/>`,
    `<polygon points="${head.map((p) => `${n(p.x)},${n(p.y)}`).join(' ')}" fill="${EDGE}"/>`,
  ];
}

function drawBox(b: SketchBox): string[] {
  const style = SKETCH_KIND_STYLE[b.kind];
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
  const cx = b.x + b.width / 2;
  return [
    `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${style.rx}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"${dash}/>`,
    ...b.nameLines.map((line, i) => text(cx, b.y + PAD_Y + NAME_SIZE + i * NAME_LINE, NAME_SIZE, SKETCH_TEXT, line, true)),
    text(cx, b.y + PAD_Y + b.nameLines.length * NAME_LINE + KIND_SIZE + 1, KIND_SIZE, SKETCH_KIND_TEXT, b.kindLabel),
  ];
}

function drawLabel(e: SketchEdge): string[] {
  const l = e.labelBox;
  if (!l || e.label === '') return [];
  return [
    `<rect x="${n(l.x)}" y="${n(l.y)}" width="${n(l.width)}" height="${n(l.height)}" rx="3" fill="${BACKGROUND}"/>`,
    text(l.x + l.width / 2, l.y + 12, LABEL_SIZE, SKETCH_TEXT, e.label),
  ];
}

export interface SketchSvgOptions {
  /** The application's name, for the drawing's title ("Systemskiss för Skolplattformen"). */
  name?: string;
}

/**
 * The laid-out sketch as a standalone SVG: a box per component (name in bold, kind under it), an arrow
 * per relation with its text, and a Swedish title and description that screen readers read instead of
 * the drawing. An empty sketch draws "Ingen systemskiss ännu".
 */
export function sketchSvg(layout: SketchLayout, options: SketchSvgOptions = {}): string {
  const name = options.name?.trim();
  const title = name ? `Systemskiss för ${name}` : 'Systemskiss';
  if (layout.boxes.length === 0) {
    const empty = 'Ingen systemskiss ännu';
    return svgDocument(320, 64, title, empty, [text(160, 37, NAME_SIZE, SKETCH_KIND_TEXT, empty)]);
  }
  const names = new Map(layout.boxes.map((b) => [b.id, b.name.trim()]));
  const parts = layout.boxes.map((b) => `${b.name.trim()} (${b.kindLabel.toLowerCase()})`);
  const links = layout.edges.map((e) => `${names.get(e.from) ?? ''} till ${names.get(e.to) ?? ''}${e.label ? ` (${e.label})` : ''}`);
  const summary = `${title}: ${count(layout.boxes.length, 'del', 'delar')} och ${count(layout.edges.length, 'koppling', 'kopplingar')}`;
  const desc = `Delar: ${parts.join(', ')}.${links.length ? ` Kopplingar: ${links.join('; ')}.` : ''}`;
  return svgDocument(layout.width, layout.height, summary, desc, [
    ...layout.edges.flatMap((e) => drawEdge(e.points)),
    ...layout.boxes.flatMap(drawBox),
    ...layout.edges.flatMap(drawLabel),
  ]);
}
