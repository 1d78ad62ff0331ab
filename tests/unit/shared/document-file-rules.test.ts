import { describe, expect, it } from 'vitest';
import {
  checkDocumentFile,
  fileExtension,
  formatByteSize,
  MAX_DOCUMENT_BYTES,
  sniffFileType,
} from '../../../src-shared/documents/file-rules';
import { documentAttachInput, documentDateSchema } from '../../../src-shared/documents/schema';
import { sampleGif, sampleJpegStart, samplePdf, samplePng } from '../../support/document-files';

async function check(fileName: string, content: Buffer, byteSize = content.length) {
  return checkDocumentFile({ fileName, byteSize, sniffed: await sniffFileType(content) });
}

describe('document file rules', () => {
  it('accepts PDF, PNG and JPEG by content, with a matching extension in any case', async () => {
    expect(await check('letter.pdf', samplePdf())).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(await check('CARD.PNG', samplePng())).toEqual({ ok: true, contentType: 'image/png' });
    expect(await check('scan.jpg', sampleJpegStart())).toEqual({ ok: true, contentType: 'image/jpeg' });
    expect(await check('scan.JPEG', sampleJpegStart())).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  it('refuses content that does not agree with the name, saying what the file really is', async () => {
    expect(await check('letter.pdf', samplePng())).toEqual({
      ok: false,
      reason: 'extension_mismatch',
      message: 'This file is a PNG image, but its name ends in .pdf. Rename it to end in .png, or choose the right file.',
    });
    const jpegAsPng = await check('card.png', sampleJpegStart());
    expect(jpegAsPng.ok === false && jpegAsPng.message).toMatch(/JPEG image, but its name ends in \.png\. Rename it to end in \.jpg or \.jpeg/);
    const noExtension = await check('scan', samplePdf());
    expect(noExtension.ok === false && noExtension.message).toMatch(/PDF document, but its name has no extension/);
  });

  it('refuses other types by content, whatever the name says', async () => {
    const gif = await check('photo.png', sampleGif());
    expect(gif).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expect(gif.ok === false && gif.message).toBe('This file is of type GIF: only PDF, PNG and JPEG files can be attached.');
    const text = await check('notes.pdf', Buffer.from('Maria Lopez, chart notes'));
    expect(text).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expect(text.ok === false && text.message).toMatch(/not a PDF, PNG or JPEG file/);
  });

  it('refuses empty files and files over the limit, giving the size and the limit', async () => {
    expect(await check('empty.pdf', Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'empty' });
    expect(await check('big.pdf', samplePdf(), MAX_DOCUMENT_BYTES)).toMatchObject({ ok: true });
    const tooBig = await check('big.pdf', samplePdf(), MAX_DOCUMENT_BYTES + 1);
    expect(tooBig).toMatchObject({ ok: false, reason: 'too_large' });
    const huge = await check('big.pdf', samplePdf(), 26_738_688);
    expect(huge.ok === false && huge.message).toMatch(/^This file is 25\.5 MB; documents can be at most 20 MB\./);
  });

  it('never quotes the file name in a message', async () => {
    for (const content of [samplePng(), sampleGif(), Buffer.alloc(0)]) {
      const result = await check('Lopez Maria consent.pdf', content);
      expect(result.ok === false && result.message).not.toMatch(/Lopez|Maria|consent/);
    }
  });

  it('formats sizes and reads extensions', () => {
    expect(formatByteSize(900)).toBe('900 bytes');
    expect(formatByteSize(14_500)).toBe('14 KB');
    expect(formatByteSize(3_355_443)).toBe('3.2 MB');
    expect(formatByteSize(125_829_120)).toBe('120 MB');
    expect(fileExtension('a.b.PDF')).toBe('.pdf');
    expect(fileExtension('.pdf')).toBe('');
    expect(fileExtension('scan.')).toBe('');
    expect(fileExtension('scan')).toBe('');
  });
});

describe('document attach input', () => {
  const valid = {
    patientId: '0190d1f4-5c3e-7000-8000-000000000001',
    kind: 'referral',
    title: 'Referral from Dr. Chen',
    documentDate: '2026-01-15',
    fileName: 'referral.pdf',
    contentBase64: samplePdf().toString('base64'),
  };

  it('accepts a complete attachment', () => {
    expect(documentAttachInput.safeParse(valid).success).toBe(true);
  });

  it('refuses content that is not base64, future dates, folder paths in names and unknown kinds', () => {
    const fields = (input: object) => {
      const parsed = documentAttachInput.safeParse({ ...valid, ...input });
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(fields({ contentBase64: 'not base64!' })).toEqual(['contentBase64']);
    expect(fields({ documentDate: '2999-01-01' })).toEqual(['documentDate']);
    expect(fields({ documentDate: '2026-02-30' })).toEqual(['documentDate']);
    expect(fields({ fileName: '../../etc/passwd.pdf' })).toEqual(['fileName']);
    expect(fields({ fileName: 'C:\\scans\\a.pdf' })).toEqual(['fileName']);
    expect(fields({ kind: 'x-ray' })).toEqual(['kind']);
    expect(fields({ title: '   ' })).toEqual(['title']);
    expect(documentDateSchema.safeParse('1899-12-31').success).toBe(false);
  });
});
