import { formatOre } from '../platform/pdf.ts';
import type { Chart } from './contract.ts';
import type { FigureUnit } from './rules.ts';
import { n, xml } from '../platform/svg.ts';

/**
 * R-10: the follow-up report's charts drawn as standalone SVG (the PDF embeds them, issue 21), and the
 * Swedish way each unit of a figure is written — in the charts' descriptions and in the PDF beside them.
 *
 * Design:
 * - Pure: a chart in, an SVG string out; nothing depends on time or randomness, and coordinates are
 *   written rounded to 0.1, so the same chart gives the same bytes.
 * - What svg-to-pdfkit (inside pdfmake 0.3) draws: presentation attributes only, no CSS and no ids (as
 *   agreements/sketch.ts; two charts on one page must not share anything found by id).
 * - A trend is a line with a point per period; a period with nothing to measure (null) leaves a gap
 *   rather than a drop to zero. The target is a dashed horizontal line labelled "Mål". Shares are drawn
 *   on 0–100 % so two tertials' charts read alike. A distribution is a bar per answer step with its count.
 * - Colour is never the only sign: the target is dashed and named, and every value is also in the table
 *   the PDF prints beneath the chart. Text is at least 4.5:1 against white.
 * - The title and description (every point in words) are for screen readers; svg-to-pdfkit does not
 *   draw them.
 */

// ---- Swedish numbers ----------------------------------------------------------------------------------

const NBSP = '\u00a0';

/** sv-SE grouping with no-break spaces (an amount never wraps) and an ASCII "-" (search and copy find it). */
function swedishNumber(value: number, decimals: number): string {
  return value
    .toLocaleString('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    .replace(/\s/g, NBSP)
    .replace(/\u2212/g, '-');
}

/** Minutes as hours and minutes: 195 → "3 h 15 min", 45 → "45 min", 120 → "2 h". */
export function formatMinutes(minutes: number): string {
  const whole = Math.round(Math.abs(minutes));
  const sign = minutes < 0 && whole > 0 ? '-' : '';
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (h === 0) return `${sign}${m}${NBSP}min`;
  return `${sign}${swedishNumber(h, 0)}${NBSP}h${m === 0 ? '' : ` ${m}${NBSP}min`}`;
}

/**
 * A figure's value as Swedish text by its unit: shares "52,3 %", öre as kronor "12 345,00 kr", minutes
 * "3 h 15 min", counts "1 234", a score (mean answer) "3,7"; null (nothing to measure) "–".
 */
export function formatValue(value: number | null, unit: FigureUnit): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'share':
      return `${swedishNumber(value * 100, 1)}${NBSP}%`;
    case 'ore':
      return formatOre(Math.round(value));
    case 'minutes':
      return formatMinutes(value);
    case 'count':
      return swedishNumber(Math.round(value), 0);
    case 'score':
      return swedishNumber(value, 1);
  }
}

// ---- the scale ----------------------------------------------------------------------------------------

interface Scale {
  min: number;
  max: number;
  step: number;
}

/** A round step (1, 2 or 5 × 10ⁿ, at least `least`) that cuts `span` into about four. */
function niceStep(span: number, least: number): number {
  const raw = Math.max(span / 4, least);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return Math.max(step, least);
}

/** Ticks from `min` to `max` (both included) in `unit`'s natural steps: whole kronor, hours, people. */
function scaleOf(unit: FigureUnit, values: readonly number[]): Scale {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  if (unit === 'share') {
    // Availability lives near 100 %: on a 0–100 % axis it would be a flat line at the top, so an axis
    // whose every value (target included) is 90 % or more starts just below the lowest.
    const least = Math.min(...values);
    if (values.length > 0 && least >= 0.9 && hi <= 1) {
      const min = Math.floor(least * 50) / 50;
      return { min, max: 1, step: 1 - min > 0.04 ? 0.02 : 0.01 };
    }
    // R-10: shares on 0–100 %, widened by quarters only if a value falls outside (a change can exceed 100 %).
    return { min: Math.floor(lo * 4) / 4, max: Math.max(1, Math.ceil(hi * 4) / 4), step: 0.25 };
  }
  // Steps in the unit people read: kronor for öre, hours for longer times.
  const factor = unit === 'ore' ? 100 : unit === 'minutes' && hi - lo >= 120 ? 60 : 1;
  const least = unit === 'score' ? 0.1 : 1;
  const span = (hi - lo) / factor;
  const step = niceStep(span > 0 ? span : least * 4, least);
  const min = Math.floor(lo / factor / step) * step;
  const max = Math.max(Math.ceil(hi / factor / step) * step, min + step);
  return { min: min * factor, max: max * factor, step: step * factor };
}

function ticksOf(scale: Scale): number[] {
  const out: number[] = [];
  const count = Math.round((scale.max - scale.min) / scale.step);
  for (let i = 0; i <= count; i++) out.push(scale.min + i * scale.step);
  return out;
}

/** A tick's label: shorter than a figure's (whole percent, whole kronor, hours). */
function tickLabel(value: number, unit: FigureUnit, step: number): string {
  switch (unit) {
    case 'share':
      return `${swedishNumber(value * 100, 0)}${NBSP}%`;
    case 'ore':
      return `${swedishNumber(value / 100, 0)}${NBSP}kr`;
    case 'minutes':
      return step % 60 === 0 ? `${swedishNumber(value / 60, 0)}${NBSP}h` : `${swedishNumber(value, 0)}${NBSP}min`;
    case 'count':
      return swedishNumber(value, 0);
    case 'score':
      return swedishNumber(value, step < 1 ? 1 : 0);
  }
}

// ---- drawing ------------------------------------------------------------------------------------------

/** The drawing's size in points (the PDF's text column is 483 pt wide). */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 220;

const PLOT = { left: 66, right: CHART_WIDTH - 40, top: 16, bottom: CHART_HEIGHT - 30 };
const FONT_SIZE = 10;

/** Colours: data (≥ 3:1 on white), the target and its label (≥ 4.5:1), text, grid. */
export const CHART_COLOURS = { data: '#1565C0', target: '#B34700', text: '#333333', axis: '#757575', grid: '#E0E0E0', background: '#FFFFFF' } as const;

function text(x: number, y: number, content: string, options: { anchor?: 'start' | 'middle' | 'end'; fill?: string; size?: number } = {}): string {
  const anchor = options.anchor ?? 'middle';
  const size = options.size ?? FONT_SIZE;
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" fill="${options.fill ?? CHART_COLOURS.text}" text-anchor="${anchor}">${xml(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: string): string {
  const dashed = dash ? ` stroke-dasharray="${dash}"` : '';
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${width}"${dashed}/>`;
}

/** In words, for screen readers: "T1 2026: 52,3 %; T2 2026: –. Mål: 50,0 %." */
function description(chart: Chart): string {
  const points = chart.points.map((p) => `${p.label}: ${formatValue(p.value, chart.unit)}`).join('; ');
  const target = chart.target === null ? '' : ` Mål: ${formatValue(chart.target, chart.unit)}.`;
  return `${points || 'Inga värden'}.${target}`;
}

/**
 * The chart as a standalone SVG of CHART_WIDTH × CHART_HEIGHT: grid and y axis in the unit's steps,
 * the points' labels under the plot, the trend's line or the distribution's bars, and the target.
 * With nothing to measure in any period it says so in the plot ("Inget att mäta för perioderna").
 */
export function chartSvg(chart: Chart): string {
  const values = chart.points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const scale = scaleOf(chart.unit, chart.target === null ? values : [...values, chart.target]);
  const y = (v: number) => PLOT.bottom - ((v - scale.min) / (scale.max - scale.min)) * (PLOT.bottom - PLOT.top);
  const band = (PLOT.right - PLOT.left) / Math.max(chart.points.length, 1);
  const x = (i: number) => PLOT.left + band * (i + 0.5);

  const body: string[] = [];
  for (const tick of ticksOf(scale)) {
    body.push(line(PLOT.left, y(tick), PLOT.right, y(tick), CHART_COLOURS.grid, 0.75));
    body.push(text(PLOT.left - 6, y(tick) + 3.5, tickLabel(tick, chart.unit, scale.step), { anchor: 'end' }));
  }
  const zero = y(Math.max(scale.min, Math.min(0, scale.max)));
  body.push(line(PLOT.left, PLOT.top, PLOT.left, PLOT.bottom, CHART_COLOURS.axis, 1));
  body.push(line(PLOT.left, zero, PLOT.right, zero, CHART_COLOURS.axis, 1));
  chart.points.forEach((p, i) => body.push(text(x(i), PLOT.bottom + 16, p.label)));

  if (values.length > 0) body.push(...(chart.kind === 'trend' ? trendLine(chart, x, y) : bars(chart, x, y, band, zero)));

  if (chart.target !== null) {
    const ty = y(chart.target);
    body.push(line(PLOT.left, ty, PLOT.right, ty, CHART_COLOURS.target, 1.5, '6 4'));
    body.push(text(PLOT.right + 5, ty + 3.5, 'Mål', { anchor: 'start', fill: CHART_COLOURS.target }));
  }

  if (values.length === 0) {
    // On a white box, so the target line behind it does not cross the words.
    const note = 'Inget att mäta för perioderna';
    const cx = (PLOT.left + PLOT.right) / 2;
    const cy = (PLOT.top + PLOT.bottom) / 2;
    const width = note.length * 11 * 0.62 + 12;
    body.push(`<rect x="${n(cx - width / 2)}" y="${n(cy - 13)}" width="${n(width)}" height="20" fill="${CHART_COLOURS.background}"/>`);
    body.push(text(cx, cy + 1, note, { size: 11 }));
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" font-family="DejaVu Sans, sans-serif">`,
    `<title>${xml(chart.title)}</title>`,
    `<desc>${xml(description(chart))}</desc>`,
    `<rect x="0" y="0" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="${CHART_COLOURS.background}"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** The line through consecutive measured periods (a null breaks it) and a point on each. */
function trendLine(chart: Chart, x: (i: number) => number, y: (v: number) => number): string[] {
  const runs: { i: number; v: number }[][] = [];
  let run: { i: number; v: number }[] = [];
  chart.points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push({ i, v: p.value });
  });
  if (run.length) runs.push(run);
  const out: string[] = [];
  for (const r of runs) {
    if (r.length > 1) {
      const d = r.map((p, k) => `${k === 0 ? 'M' : 'L'}${n(x(p.i))} ${n(y(p.v))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${CHART_COLOURS.data}" stroke-width="2"/>`);
    }
  }
  for (const p of runs.flat()) {
    out.push(`<circle cx="${n(x(p.i))}" cy="${n(y(p.v))}" r="3.5" fill="${CHART_COLOURS.data}" stroke="${CHART_COLOURS.background}" stroke-width="1"/>`);
  }
  return out;
}

/** A bar per step from zero, its value written above it ("–" where there is nothing to measure). */
function bars(chart: Chart, x: (i: number) => number, y: (v: number) => number, band: number, zero: number): string[] {
  const width = Math.min(band * 0.6, 48);
  const out: string[] = [];
  chart.points.forEach((p, i) => {
    const label = formatValue(p.value, chart.unit);
    if (p.value === null || !Number.isFinite(p.value)) {
      out.push(text(x(i), zero - 4, label));
      return;
    }
    const top = Math.min(zero, y(p.value));
    const height = Math.abs(zero - y(p.value));
    if (height > 0) out.push(`<rect x="${n(x(i) - width / 2)}" y="${n(top)}" width="${n(width)}" height="${n(height)}" fill="${CHART_COLOURS.data}"/>`);
    out.push(text(x(i), p.value >= 0 ? top - 4 : top + height + FONT_SIZE + 2, label));
  });
  return out;
}
