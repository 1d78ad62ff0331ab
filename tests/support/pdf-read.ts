/** Reads a PDF back in Node with pdf.js (its legacy build): the text line by line, or a page drawn as a PNG. */
import path from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Fonts that are not embedded (the standard 14) are drawn from pdf.js's own files. */
export function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: path.resolve('node_modules/pdfjs-dist/standard_fonts') + path.sep }).promise;
}

/** Every page's lines of text, top to bottom; the pieces of one line (a table row's cells) joined by " | ". */
export async function pdfLines(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await openPdf(bytes);
  try {
    const pages: string[][] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const content = await (await pdf.getPage(number)).getTextContent();
      const lines = new Map<number, string[]>();
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const y = Math.round(item.transform[5] as number);
        lines.set(y, [...(lines.get(y) ?? []), item.str]);
      }
      pages.push([...lines.entries()].sort((a, b) => b[0] - a[0]).map(([, pieces]) => pieces.join(' | ')));
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

/** One page drawn as a PNG (pdf.js draws on @napi-rs/canvas in Node), with its size in PDF points. */
export async function renderPdfPage(bytes: Uint8Array, pageNumber = 1, scale = 1.5): Promise<{ png: Buffer; width: number; height: number }> {
  const pdf = await openPdf(bytes);
  try {
    const page = await pdf.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const factory = (pdf as unknown as { canvasFactory: { create(width: number, height: number): { canvas: NodeCanvas; context: CanvasRenderingContext2D } } }).canvasFactory;
    const { canvas, context } = factory.create(viewport.width, viewport.height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context, viewport }).promise;
    const [, , width, height] = page.view;
    return { png: canvas.toBuffer('image/png'), width: width!, height: height! };
  } finally {
    await pdf.destroy();
  }
}

interface NodeCanvas {
  toBuffer(type: 'image/png'): Buffer;
}
