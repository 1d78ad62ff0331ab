/**
 * Small real files for document tests: a one-page PDF with a correct cross-reference table, a
 * solid-colour PNG (real zlib data and CRCs), and a JPEG's opening bytes. Each carries a marker
 * text, so a test can look for the plain content where it must not be (the encrypted store).
 */
import { crc32, deflateSync } from 'node:zlib';

/**
 * A letter-size PDF with `text` on its first line, in Helvetica (a standard font it does not embed).
 * With `pages` > 1, every page has the text and then "Page n of N", for tests that turn pages.
 */
export function samplePdf(text = 'Referral letter: knee pain, please assess', { pages = 1 }: { pages?: number } = {}): Buffer {
  const pageNumbers = Array.from({ length: pages }, (_, index) => index + 1);
  const streamOf = (page: number) =>
    pages === 1 ? `BT /F1 18 Tf 72 720 Td (${text}) Tj ET` : `BT /F1 18 Tf 72 720 Td (${text}) Tj 0 -30 Td (Page ${page} of ${pages}) Tj ET`;
  // Objects: 1 catalog, 2 page tree, 3 font, then each page and its content stream.
  const pageObject = (page: number) => 2 + page * 2;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageNumbers.map((page) => `${pageObject(page)} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...pageNumbers.flatMap((page) => {
      const stream = streamOf(page);
      return [
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageObject(page) + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
        `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
      ];
    }),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A width × height PNG of one colour, with a tEXt chunk holding `text`. */
export function samplePng(options: { width?: number; height?: number; rgb?: [number, number, number]; text?: string } = {}): Buffer {
  const { width = 40, height = 24, rgb = [32, 96, 160], text = 'Insurance card front' } = options;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1')),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a JPEG/JFIF file: enough for sniffing (not for decoding). */
export function sampleJpegStart(): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
}

/** A GIF: a real image type, but not one documents accept. */
export function sampleGif(): Buffer {
  return Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
}
