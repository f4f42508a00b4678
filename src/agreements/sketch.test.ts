import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { pdfFonts, pdfToText } from '../../test/support/poppler.ts';
import { PDF_FONT, render } from '../platform/pdf.ts';
import type { Sketch, SketchComponent, SketchRelation } from './schema.ts';
import { layoutSketch, SKETCH_KIND_STYLE, SKETCH_KIND_TEXT, SKETCH_TEXT, sketchSvg, type SketchLayout, type SketchRect } from './sketch.ts';
import { SKETCH_KIND_SV, SKETCH_KINDS, SKETCH_LIMITS, sketchProblems } from './sketch-rules.ts';

const component = (id: string, name: string, kind = 'server'): SketchComponent => ({ id, name, kind });
const relation = (from: string, to: string, label = ''): SketchRelation => ({ from, to, label });

/** A school platform: a web client, its server and database, and the student register it reads. */
const SCHOOL: Sketch = {
  components: [
    component('web', 'Skolwebben', 'client'),
    component('app', 'Applikationsserver', 'server'),
    component('db', 'Elevdatabas', 'database'),
    component('reg', 'Elevregister (Extens)', 'external_service'),
    component('int', 'A & B <C>', 'integration'),
  ],
  relations: [relation('web', 'app', 'HTTPS'), relation('app', 'db', 'SQL'), relation('reg', 'int', 'filer <natt>'), relation('int', 'app')],
};

describe('sketchProblems', () => {
  const many = (k: number) => Array.from({ length: k }, (_, i) => component(`c${i}`, `Del ${i}`));
  const cases: [title: string, sketch: Sketch, expected: [field: string, reasonSv: string][]][] = [
    ['an empty sketch is fine', { components: [], relations: [] }, []],
    ['the school platform is fine', SCHOOL, []],
    [
      'two relations between the same components with different texts are fine',
      { components: [component('a', 'A'), component('b', 'B')], relations: [relation('a', 'b', 'läser'), relation('a', 'b', 'skriver')] },
      [],
    ],
    [
      'a component without id',
      { components: [component('a', 'A'), component(' ', 'B')], relations: [] },
      [['sketch.components.1.id', 'Delen saknar sin interna nyckel. Ta bort delen och lägg till den igen.']],
    ],
    [
      'a repeated id',
      { components: [component('a', 'A'), component('a', 'B')], relations: [] },
      [['sketch.components.1.id', 'Delen är en kopia av en annan del. Ta bort delen och lägg till den igen.']],
    ],
    ['a blank name', { components: [component('a', 'A'), component('b', '  ')], relations: [] }, [['sketch.components.1.name', 'Skriv ett namn på delen.']]],
    ['a name of 80 characters (Å counts once)', { components: [component('a', 'Å'.repeat(80))], relations: [] }, []],
    [
      'a name of 81 characters',
      { components: [component('a', 'x'.repeat(81))], relations: [] },
      [['sketch.components.0.name', 'Korta namnet till högst 80 tecken.']],
    ],
    [
      'an unknown kind',
      { components: [component('a', 'A', 'mainframe')], relations: [] },
      [['sketch.components.0.kind', 'Välj vad delen är: server, databas, integration, klient, extern tjänst, lagring eller övrigt.']],
    ],
    [
      'a relation from no component',
      { components: [component('a', 'A')], relations: [relation('zz', 'a')] },
      [['sketch.relations.0.from', 'Välj vilken del kopplingen går från.']],
    ],
    [
      'a relation to no component',
      { components: [component('a', 'A')], relations: [relation('a', '')] },
      [['sketch.relations.0.to', 'Välj vilken del kopplingen går till.']],
    ],
    [
      'a relation from a component to itself',
      { components: [component('a', 'A')], relations: [relation('a', 'a')] },
      [['sketch.relations.0.to', 'En koppling går mellan två olika delar. Välj en annan del att koppla till.']],
    ],
    [
      'the same relation twice (text compared without case)',
      { components: [component('a', 'A'), component('b', 'B')], relations: [relation('a', 'b', 'SQL'), relation('b', 'a'), relation('a', 'b', ' sql ')] },
      [['sketch.relations.2', 'Kopplingen finns redan i skissen. Ta bort den ena.']],
    ],
    [
      'a relation text of 81 characters',
      { components: [component('a', 'A'), component('b', 'B')], relations: [relation('a', 'b', 'x'.repeat(81))] },
      [['sketch.relations.0.label', 'Korta kopplingens text till högst 80 tecken.']],
    ],
    ['60 components', { components: many(60), relations: [] }, []],
    [
      '61 components',
      { components: many(61), relations: [] },
      [['sketch.components', 'En systemskiss får ha högst 60 delar. Slå ihop eller ta bort några delar.']],
    ],
    [
      '151 relations',
      { components: many(20), relations: Array.from({ length: 151 }, (_, i) => relation(`c${i % 20}`, `c${(i + 1) % 20}`, `flöde ${i}`)) },
      [['sketch.relations', 'En systemskiss får ha högst 150 kopplingar. Ta bort några kopplingar.']],
    ],
  ];
  for (const [title, sketch, expected] of cases) {
    test(`issue 18: ${title} (R-7.1)`, () => {
      const problems = sketchProblems(sketch);
      assert.deepEqual(
        problems.map((p) => [p.field, p.reasonSv]),
        expected,
      );
      for (const p of problems) {
        assert.ok(p.reason.length > 0, 'an English reason too');
        // Plain words for the person editing: no ids or internal names in the Swedish text.
        for (const word of ['zz', 'mainframe', 'sketch', 'id']) assert.ok(!p.reasonSv.split(/[\s.,:]+/).includes(word), `${p.reasonSv} mentions ${word}`);
      }
    });
  }

  test('issue 18: every kind has a Swedish name and a style (R-7.1)', () => {
    for (const kind of SKETCH_KINDS) {
      assert.ok(SKETCH_KIND_SV[kind]);
      assert.ok(SKETCH_KIND_STYLE[kind]);
    }
  });
});

// ---- layout ---------------------------------------------------------------------------------------

const overlap = (a: SketchRect, b: SketchRect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether `p` lies on the border of `r` (elkjs ends an edge there), within half a pixel. */
const onBorder = (p: { x: number; y: number }, r: SketchRect) => {
  const e = 0.5;
  const inX = p.x >= r.x - e && p.x <= r.x + r.width + e;
  const inY = p.y >= r.y - e && p.y <= r.y + r.height + e;
  const atX = Math.abs(p.x - r.x) <= e || Math.abs(p.x - r.x - r.width) <= e;
  const atY = Math.abs(p.y - r.y) <= e || Math.abs(p.y - r.y - r.height) <= e;
  return (inX && atY) || (inY && atX);
};

/** Valid sketches: unique ids, names of any letters (some long enough to wrap), relations between two different components, none twice. */
const validSketch: fc.Arbitrary<Sketch> = fc
  .uniqueArray(
    fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
    { maxLength: 14 },
  )
  .chain((ids) =>
    fc.record({
      components: fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            kind: fc.constantFrom(...SKETCH_KINDS),
            name: fc
              .oneof(
                fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
                fc.constantFrom('A & B <C>', 'Ärendehanteringssystemet för förskola och fritidshem'),
              )
              .filter((s) => s.trim() !== '' && [...s.trim()].length <= SKETCH_LIMITS.nameLength),
          }),
        ),
      ),
      relations:
        ids.length < 2
          ? fc.constant([])
          : fc
              .array(
                fc.record({ from: fc.nat(ids.length - 1), step: fc.nat(ids.length - 2), label: fc.constantFrom('', 'SQL', 'REST <json>', 'filer & loggar') }),
                {
                  maxLength: 20,
                },
              )
              .map((rs) => {
                const seen = new Set<string>();
                return rs
                  .map((r) => relation(ids[r.from]!, ids[(r.from + 1 + r.step) % ids.length]!, r.label))
                  .filter((r) => {
                    const key = JSON.stringify([r.from, r.to, r.label]);
                    return !seen.has(key) && seen.add(key);
                  });
              }),
    }),
  );

function assertLaidOut(sketch: Sketch, layout: SketchLayout) {
  assert.deepEqual(
    layout.boxes.map((b) => b.id),
    sketch.components.map((c) => c.id),
    'every component placed once, in order',
  );
  for (const [i, a] of layout.boxes.entries()) {
    assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height, `${a.id} inside the drawing`);
    for (const b of layout.boxes.slice(i + 1)) assert.ok(!overlap(a, b), `${a.id} and ${b.id} overlap`);
  }
  assert.equal(layout.edges.length, sketch.relations.length, 'every relation gets an edge');
  const box = new Map(layout.boxes.map((b) => [b.id, b]));
  for (const [i, e] of layout.edges.entries()) {
    const r = sketch.relations[i]!;
    assert.deepEqual([e.from, e.to], [r.from, r.to]);
    assert.ok(e.points.length >= 2, 'an edge has a start and an end');
    assert.ok(onBorder(e.points[0]!, box.get(r.from)!), 'the edge leaves its source');
    assert.ok(onBorder(e.points.at(-1)!, box.get(r.to)!), 'the edge reaches its target');
    for (const [p, q] of e.points.slice(1).map((q, k) => [e.points[k]!, q] as const)) {
      assert.ok(Math.abs(p.x - q.x) < 0.01 || Math.abs(p.y - q.y) < 0.01, 'routed orthogonally');
    }
    assert.equal(e.labelBox !== null, r.label.trim() !== '', 'a text where the relation has one');
    if (e.labelBox) for (const b of layout.boxes) assert.ok(!overlap(e.labelBox, b), `the text of ${r.from}→${r.to} covers ${b.id}`);
  }
}

describe('layoutSketch', () => {
  test('issue 18: the school platform is laid out left to right (R-7.1)', async () => {
    const layout = await layoutSketch(SCHOOL);
    assertLaidOut(SCHOOL, layout);
    const x = (id: string) => layout.boxes.find((b) => b.id === id)!.x;
    assert.ok(x('web') < x('app') && x('app') < x('db'), 'data flows left to right');
  });

  test('issue 18: generated valid sketches have no problems, every component placed once without overlaps, every relation an edge (R-7.1)', async () => {
    await fc.assert(
      fc.asyncProperty(validSketch, async (sketch) => {
        assert.deepEqual(sketchProblems(sketch), []);
        assertLaidOut(sketch, await layoutSketch(sketch));
      }),
      { numRuns: 40 },
    );
  });

  test('issue 18: a sketch saved before the rules draws what it can (R-7.1)', async () => {
    const layout = await layoutSketch({
      components: [component('a', 'A'), component('a', 'A igen'), component('b', 'B', 'mainframe')],
      relations: [relation('a', 'b'), relation('a', 'borta')],
    });
    assert.deepEqual(
      layout.boxes.map((b) => [b.id, b.name, b.kind]),
      [
        ['a', 'A', 'server'],
        ['b', 'B', 'other'],
      ],
    );
    assert.deepEqual(
      layout.edges.map((e) => [e.from, e.to]),
      [['a', 'b']],
    );
  });
});

// ---- the SVG --------------------------------------------------------------------------------------

type XmlNode = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, trimValues: false });

/** The SVG parsed by an independent parser (fast-xml-parser, not pdfmake's xmldoc), after checking it is well-formed. */
function parseSvg(svg: string): XmlNode {
  assert.equal(XMLValidator.validate(svg), true, 'well-formed XML');
  const root = (parser.parse(svg) as { svg?: XmlNode }).svg;
  assert.ok(root, 'the root element is <svg>');
  return root;
}

const asList = (v: unknown): XmlNode[] => (Array.isArray(v) ? (v as XmlNode[]) : v === undefined ? [] : [v as XmlNode]);
/** An element's text: fast-xml-parser gives a string, or `#text` beside the attributes. */
const textOf = (node: unknown): string => {
  const text = typeof node === 'string' ? node : (node as XmlNode)['#text'];
  return typeof text === 'string' ? text : '';
};

/** WCAG contrast ratio of two #RRGGBB colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('sketchSvg', () => {
  test('issue 18: names, kinds and relation texts are drawn and escaped; title and description in Swedish (R-7.1)', async () => {
    const svg = sketchSvg(await layoutSketch(SCHOOL), { name: 'Skola & Co' });
    const root = parseSvg(svg);
    assert.equal(root['@_role'], 'img');
    assert.equal(root['@_font-family'], 'DejaVu Sans, sans-serif');
    assert.equal(textOf(root.title), 'Systemskiss för Skola & Co: 5 delar och 4 kopplingar');
    assert.match(
      textOf(root.desc),
      /^Delar: Skolwebben \(klient\), .* Kopplingar: Skolwebben till Applikationsserver \(HTTPS\); .*A & B <C> till Applikationsserver\.$/,
    );

    const texts = asList(root.text).map(textOf);
    for (const c of SCHOOL.components) assert.ok(texts.includes(c.name), `${c.name} is drawn`);
    for (const kind of ['Klient', 'Server', 'Databas', 'Extern tjänst', 'Integration']) assert.ok(texts.includes(kind), `${kind} is drawn`);
    for (const label of ['HTTPS', 'SQL', 'filer <natt>']) assert.ok(texts.includes(label), `${label} is drawn`);
    assert.ok(svg.includes('>A &amp; B &lt;C&gt;</text>'), 'the name escaped in the source');
    assert.ok(!svg.includes('<C>') && !svg.includes('<natt>'));

    // What svg-to-pdfkit draws: presentation attributes, no CSS, no ids to collide in a page.
    assert.ok(!/<style|class=|\sid=|<marker/.test(svg));
    assert.equal(asList(root.polygon).length, SCHOOL.relations.length, 'an arrowhead per relation');
    assert.equal(asList(root.rect).length, 1 + SCHOOL.components.length + 3, 'background, a box per component and a backing per relation text');
  });

  test('issue 18: the same sketch gives the same bytes (R-7.1)', async () => {
    const copy = structuredClone(SCHOOL);
    assert.equal(sketchSvg(await layoutSketch(SCHOOL)), sketchSvg(await layoutSketch(copy)));
  });

  test('issue 18: an empty sketch says so (R-7.1)', async () => {
    const svg = sketchSvg(await layoutSketch({ components: [], relations: [] }), { name: 'E-arkiv' });
    const root = parseSvg(svg);
    assert.equal(textOf(root.title), 'Systemskiss för E-arkiv');
    assert.equal(textOf(root.desc), 'Ingen systemskiss ännu');
    assert.equal(textOf(root.text), 'Ingen systemskiss ännu');
  });

  test('issue 18: characters XML cannot hold do not break the drawing (R-7.1)', async () => {
    const svg = sketchSvg(await layoutSketch({ components: [component('a', 'Tab\tand\u0007bell \u{1F600} "q" \'a\'')], relations: [] }));
    assert.ok(asList(parseSvg(svg).text).map(textOf).includes('Tab and bell \u{1F600} "q" \'a\''));
  });

  test('issue 18: text is at least 4.5:1 on every kind’s fill and borders 3:1 on white (R-7.1)', () => {
    for (const [kind, style] of Object.entries(SKETCH_KIND_STYLE)) {
      assert.ok(contrast(SKETCH_TEXT, style.fill) >= 4.5, `${kind} name`);
      assert.ok(contrast(SKETCH_KIND_TEXT, style.fill) >= 4.5, `${kind} kind label`);
      assert.ok(contrast(style.stroke, '#FFFFFF') >= 3, `${kind} border`);
    }
    assert.equal(new Set(Object.values(SKETCH_KIND_STYLE).map((s) => JSON.stringify(s))).size, SKETCH_KINDS.length, 'each kind drawn its own way');
  });
});

describe('the sketch in a PDF', () => {
  test('issue 18: pdfmake draws the SVG with DejaVu Sans embedded; poppler reads the names back (R-7.1)', async () => {
    const svg = sketchSvg(await layoutSketch(SCHOOL), { name: 'Skolplattformen' });
    const pdf = await render(
      {
        title: 'Systemskiss',
        subject: 'Skolplattformen',
        author: 'IT',
        printedAt: '2026-03-03T13:05:00Z',
        documentId: 'test',
        // pdfmake picks the SVG's font by its family or else this one: DejaVu Sans, as the rest of the PDF.
        content: [{ svg, fit: [483, 680], font: PDF_FONT }],
      },
      {},
    );
    const text = pdfToText(pdf);
    for (const name of [...SCHOOL.components.map((c) => c.name), 'Databas', 'Extern tjänst', 'HTTPS', 'filer <natt>']) {
      assert.ok(text.includes(name), `${name} in the PDF:\n${text}`);
    }
    assert.ok(!text.includes('Systemskiss för'), 'the title and description are for screen readers, not drawn');
    const fonts = pdfFonts(pdf);
    assert.ok(fonts.length > 0 && fonts.every((f) => f.embedded && f.name.includes('DejaVuSans')), JSON.stringify(fonts));
    assert.ok(
      fonts.some((f) => f.name.endsWith('DejaVuSans-Bold')),
      'the names in bold',
    );
  });
});
