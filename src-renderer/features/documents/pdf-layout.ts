/**
 * The PDF viewer's arithmetic (PdfViewer.tsx), kept apart from pdf.js and the DOM so it is tested
 * on its own. A zoom of 1 is the paper's real size (pdf.js's 96/72 CSS pixels per PDF point).
 */

export const ZOOM_STEPS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
const MIN_ZOOM = ZOOM_STEPS[0];
const MAX_ZOOM = ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
/** Below this, two zooms count as the same step (fit width rarely lands exactly on one). */
const SAME_ZOOM = 0.01;

export function zoomIn(zoom: number): number {
  return ZOOM_STEPS.find((step) => step > zoom + SAME_ZOOM) ?? MAX_ZOOM;
}

export function zoomOut(zoom: number): number {
  return ZOOM_STEPS.findLast((step) => step < zoom - SAME_ZOOM) ?? MIN_ZOOM;
}

/** The zoom at which a page `pageWidth` CSS pixels wide at zoom 1 fills `availableWidth`. */
export function fitWidthZoom(availableWidth: number, pageWidth: number): number {
  if (!(availableWidth > 0) || !(pageWidth > 0)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, availableWidth / pageWidth));
}

/** Beyond this many pixels a canvas is drawn coarser rather than exhaust memory (a 4096 × 4096 square). */
export const MAX_CANVAS_PIXELS = 4096 * 4096;

/**
 * Canvas pixels per CSS pixel for a page of `width` × `height` CSS pixels: the screen's pixel ratio
 * (sharp on high-DPI screens), lowered when the canvas would exceed `maxPixels`.
 */
export function canvasPixelRatio(width: number, height: number, devicePixelRatio: number, maxPixels = MAX_CANVAS_PIXELS): number {
  const screenRatio = devicePixelRatio > 0 ? devicePixelRatio : 1;
  const area = width * height;
  if (!(area > 0)) return screenRatio;
  return Math.min(screenRatio, Math.sqrt(maxPixels / area));
}

/** Where a page lies in the scroller: from the gap above it (where scrolling to it stops) to its bottom. */
export interface PageSlot {
  top: number;
  bottom: number;
}

/** The 0-based index of the page at `y` (`slots` in order): the last one starting at or above it. */
export function pageIndexAt(slots: readonly PageSlot[], y: number): number {
  let low = 0;
  let high = slots.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (slots[middle]!.top <= y) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The page the reader is on: the one taking up most of the view from `viewTop` to `viewBottom` (the first, on a tie). */
export function mostVisiblePageIndex(slots: readonly PageSlot[], viewTop: number, viewBottom: number): number {
  let best = pageIndexAt(slots, viewTop);
  let bestShown = -1;
  for (let index = best; index < slots.length && slots[index]!.top < viewBottom; index += 1) {
    const shown = Math.min(slots[index]!.bottom, viewBottom) - Math.max(slots[index]!.top, viewTop);
    if (shown > bestShown) {
      best = index;
      bestShown = shown;
    }
  }
  return best;
}

/**
 * Where PageDown scrolls: one screen further, but never past the start of the next page, so a page
 * that fits the screen is turned whole and a taller one is read a screen at a time.
 */
export function pageDownTarget(scrollTop: number, screen: number, slots: readonly PageSlot[]): number {
  const nextStart = slots.find((slot) => slot.top > scrollTop + 1)?.top;
  return Math.min(scrollTop + screen, nextStart ?? Infinity);
}

/** Where PageUp scrolls: one screen back, but never before the start of the page above. */
export function pageUpTarget(scrollTop: number, screen: number, slots: readonly PageSlot[]): number {
  const previousStart = slots.findLast((slot) => slot.top < scrollTop - 1)?.top;
  return Math.max(0, scrollTop - screen, previousStart ?? 0);
}
