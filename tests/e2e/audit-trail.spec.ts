import { samplePdf } from '../support/document-files';
import { expect, openApp, test } from './support/fixtures';
import { shot } from './support/app';
import { daysAgo, rpcValue } from './support/host';

/**
 * The chart's actions, each driven through the contract here (their screens have their own specs),
 * all appear on the audit screen filtered by the chart, with their labels.
 */
test('the audit screen shows a chart’s coverage, document, record request, print, merge and unmerge', async ({ page, host }) => {
  const patient = await rpcValue<{ id: string }>(host, 'patients.create', { givenName: 'Ines', familyName: 'Carvalho', dateOfBirth: '1968-09-21' });
  const duplicate = await rpcValue<{ id: string }>(host, 'patients.create', {
    givenName: 'Inês',
    familyName: 'Carvalho',
    dateOfBirth: '1968-09-21',
    confirmNewPatient: true,
  });
  const payer = await rpcValue<{ id: string }>(host, 'payers.create', { name: 'Harbor Health Plan', ediPayerId: '60054' });
  await rpcValue(host, 'coverages.add', { patientId: patient.id, payerId: payer.id, rank: 'primary', memberId: 'HHP-4471-02' });
  const document = await rpcValue<{ id: string }>(host, 'documents.attach', {
    patientId: patient.id,
    kind: 'referral',
    title: 'Referral letter',
    documentDate: daysAgo(1),
    fileName: 'referral.pdf',
    contentBase64: samplePdf().toString('base64'),
  });
  await rpcValue(host, 'documents.open', { id: document.id });
  const request = await rpcValue<{ id: string }>(host, 'recordRequests.log', {
    patientId: patient.id,
    requesterName: 'Coastal Legal LLP',
    requesterKind: 'attorney',
    purpose: 'legal',
    recordsRequested: 'Visit notes 2025',
    authorizationOnFile: true,
    receivedOn: daysAgo(5),
  });
  await rpcValue(host, 'recordRequests.release', { id: request.id, releasedOn: daysAgo(1), releasedVia: 'mail', releasedWhat: 'Visit notes 2025' });
  await rpcValue(host, 'audit.recordClientEvent', { event: 'print', what: 'accounting_of_disclosures', patientId: patient.id });
  const merge = await rpcValue<{ id: string }>(host, 'patients.merge', { survivorId: patient.id, mergedId: duplicate.id });
  await rpcValue(host, 'patients.unmerge', { mergeId: merge.id });

  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
  const log = page.getByTestId('audit-log');
  await log.getByTestId('audit-patient-input').fill('carvalho 1968-09-21');
  await expect(log.getByTestId('search-result')).toHaveCount(2);
  await log.locator(`[data-testid="search-result"][data-patient-id="${patient.id}"]`).click();
  await expect(log.getByTestId('audit-patient-chosen')).toContainText('Carvalho, Ines');

  const rows = log.getByTestId('audit-row');
  for (const label of [
    'Patient registered',
    'Coverage added',
    'Document attached',
    'Document opened',
    'Record request logged',
    'Records released',
    'Printed',
    'Charts merged',
    'Merge undone',
  ]) {
    await expect(rows.filter({ hasText: label }).first(), label).toBeVisible();
  }
  await shot(page, 'audit-trail-chart-actions');
});
