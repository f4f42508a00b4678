/**
 * an agreement's system sketch, the pure rules — the kinds of component a sketch may hold, their
 * Swedish names and what makes a sketch drawable: components that can be told apart and named, relations
 * between two different existing components, and a size a page can still show. No I/O; the drawing is
 * `sketch.ts`.
 */
import type { Problem } from '../org/rules.ts';
import type { Sketch } from './schema.ts';

/** The kinds of component a sketch may hold (issue 18: server, database, integration, client, external service…). */
export const SKETCH_KINDS = ['server', 'database', 'integration', 'client', 'external_service', 'storage', 'other'] as const;
export type SketchKind = (typeof SKETCH_KINDS)[number];

/** Each kind as the UI, the drawing and the PDF name it. */
export const SKETCH_KIND_SV: Readonly<Record<SketchKind, string>> = {
  server: 'Server',
  database: 'Databas',
  integration: 'Integration',
  client: 'Klient',
  external_service: 'Extern tjänst',
  storage: 'Lagring',
  other: 'Övrigt',
};

export function isSketchKind(kind: string): kind is SketchKind {
  return (SKETCH_KINDS as readonly string[]).includes(kind);
}

/**
 * How big a sketch may be: beyond some 60 boxes a drawing no longer fits a page legibly, and names and
 * relation texts are drawn on one or a few lines.
 */
export const SKETCH_LIMITS = { components: 60, relations: 150, nameLength: 80, labelLength: 80 } as const;

const KINDS_SV = SKETCH_KINDS.map((k) => SKETCH_KIND_SV[k].toLowerCase());
const KIND_LIST_SV = `${KINDS_SV.slice(0, -1).join(', ')} eller ${KINDS_SV.at(-1) ?? ''}`;

/** Length in characters as a person counts them (code points, so "Å" or an emoji is one). */
const length = (text: string) => [...text.trim()].length;

/**
 * Why a sketch cannot be saved, component by component and relation by relation (fields such as
 * `sketch.components.2.name` or `sketch.relations.0.to`), in words that say what to do. An empty sketch
 * is fine: an agreement may not have one yet.
 */
export function sketchProblems(sketch: Sketch): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, reason: string, reasonSv: string) => problems.push({ field: `sketch.${field}`, reason, reasonSv });

  if (sketch.components.length > SKETCH_LIMITS.components) {
    add(
      'components',
      `a sketch has at most ${SKETCH_LIMITS.components} components`,
      `En systemskiss får ha högst ${SKETCH_LIMITS.components} delar. Slå ihop eller ta bort några delar.`,
    );
  }
  if (sketch.relations.length > SKETCH_LIMITS.relations) {
    add(
      'relations',
      `a sketch has at most ${SKETCH_LIMITS.relations} relations`,
      `En systemskiss får ha högst ${SKETCH_LIMITS.relations} kopplingar. Ta bort några kopplingar.`,
    );
  }

  const ids = new Set<string>();
  sketch.components.forEach((c, i) => {
    const at = `components.${i}`;
    if (c.id.trim() === '') {
      add(`${at}.id`, 'the component has no id', 'Delen saknar sin interna nyckel. Ta bort delen och lägg till den igen.');
    } else if (ids.has(c.id)) {
      add(`${at}.id`, 'another component has the same id', 'Delen är en kopia av en annan del. Ta bort delen och lägg till den igen.');
    }
    ids.add(c.id);
    if (c.name.trim() === '') {
      add(`${at}.name`, 'the component needs a name', 'Skriv ett namn på delen.');
    } else if (length(c.name) > SKETCH_LIMITS.nameLength) {
      add(`${at}.name`, `the name is longer than ${SKETCH_LIMITS.nameLength} characters`, `Korta namnet till högst ${SKETCH_LIMITS.nameLength} tecken.`);
    }
    if (!isSketchKind(c.kind)) {
      add(`${at}.kind`, `the kind must be one of ${SKETCH_KINDS.join(', ')}`, `Välj vad delen är: ${KIND_LIST_SV}.`);
    }
  });

  const seen = new Set<string>();
  sketch.relations.forEach((r, i) => {
    const at = `relations.${i}`;
    const fromKnown = ids.has(r.from) && r.from.trim() !== '';
    const toKnown = ids.has(r.to) && r.to.trim() !== '';
    if (!fromKnown) add(`${at}.from`, 'the relation starts at no component of the sketch', 'Välj vilken del kopplingen går från.');
    if (!toKnown) add(`${at}.to`, 'the relation ends at no component of the sketch', 'Välj vilken del kopplingen går till.');
    if (fromKnown && toKnown && r.from === r.to) {
      add(`${at}.to`, 'a relation joins two different components', 'En koppling går mellan två olika delar. Välj en annan del att koppla till.');
    }
    if (length(r.label) > SKETCH_LIMITS.labelLength) {
      add(
        `${at}.label`,
        `the relation's text is longer than ${SKETCH_LIMITS.labelLength} characters`,
        `Korta kopplingens text till högst ${SKETCH_LIMITS.labelLength} tecken.`,
      );
    }
    // The same two components joined twice with the same text would draw one arrow over the other;
    // joined with different texts ("läser", "skriver") they are two relations.
    const key = JSON.stringify([r.from, r.to, r.label.trim().toLowerCase()]);
    if (seen.has(key)) {
      add(at, 'the same relation is already in the sketch', 'Kopplingen finns redan i skissen. Ta bort den ena.');
    }
    seen.add(key);
  });
  return problems;
}
