import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { samplePdf, samplePng } from '../support/document-files';
import { shot } from './support/app';
import { expect, openApp, test } from './support/fixtures';
import type { RunningHost } from './support/host';

const pdf = samplePdf('Referral: knee pain, please assess');
const png = samplePng({ width: 320, height: 200 });

/** A patient made through the contract, and their chart's Documents tab open. */
async function openDocumentsTab(page: Page, host: RunningHost): Promise<string> {
  await openApp(page, host);
  const created = await host.rpc<{ id: string }>('patients.create', {
    givenName: 'Nadia',
    familyName: 'Haddad',
    dateOfBirth: '1979-03-08',
    phone: '(617) 555-0177',
  });
  if (!created.body.ok) throw new Error(created.body.error.message);
  const id = created.body.value.id;
  await page.goto(`${host.origin}/#/patients/${id}/documents`);
  await expect(page.getByTestId('documents-tab')).toBeVisible();
  return id;
}

const rows = (page: Page) => page.getByTestId('document-row');

/** How many of the page's canvas pixels are dark (ink), not the white paper. */
function inkOn(pdfPage: Locator): Promise<number> {
  return pdfPage.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 300) dark += 1;
    return dark;
  });
}

/**
 * What the page asks of the network: pdf.js must load nothing from outside (its worker and data
 * files are the app's own). (The fixture fails a test on any CSP refusal.)
 */
function watchRequests(page: Page, origin: string): { outside: string[]; appFiles: string[] } {
  const seen = { outside: [] as string[], appFiles: [] as string[] };
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(`${origin}/`)) seen.appFiles.push(url.slice(origin.length));
    else if (!/^(blob|data):/.test(url)) seen.outside.push(url);
  });
  return seen;
}

/** A patient's PDF attached through the contract (the attach form has its own test). */
async function attachPdf(host: RunningHost, patientId: string, pdf: Buffer, title: string): Promise<void> {
  const attached = await host.rpc('documents.attach', {
    patientId,
    kind: 'referral',
    title,
    documentDate: '2026-02-20',
    fileName: `${title}.pdf`,
    contentBase64: pdf.toString('base64'),
  });
  if (!attached.body.ok) throw new Error(attached.body.error.message);
}

test('attach a PDF, see it listed, reopen it in the viewer and download it', async ({ page, host }) => {
  const requests = watchRequests(page, host.origin);
  await openDocumentsTab(page, host);
  await expect(page.getByTestId('documents-empty')).toBeVisible();

  await page.getByTestId('attach-document').click();
  const form = page.getByTestId('attach-document-form');
  await expect(page.getByTestId('document-file-input')).toBeFocused();
  await page.getByTestId('document-file-input').setInputFiles({ name: 'Referral Dr Chen.pdf', mimeType: 'application/pdf', buffer: pdf });
  // The title starts from the file name; the date from today.
  await expect(form.getByLabel('Title')).toHaveValue('Referral Dr Chen');
  await expect(form.getByLabel('Date')).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
  await form.getByLabel('Kind').selectOption({ label: 'Referral letter' });
  await form.getByLabel('Date').fill('02/20/2026');
  await shot(page, 'documents-01-attach-form');
  await form.getByLabel('Title').press('Enter');

  await expect(form).toBeHidden();
  await expect(page.getByTestId('documents-message')).toHaveText('“Referral Dr Chen” was attached.');
  await expect(page.getByTestId('attach-document')).toBeFocused();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('02/20/2026');
  await expect(rows(page).first()).toContainText('Referral letter');
  await expect(rows(page).first()).toContainText('Referral Dr Chen');
  await expect(rows(page).first()).toContainText('PDF document');
  await shot(page, 'documents-02-listed');

  // Reopen: pdf.js draws the PDF in the page (no browser plugin: the same in the desktop app).
  await rows(page).first().getByTestId('open-document').click();
  const viewer = page.getByTestId('document-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('heading', { name: 'Referral Dr Chen' })).toBeVisible();
  const pdfPage = viewer.getByTestId('pdf-page');
  await expect(pdfPage).toHaveCount(1);
  await expect(pdfPage.getByTestId('pdf-canvas')).toHaveAttribute('data-drawn', 'true');
  expect(await inkOn(pdfPage)).toBeGreaterThan(200);
  await expect(pdfPage.getByTestId('pdf-text')).toContainText('Referral: knee pain, please assess');
  await expect(viewer.getByTestId('pdf-page-number')).toHaveValue('1');
  await expect(viewer.getByTestId('pdf-page-count')).toHaveText('of 1');
  await expect(page.getByTestId('close-document')).toBeFocused();
  await shot(page, 'documents-03-viewer');
  // Helvetica is not in the file: pdf.js drew it with the font the app bundles, from the app itself.
  expect(requests.appFiles).toContain('/pdfjs/standard_fonts/LiberationSans-Regular.ttf');
  expect(requests.outside).toEqual([]);

  // Download: the original name and the very bytes that were attached.
  const downloading = page.waitForEvent('download');
  await viewer.getByTestId('download-document').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Referral Dr Chen.pdf');
  expect(readFileSync((await download.path())!).equals(pdf)).toBe(true);

  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
});

test('a long PDF: pages drawn as they come into view, turned with the keys and the buttons, zoomed', async ({ page, host }) => {
  const requests = watchRequests(page, host.origin);
  const patientId = await openDocumentsTab(page, host);
  await attachPdf(host, patientId, samplePdf('Discharge summary: knee arthroscopy', { pages: 12 }), 'Discharge summary');
  await rows(page).first().getByTestId('open-document').click();
  const viewer = page.getByTestId('document-viewer');
  const pdfPages = viewer.getByTestId('pdf-page');
  const pdfPageNumber = (n: number) => viewer.locator(`[data-testid="pdf-page"][data-page-number="${n}"]`);
  await expect(pdfPages).toHaveCount(12);
  await expect(pdfPageNumber(1).getByTestId('pdf-canvas')).toHaveAttribute('data-drawn', 'true');
  await expect(pdfPageNumber(1).getByTestId('pdf-text')).toContainText('Page 1 of 12');
  // Only the pages near the screen are drawn; the last ones wait until they are scrolled to.
  await expect(pdfPageNumber(12).locator('canvas')).toHaveCount(0);
  await expect(viewer.getByTestId('pdf-zoom-level')).not.toHaveText('100%'); // fit width

  // The keys work wherever the focus is in the dialog (it starts on Close).
  await expect(page.getByTestId('close-document')).toBeFocused();
  const pageNumber = viewer.getByTestId('pdf-page-number');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect(pageNumber).toHaveValue('2');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await expect(pageNumber).toHaveValue('1');

  // Type a page number: the last page is scrolled to and drawn, its text there.
  await pageNumber.fill('12');
  await pageNumber.press('Enter');
  await expect(pageNumber).toHaveValue('12');
  await expect(pdfPageNumber(12).getByTestId('pdf-canvas')).toHaveAttribute('data-drawn', 'true');
  expect(await inkOn(pdfPageNumber(12))).toBeGreaterThan(200);
  await expect(pdfPageNumber(12).getByTestId('pdf-text')).toContainText('Page 12 of 12');
  // Far from the screen now, the first page's drawing is let go.
  await expect(pdfPageNumber(1).locator('canvas')).toHaveCount(0);
  await viewer.getByTestId('pdf-previous-page').click();
  await expect(pageNumber).toHaveValue('11');
  await expect(viewer.getByTestId('pdf-next-page')).toBeEnabled();

  // Zoom: the keys and the buttons step through the zooms; the page grows and is drawn again.
  await viewer.getByTestId('pdf-zoom-out').click();
  const zoomLevel = viewer.getByTestId('pdf-zoom-level');
  const zoomed = await zoomLevel.textContent();
  await page.keyboard.press('-');
  await expect(zoomLevel).not.toHaveText(zoomed!);
  const smallWidth = await pdfPageNumber(11).evaluate((element) => element.getBoundingClientRect().width);
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(zoomLevel).not.toHaveText(zoomed!);
  expect(await pdfPageNumber(11).evaluate((element) => element.getBoundingClientRect().width)).toBeGreaterThan(smallWidth * 1.5);
  await expect(pageNumber).toHaveValue('11'); // the reader stays on the page they were reading
  await expect(pdfPageNumber(11).getByTestId('pdf-canvas')).toHaveAttribute('data-drawn', 'true');
  await viewer.getByTestId('pdf-zoom-out').click();
  await expect(viewer.getByTestId('pdf-fit-width')).toHaveAttribute('aria-pressed', 'false');
  await shot(page, 'documents-03b-long-pdf');
  await viewer.getByTestId('pdf-fit-width').click();
  await expect(viewer.getByTestId('pdf-fit-width')).toHaveAttribute('aria-pressed', 'true');

  expect(requests.outside).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
});

test('a damaged PDF says so in the viewer, and can still be downloaded', async ({ page, host }) => {
  const patientId = await openDocumentsTab(page, host);
  const damaged = Buffer.concat([samplePdf().subarray(0, 40), Buffer.from('\n%%EOF\n')]);
  await attachPdf(host, patientId, damaged, 'Scanned consent');
  await rows(page).first().getByTestId('open-document').click();
  const viewer = page.getByTestId('document-viewer');
  await expect(viewer.getByTestId('pdf-error')).toHaveText('This PDF could not be read; the file may be damaged. Download it to try it in another program.');
  await expect(viewer.getByTestId('download-document')).toBeVisible();
});

test('a PNG renamed .pdf is refused with the reason, and nothing is attached', async ({ page, host }) => {
  await openDocumentsTab(page, host);
  await page.getByTestId('attach-document').click();
  const form = page.getByTestId('attach-document-form');
  await page.getByTestId('document-file-input').setInputFiles({ name: 'consent.pdf', mimeType: 'application/pdf', buffer: png });
  await expect(page.getByTestId('error-file')).toHaveText('This file is a PNG image, but its name ends in .pdf. Rename it to end in .png, or choose the right file.');
  await form.getByLabel('Title').press('Enter');
  await expect(page.getByTestId('error-file')).toContainText('PNG image');
  await expect(page.getByTestId('document-file-input')).toBeFocused();
  await shot(page, 'documents-04-wrong-extension');

  // Cancelling asks first (a file was chosen), then nothing is listed.
  await page.keyboard.press('Escape');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('documents-empty')).toBeVisible();
});

test('an image dropped on the tab is attached, shown as an image, and removed after confirming', async ({ page, host }) => {
  const patientId = await openDocumentsTab(page, host);
  const drop = await page.evaluateHandle((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'insurance_card_front.png', { type: 'image/png' }));
    return transfer;
  }, png.toString('base64'));
  await page.getByTestId('documents-tab').dispatchEvent('drop', { dataTransfer: drop });

  const form = page.getByTestId('attach-document-form');
  await expect(form.getByLabel('Title')).toHaveValue('insurance card front');
  await expect(form.getByLabel('Title')).toBeFocused();
  await form.getByLabel('Kind').selectOption({ label: 'Insurance card' });
  await form.getByTestId('attach-document-submit').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('PNG image');

  await rows(page).first().getByTestId('open-document').click();
  const image = page.getByTestId('document-viewer-image');
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await shot(page, 'documents-05-image');
  await page.getByTestId('close-document').click();

  // Edit: the description changes, the file does not.
  await rows(page).first().getByTestId('edit-document').click();
  const editor = page.getByTestId('edit-document-form');
  await expect(editor.getByLabel('Title')).toBeFocused();
  await editor.getByLabel('Title').fill('Insurance card (front)');
  await shot(page, 'documents-06-edit');
  await editor.getByLabel('Title').press('Enter');
  await expect(editor).toBeHidden();
  await expect(rows(page).first()).toContainText('Insurance card (front)');
  await expect(rows(page).first()).toContainText('PNG image');

  await rows(page).first().getByTestId('remove-document').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Remove this document from the chart?');
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('documents-empty')).toBeVisible();
  const listed = await host.rpc<{ items: unknown[] }>('documents.list', { patientId });
  expect(listed.body.ok && listed.body.value.items).toEqual([]);
});
