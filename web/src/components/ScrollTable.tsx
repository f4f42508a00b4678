import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A horizontally scrolling table container that keyboard users can scroll too (WCAG 2.1.1): the
 * container itself is the scrolling element (`type="native"`), takes focus (tabIndex 0) and is a
 * named region, so arrow keys scroll it and screen readers announce what it holds.
 */
export function ScrollTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}
