import { describe, expect, it } from 'vitest';
import {
  canvasPixelRatio,
  fitWidthZoom,
  MAX_CANVAS_PIXELS,
  mostVisiblePageIndex,
  pageDownTarget,
  pageIndexAt,
  pageUpTarget,
  zoomIn,
  zoomOut,
  type PageSlot,
} from '../../../src-renderer/features/documents/pdf-layout';

/** Three 1000-pixel pages, each after a 12-pixel gap: slots start where scrolling to the page stops. */
const slots: PageSlot[] = [
  { top: 0, bottom: 1012 },
  { top: 1012, bottom: 2024 },
  { top: 2024, bottom: 3036 },
];

describe('zoom steps', () => {
  it('steps through the zooms, from any zoom (fit width lands between steps)', () => {
    expect(zoomIn(1)).toBe(1.25);
    expect(zoomOut(1)).toBe(0.75);
    expect(zoomIn(1.1)).toBe(1.25);
    expect(zoomOut(1.1)).toBe(1);
    expect(zoomIn(1.245)).toBe(1.5); // close enough to 1.25 to count as it
  });

  it('stops at the smallest and largest zoom', () => {
    expect(zoomOut(0.25)).toBe(0.25);
    expect(zoomOut(0.1)).toBe(0.25);
    expect(zoomIn(4)).toBe(4);
    expect(zoomIn(9)).toBe(4);
  });

  it('fits a page to the width, within the zoom range', () => {
    expect(fitWidthZoom(1632, 816)).toBe(2);
    expect(fitWidthZoom(838, 816)).toBeCloseTo(1.027, 3);
    expect(fitWidthZoom(100, 816)).toBe(0.25);
    expect(fitWidthZoom(100_000, 816)).toBe(4);
    expect(fitWidthZoom(0, 816)).toBe(1); // not measured yet
    expect(fitWidthZoom(800, 0)).toBe(1);
  });
});

describe('canvasPixelRatio', () => {
  it("draws at the screen's pixel ratio", () => {
    expect(canvasPixelRatio(816, 1056, 1)).toBe(1);
    expect(canvasPixelRatio(816, 1056, 2)).toBe(2);
    expect(canvasPixelRatio(816, 1056, 0)).toBe(1);
  });

  it('draws coarser rather than make a canvas over the pixel limit', () => {
    const ratio = canvasPixelRatio(3264, 4224, 2); // a letter page at 400 %
    expect(ratio).toBeLessThan(2);
    expect(3264 * ratio * 4224 * ratio).toBeCloseTo(MAX_CANVAS_PIXELS, -2);
    expect(canvasPixelRatio(100, 100, 2, 10_000)).toBe(1);
  });
});

describe('where the reader is', () => {
  it('finds the page at a scroll position', () => {
    expect(pageIndexAt(slots, 0)).toBe(0);
    expect(pageIndexAt(slots, 1011)).toBe(0);
    expect(pageIndexAt(slots, 1012)).toBe(1);
    expect(pageIndexAt(slots, 5000)).toBe(2);
    expect(pageIndexAt([{ top: 0, bottom: 10 }], 99)).toBe(0);
  });

  it('names the page taking most of the view, the first on a tie', () => {
    expect(mostVisiblePageIndex(slots, 0, 600)).toBe(0);
    expect(mostVisiblePageIndex(slots, 700, 1300)).toBe(0); // 312 of page 1 against 288 of page 2
    expect(mostVisiblePageIndex(slots, 800, 1400)).toBe(1);
    expect(mostVisiblePageIndex(slots, 2436, 3036)).toBe(2); // scrolled to the end
    const small = [0, 1, 2, 3].map((i) => ({ top: i * 100, bottom: i * 100 + 100 }));
    expect(mostVisiblePageIndex(small, 0, 600)).toBe(0);
  });
});

describe('PageDown and PageUp', () => {
  it('scroll a screen at a time, stopping at the start of each page', () => {
    expect(pageDownTarget(0, 600, slots)).toBe(600); // page 1 is taller than the screen
    expect(pageDownTarget(600, 600, slots)).toBe(1012); // the rest of page 1, then page 2 starts
    expect(pageDownTarget(1012, 600, slots)).toBe(1612);
    expect(pageUpTarget(1612, 600, slots)).toBe(1012);
    expect(pageUpTarget(1012, 600, slots)).toBe(412);
    expect(pageUpTarget(412, 600, slots)).toBe(0);
    expect(pageUpTarget(0, 600, slots)).toBe(0);
  });

  it('turn whole pages when a page fits the screen', () => {
    const small = [0, 1, 2, 3].map((i) => ({ top: i * 400, bottom: i * 400 + 400 }));
    expect(pageDownTarget(0, 600, small)).toBe(400);
    expect(pageDownTarget(400, 600, small)).toBe(800);
    expect(pageUpTarget(800, 600, small)).toBe(400);
  });

  it('go no further than a screen past the last page start (the browser stops at the end)', () => {
    expect(pageDownTarget(2024, 600, slots)).toBe(2624);
  });
});
