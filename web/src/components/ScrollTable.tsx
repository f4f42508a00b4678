import { Table } from '@mantine/core';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A table container for every list the app shows as a table.
 *
 * Wide enough, it scrolls horizontally and keyboard users can scroll it too (WCAG 2.1.1): the
 * container itself is the scrolling element (`type="native"`), takes focus (tabIndex 0) and is a
 * named region, so arrow keys scroll it and screen readers announce what it holds.
 *
 * Narrower than 40rem (a phone; a container query, so the menu beside it counts), each row becomes a
 * card that lists every cell under its column's name (app.css `.stack-table`), so nothing — the
 * queue's SLA and status, a billing run's amounts — is cut off or needs sideways scrolling (issue 16,
 * WCAG 1.4.10 reflow). The column names come from the table's own header row: `labelCells` copies
 * them onto the cells as `data-label` (shown with CSS) and keeps the table's roles explicit, because
 * a table laid out as blocks would otherwise lose them in some browsers. Pages write an ordinary table.
 *
 * Placed in a section already named like the table (a heading "Kategorier" over the categories), the
 * container is a named group rather than a second region of the same name (axe `landmark-unique`).
 */
export function ScrollTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [role, setRole] = useState<'region' | 'group'>('region');
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    setRole(enclosingLandmarkName(root) === label.trim() ? 'group' : 'region');
    labelCells(root);
    // Rows come and go (filters, "show more"); attributes are not observed, so labelling does not loop.
    const observer = new MutationObserver(() => labelCells(root));
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [label]);
  return (
    <div ref={ref} className="stack-table">
      <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role={role} aria-label={label}>
        {children}
      </Table.ScrollContainer>
    </div>
  );
}

/** The name of the nearest named section or region around `el`, if any. */
function enclosingLandmarkName(el: HTMLElement): string | undefined {
  const landmark = el.parentElement?.closest('section[aria-labelledby], section[aria-label], [role="region"]');
  if (!landmark) return undefined;
  const by = landmark.getAttribute('aria-labelledby');
  const named = by
    ? by
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
    : (landmark.getAttribute('aria-label') ?? '');
  return named.replace(/\s+/g, ' ').trim();
}

function setIfChanged(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** An element's text without what is hidden from everyone (`aria-hidden`, such as a sort arrow). */
function shownText(el: Element): string {
  let text = '';
  for (const node of el.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent ?? '';
    else if (node instanceof Element && node.getAttribute('aria-hidden') !== 'true') text += ` ${shownText(node)} `;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Names each body and footer cell after its column (by position, column spans counted) and keeps the roles explicit. */
export function labelCells(root: HTMLElement): void {
  for (const table of root.querySelectorAll('table')) {
    setIfChanged(table, 'role', 'table');
    const headerRows = table.tHead?.rows;
    const columns: string[] = [];
    if (headerRows && headerRows.length > 0) {
      let col = 0;
      for (const th of headerRows[headerRows.length - 1]!.cells) {
        const text = shownText(th);
        for (let i = 0; i < th.colSpan; i++) columns[col + i] = i === 0 ? text : '';
        col += th.colSpan;
      }
    }
    for (const section of [table.tHead, ...table.tBodies, table.tFoot]) {
      if (!section) continue;
      setIfChanged(section, 'role', 'rowgroup');
      for (const row of section.rows) {
        setIfChanged(row, 'role', 'row');
        let col = 0;
        for (const cell of row.cells) {
          const header = cell.tagName === 'TH';
          const inHead = section === table.tHead;
          setIfChanged(cell, 'role', header ? (inHead || cell.getAttribute('scope') === 'col' ? 'columnheader' : 'rowheader') : 'cell');
          // A row's own header (its title in the card) and empty columns get no label.
          const name = !inHead && !header ? (columns[col] ?? '') : '';
          if (name) setIfChanged(cell, 'data-label', name);
          else if (cell.hasAttribute('data-label')) cell.removeAttribute('data-label');
          col += cell.colSpan;
        }
      }
    }
  }
}
