import { NEURAL_MODEL_KINDS, RUN_MODEL_KINDS } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { colourOf, HISTORY_COLOUR, MODEL_COLOURS } from './model-colours';

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The "redmean" approximation of perceived distance between two colours (0 same … ~765 black to white). */
function distance(a: string, b: string): number {
  const [r1, g1, b1] = rgb(a);
  const [r2, g2, b2] = rgb(b);
  const r = (r1 + r2) / 2;
  return Math.sqrt((2 + r / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - r) / 256) * (b1 - b2) ** 2);
}

/** Relative luminance (WCAG), for contrast against the white chart background. */
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('model colours', () => {
  it('gives every kind its own colour', () => {
    const colours = RUN_MODEL_KINDS.map(colourOf);
    expect(new Set(colours).size).toBe(RUN_MODEL_KINDS.length);
  });

  it('keeps the neural models far apart from each other (they were near-identical purples)', () => {
    for (const a of NEURAL_MODEL_KINDS) {
      for (const b of NEURAL_MODEL_KINDS) {
        if (a < b) expect(distance(MODEL_COLOURS[a], MODEL_COLOURS[b]), `${a} vs ${b}`).toBeGreaterThan(150);
      }
    }
  });

  it('keeps the default pair (seasonal naive and any model) apart from the grey history and readable on white', () => {
    for (const kind of RUN_MODEL_KINDS) {
      expect(distance(colourOf(kind), HISTORY_COLOUR), kind).toBeGreaterThan(60);
      // At least 2.5:1 against white, so a thin dashed line still shows.
      expect((1.05 / (luminance(colourOf(kind)) + 0.05)), kind).toBeGreaterThan(2.5);
    }
    for (const kind of RUN_MODEL_KINDS.filter((k) => k !== 'seasonal_naive')) {
      expect(distance(colourOf(kind), colourOf('seasonal_naive')), kind).toBeGreaterThan(60);
    }
  });
});
