/**
 * PDFs drawn in the page by pdf.js, the same in browser mode and in Electron (whose shell runs no
 * plugins, so Chromium's own PDF viewer is not there). Pages are drawn only when they come near
 * the visible part of the scroller and dropped when they leave it, so a long fax costs what the
 * screen shows. Nothing comes from outside the app: the PDF arrives as bytes, pdf.js's worker and
 * data files are the app's own (vite.config.ts copies the data files to pdfjs/), and neither eval
 * nor WebAssembly is used (the CSP allows neither).
 */
import {
  getDocument,
  PDFWorker,
  PixelsPerInch,
  RenderingCancelledException,
  TextLayer,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist';
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { memo, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { canvasPixelRatio, fitWidthZoom, mostVisiblePageIndex, pageDownTarget, pageIndexAt, pageUpTarget, zoomIn, zoomOut, type PageSlot } from './pdf-layout';

/** Space around the pages in the scroller, in CSS pixels (the padding and gap of .pdf-pages in styles.css). */
const PAGE_GAP = 12;

/** Where pdf.js's data files are: the app's own pdfjs/ folder. */
const dataFolder = (folder: string) => new URL(`pdfjs/${folder}/`, document.baseURI);
const DATA_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['cMapUrl', 'cmaps'],
  ['standardFontDataUrl', 'standard_fonts'],
]);

/** Hands pdf.js the CMaps and fonts it asks for, with fetch() (which app:// supports; XMLHttpRequest is not promised there). */
class AppDataFiles {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const folder = DATA_FOLDERS.get(kind);
    if (!folder) throw new Error(`pdf.js asked for an unknown kind of file: ${kind}`);
    const response = await fetch(new URL(encodeURIComponent(filename), dataFolder(folder)));
    if (!response.ok) throw new Error(`pdf.js's ${folder}/${filename} is missing from the app`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

function openPdf(data: Uint8Array, worker: PDFWorker): PDFDocumentLoadingTask {
  return getDocument({
    data,
    worker,
    BinaryDataFactory: AppDataFiles,
    // The page fetches the data files (above) the same way in both modes; the worker fetches nothing.
    useWorkerFetch: false,
    // The bundled standard fonts rather than whatever this computer has: the same page everywhere.
    useSystemFonts: false,
    // WebAssembly decoders would need 'wasm-unsafe-eval': JavaScript ones instead (JPEG 2000's from pdfjs/wasm/).
    useWasm: false,
    wasmUrl: dataFolder('wasm').href,
    isEvalSupported: false,
    enableXfa: false,
  });
}

/** A page's size in CSS pixels at zoom 1 (the paper's real size). */
interface PageSize {
  width: number;
  height: number;
}

function sizeOf(page: PDFPageProxy): PageSize {
  const { width, height } = page.getViewport({ scale: PixelsPerInch.PDF_TO_CSS_UNITS });
  return { width, height };
}

type Opened = { ok: true; pdf: PDFDocumentProxy; firstPage: PageSize } | { ok: false; message: string };

const VIEWER_FAILED = 'The PDF viewer could not start. Download the document to read it in another program.';

function openFailure(error: unknown): string {
  if ((error as { name?: unknown } | null)?.name === 'PasswordException') {
    return 'This PDF is locked with a password, so it cannot be shown here. Download it to open it with its password.';
  }
  return 'This PDF could not be read; the file may be damaged. Download it to try it in another program.';
}

/** Opens the PDF in its own pdf.js worker, ended (with the document) when the viewer closes. */
function useOpenedPdf(data: Blob): Opened | null {
  const [opened, setOpened] = useState<Opened | null>(null);
  useEffect(() => {
    let closed = false;
    const thread = new Worker(pdfWorkerUrl, { type: 'module', name: 'pdf.js' });
    // pdf.js would wait for a worker that never starts: say so instead.
    thread.addEventListener('error', () => !closed && setOpened({ ok: false, message: VIEWER_FAILED }));
    const worker = PDFWorker.create({ port: thread });
    let task: PDFDocumentLoadingTask | null = null;
    void (async () => {
      try {
        const bytes = new Uint8Array(await data.arrayBuffer());
        if (closed) return;
        task = openPdf(bytes, worker);
        const pdf = await task.promise;
        const firstPage = sizeOf(await pdf.getPage(1));
        if (!closed) setOpened({ ok: true, pdf, firstPage });
      } catch (error) {
        if (!closed) setOpened({ ok: false, message: openFailure(error) });
      }
    })();
    return () => {
      closed = true;
      void (task?.destroy() ?? Promise.resolve()).finally(() => {
        worker.destroy();
        thread.terminate();
      });
    };
  }, [data]);
  return opened;
}

/** The PDF `data` with page navigation and zoom. Keys anywhere in the dialog: PageUp/PageDown, + and −. */
export function PdfViewer({ data, title }: { data: Blob; title: string }) {
  const opened = useOpenedPdf(data);
  if (!opened) return <p className="hint pdf-status">Opening the PDF…</p>;
  if (!opened.ok) {
    return (
      <p className="banner banner-error" role="alert" data-testid="pdf-error">
        {opened.message}
      </p>
    );
  }
  return <PdfDocument pdf={opened.pdf} firstPage={opened.firstPage} title={title} />;
}

type ZoomChoice = { fitWidth: true } | { fitWidth: false; zoom: number };

/** Each page's slot in the scroller (the scroller is the pages' offsetParent). */
function pageSlots(scroller: HTMLElement): PageSlot[] {
  return Array.from(scroller.querySelectorAll<HTMLElement>(':scope > .pdf-page'), (page) => ({
    top: Math.max(0, page.offsetTop - PAGE_GAP),
    bottom: page.offsetTop + page.offsetHeight,
  }));
}

const isTyping = (target: EventTarget | null) => target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;

function PdfDocument({ pdf, firstPage, title }: { pdf: PDFDocumentProxy; firstPage: PageSize; title: string }) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [zoomChoice, setZoomChoice] = useState<ZoomChoice>({ fitWidth: true });
  const [scrollerWidth, setScrollerWidth] = useState(0);
  const [currentPage, setCurrentPage] = useState(1);
  /** Where the reader is (a page and how far down it), so a new zoom shows the same place. */
  const readingAt = useRef({ index: 0, fraction: 0 });
  const pageCount = pdf.numPages;
  const zoom = zoomChoice.fitWidth ? fitWidthZoom(scrollerWidth - 2 * PAGE_GAP, firstPage.width) : zoomChoice.zoom;
  // Fit width waits for the scroller's width: no page is drawn at a zoom about to change.
  const measured = !zoomChoice.fitWidth || scrollerWidth > 0;

  useEffect(() => {
    const scroller = scrollerRef.current!;
    const observer = new ResizeObserver(() => setScrollerWidth(scroller.clientWidth));
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const scroller = scrollerRef.current!;
    const slot = pageSlots(scroller)[readingAt.current.index];
    if (slot) scroller.scrollTop = slot.top + readingAt.current.fraction * (slot.bottom - slot.top);
  }, [zoom]);

  const onScroll = () => {
    const scroller = scrollerRef.current!;
    const slots = pageSlots(scroller);
    const top = scroller.scrollTop;
    const at = pageIndexAt(slots, top);
    const slot = slots[at];
    if (slot) readingAt.current = { index: at, fraction: (top - slot.top) / Math.max(1, slot.bottom - slot.top) };
    setCurrentPage(mostVisiblePageIndex(slots, top, top + scroller.clientHeight) + 1);
  };

  const scrollTo = (top: number) => {
    scrollerRef.current!.scrollTop = top;
  };
  const goToPage = (pageNumber: number) => {
    const slot = pageSlots(scrollerRef.current!)[Math.min(Math.max(pageNumber, 1), pageCount) - 1];
    if (slot) scrollTo(slot.top);
  };
  const setZoom = (next: number) => setZoomChoice({ fitWidth: false, zoom: next });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const scroller = scrollerRef.current!;
      const screen = scroller.clientHeight - 2 * PAGE_GAP;
      const actions: Record<string, (() => void) | undefined> = {
        PageDown: () => scrollTo(pageDownTarget(scroller.scrollTop, screen, pageSlots(scroller))),
        PageUp: () => scrollTo(pageUpTarget(scroller.scrollTop, screen, pageSlots(scroller))),
        ...(isTyping(event.target) ? {} : { '+': () => setZoom(zoomIn(zoom)), '=': () => setZoom(zoomIn(zoom)), '-': () => setZoom(zoomOut(zoom)) }),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [zoom]);

  return (
    <div className="pdf-viewer" data-testid="document-viewer-pdf">
      <div className="pdf-toolbar" role="group" aria-label="Pages and zoom">
        <button type="button" onClick={() => goToPage(currentPage - 1)} disabled={currentPage <= 1} title="Previous page (PageUp)" data-testid="pdf-previous-page">
          Previous page
        </button>
        <PageNumberField current={currentPage} count={pageCount} onGo={goToPage} />
        <button type="button" onClick={() => goToPage(currentPage + 1)} disabled={currentPage >= pageCount} title="Next page (PageDown)" data-testid="pdf-next-page">
          Next page
        </button>
        <span className="pdf-zoom">
          <button type="button" onClick={() => setZoom(zoomOut(zoom))} aria-label="Zoom out" title="Zoom out (−)" data-testid="pdf-zoom-out">
            −
          </button>
          <output className="pdf-zoom-level" aria-label="Zoom" data-testid="pdf-zoom-level">
            {Math.round(zoom * 100)}%
          </output>
          <button type="button" onClick={() => setZoom(zoomIn(zoom))} aria-label="Zoom in" title="Zoom in (+)" data-testid="pdf-zoom-in">
            +
          </button>
          <button type="button" onClick={() => setZoomChoice({ fitWidth: true })} aria-pressed={zoomChoice.fitWidth} data-testid="pdf-fit-width">
            Fit width
          </button>
        </span>
      </div>
      {/* Focusable, so the arrow keys scroll it too. */}
      <div className="pdf-pages" ref={scrollerRef} onScroll={onScroll} tabIndex={0} role="region" aria-label={title} data-testid="pdf-pages">
        {Array.from({ length: pageCount }, (_, index) => (
          <PdfPage key={index} pdf={pdf} pageNumber={index + 1} zoom={zoom} fallbackSize={firstPage} drawable={measured} scrollerRef={scrollerRef} />
        ))}
      </div>
    </div>
  );
}

/** "Page [3] of 12": type a number and press Enter to go there. */
function PageNumberField({ current, count, onGo }: { current: number; count: number; onGo(pageNumber: number): void }) {
  const [typed, setTyped] = useState<string | null>(null);
  const go = () => {
    const pageNumber = Number(typed);
    if (Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= count) onGo(pageNumber);
    setTyped(null);
  };
  return (
    <label className="pdf-page-number">
      Page
      <input
        value={typed ?? String(current)}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          go();
        }}
        onBlur={() => setTyped(null)}
        inputMode="numeric"
        size={3}
        data-testid="pdf-page-number"
      />
      <span data-testid="pdf-page-count">of {count}</span>
    </label>
  );
}

/** True while `target` is within one screen of the scroller's visible part. */
function useNearScroller(target: RefObject<HTMLElement | null>, scroller: RefObject<HTMLElement | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const observer = new IntersectionObserver((entries) => setNear(entries.at(-1)?.isIntersecting ?? false), {
      root: scroller.current,
      rootMargin: '100% 0px',
    });
    observer.observe(target.current!);
    return () => observer.disconnect();
  }, [target, scroller]);
  return near;
}

interface PdfPageProps {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  zoom: number;
  /** The size shown until the page itself is read (the first page's). */
  fallbackSize: PageSize;
  drawable: boolean;
  scrollerRef: RefObject<HTMLElement | null>;
}

/** One page's place in the scroller; drawn only while near the visible part. (Memoised: scrolling re-renders the document.) */
const PdfPage = memo(function PdfPage({ pdf, pageNumber, zoom, fallbackSize, drawable, scrollerRef }: PdfPageProps) {
  const ref = useRef<HTMLDivElement>(null);
  const near = useNearScroller(ref, scrollerRef);
  const [page, setPage] = useState<PDFPageProxy | null>(null);
  const [unreadable, setUnreadable] = useState(false);

  useEffect(() => {
    if (!near || page) return;
    let current = true;
    pdf.getPage(pageNumber).then(
      (read) => current && setPage(read),
      () => current && setUnreadable(true),
    );
    return () => {
      current = false;
    };
  }, [near, page, pdf, pageNumber]);

  const size = page ? sizeOf(page) : fallbackSize;
  const style = {
    width: size.width * zoom,
    height: size.height * zoom,
    // pdf.js's text layer sizes itself from this (see .pdf-page .textLayer in styles.css).
    '--total-scale-factor': zoom * PixelsPerInch.PDF_TO_CSS_UNITS,
  } as CSSProperties;
  return (
    <div ref={ref} className="pdf-page" style={style} role="group" aria-label={`Page ${pageNumber}`} data-testid="pdf-page" data-page-number={pageNumber}>
      {unreadable && <p className="pdf-page-problem">This page could not be read.</p>}
      {near && drawable && page && <PageDrawing page={page} zoom={zoom} />}
    </div>
  );
});

/**
 * The page's picture (a canvas) and its text (pdf.js's transparent text layer, for selecting,
 * copying and screen readers). At a new zoom the old canvas stays, stretched, until the new one is
 * drawn: no blank flash.
 */
function PageDrawing({ page, zoom }: { page: PDFPageProxy; zoom: number }) {
  const canvasHolderRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [drawnAt, setDrawnAt] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const viewport = page.getViewport({ scale: zoom * PixelsPerInch.PDF_TO_CSS_UNITS });
    const ratio = canvasPixelRatio(viewport.width, viewport.height, window.devicePixelRatio);
    const canvas = document.createElement('canvas');
    canvas.className = 'pdf-canvas';
    canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
    canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
    const drawing = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
    drawing.promise.then(
      () => {
        canvasHolderRef.current?.replaceChildren(canvas);
        setDrawnAt(zoom);
      },
      (error: unknown) => {
        if (!(error instanceof RenderingCancelledException)) setFailed(true);
      },
    );

    const textContainer = textRef.current!;
    textContainer.replaceChildren();
    const text = new TextLayer({ textContentSource: page.streamTextContent(), container: textContainer, viewport });
    text.render().catch(() => {
      // Without its text a page is still shown; a cancelled one is simply redrawn.
    });
    return () => {
      drawing.cancel();
      text.cancel();
    };
  }, [page, zoom]);

  // Leaving the screen: free what pdf.js kept for drawing this page (decoded images can be large).
  useEffect(() => () => void page.cleanup(), [page]);

  return (
    <>
      <div className="pdf-canvas-holder" ref={canvasHolderRef} data-testid="pdf-canvas" data-drawn={drawnAt === zoom} />
      <div className="textLayer" ref={textRef} data-testid="pdf-text" />
      {failed && <p className="pdf-page-problem">This page could not be drawn.</p>}
    </>
  );
}
