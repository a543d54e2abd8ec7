import type { ReactNode } from 'react';

/**
 * A wide table scrolls within itself on a phone instead of widening the page. The scrolling region is
 * focusable and named, so keyboard users can scroll it too (WCAG 2.1.1, axe `scrollable-region-focusable`).
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="scroll-table" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
