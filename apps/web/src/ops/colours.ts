/** Distinguishable series colours with enough contrast on white (WCAG 1.4.11 for graphics). */
export const SERIES_COLOURS = [
  '#1864ab',
  '#c92a2a',
  '#2b8a3e',
  '#e67700',
  '#862e9c',
  '#0b7285',
  '#5c940d',
  '#a61e4d',
];
