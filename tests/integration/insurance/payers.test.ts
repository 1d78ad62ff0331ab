import { describe, expect, it } from 'vitest';
import type { Payer } from '../../../src-shared/insurance/schema';
import { addUser, auditRows, dispatchOk, freshAdminAppPerTest, type TestAdmin, type TestApp } from '../../support/test-app';
import { errorOf, SAMPLE_PAYER, writeCounts } from './support';

let app: TestApp;
let admin: TestAdmin;
freshAdminAppPerTest((opened) => ({ app, admin } = opened));

const create = (input: Record<string, unknown> = SAMPLE_PAYER, session = admin.sessionId) => dispatchOk<Payer>(app, 'payers.create', input, session);
const list = async (input: Record<string, unknown> = {}) => (await dispatchOk<{ items: Payer[] }>(app, 'payers.list', input, admin.sessionId)).items;

describe('payers', () => {
  it('creates a payer (EDI id and phone normalized), lists it by name, and audits it', async () => {
    const key = await create({ name: 'Key Insurance Company', ediPayerId: ' 999996666 ', phone: '305-555-2222' });
    const medicare = await create({ ...SAMPLE_PAYER, ediPayerId: 'c12345', postalCode: '212369999' });
    expect(medicare).toMatchObject({ ediPayerId: 'C12345', phone: '+14105551212', region: 'MD', postalCode: '21236-9999', country: 'US', active: true });
    expect(key).toMatchObject({ ediPayerId: '999996666', phone: '+13055552222', addressLine1: null, country: null });
    expect((await list()).map((p) => p.name)).toEqual(['Key Insurance Company', 'Medicare Part B Maryland']);
    const entries = (await auditRows(app)).filter((r) => r.action === 'payer.create');
    expect(entries.map((r) => [r.entityType, r.entityId, r.userId])).toEqual([
      ['payer', key.id, admin.user.id],
      ['payer', medicare.id, admin.user.id],
    ]);
  });

  it('accepts the payer ids of the X12 samples', async () => {
    for (const [i, ediPayerId] of ['12345', '999996666', '741234', 'C12345', '99999', '842610001'].entries()) {
      expect((await create({ name: `Sample payer ${i}`, ediPayerId })).ediPayerId).toBe(ediPayerId);
    }
  });

  it('updates only what was sent, checks the address as a whole, and deactivates', async () => {
    const payer = await create();
    const moved = await dispatchOk<Payer>(app, 'payers.update', { id: payer.id, addressLine1: 'PO Box 863382', postalCode: '21237' }, admin.sessionId);
    expect(moved).toMatchObject({ addressLine1: 'PO Box 863382', city: 'Baltimore', postalCode: '21237', ediPayerId: 'C12345' });
    const refused = errorOf(await app.dispatch('payers.update', { id: payer.id, city: '' }, admin.sessionId));
    expect(refused).toMatchObject({ code: 'VALIDATION', fields: { city: 'Required for an address' } });
    await dispatchOk(app, 'payers.update', { id: payer.id, active: false }, admin.sessionId);
    expect(await list()).toEqual([]);
    expect((await list({ includeInactive: true })).map((p) => [p.name, p.active])).toEqual([['Medicare Part B Maryland', false]]);
  });

  it('refuses bad input with a specific error and writes nothing', async () => {
    const payer = await create();
    const before = writeCounts(app);
    const cases: [string, Record<string, unknown>, string, Record<string, string> | undefined][] = [
      ['payers.create', { name: 'X', ediPayerId: 'C-12345' }, 'VALIDATION', { ediPayerId: 'An EDI payer id is 2 to 10 letters or digits, e.g. 60054' }],
      ['payers.create', { name: 'X', ediPayerId: '12345678901' }, 'VALIDATION', { ediPayerId: 'An EDI payer id is 2 to 10 letters or digits, e.g. 60054' }],
      ['payers.create', { name: 'X', ediPayerId: '1' }, 'VALIDATION', { ediPayerId: 'An EDI payer id is 2 to 10 letters or digits, e.g. 60054' }],
      ['payers.create', { name: 'X', phone: '555-0142' }, 'VALIDATION', { phone: 'Not a valid phone number' }],
      ['payers.create', { name: '' }, 'VALIDATION', { name: 'Required' }],
      ['payers.create', { name: 'X', addressLine1: '1 Main St', city: 'Boston', region: 'MA', postalCode: '0213', country: 'US' }, 'VALIDATION', {
        postalCode: 'Not a ZIP code: 5 digits, or ZIP+4 (02139-4307)',
      }],
      ['payers.create', { name: 'medicare part b MARYLAND' }, 'CONFLICT', { name: 'Another payer has this name' }],
      ['payers.update', { id: payer.id, ediPayerId: 'TOO-LONG-PAYER-ID' }, 'VALIDATION', { ediPayerId: 'An EDI payer id is 2 to 10 letters or digits, e.g. 60054' }],
      ['payers.update', { id: '0190a5f0-0000-7000-8000-000000000000', name: 'Y' }, 'NOT_FOUND', { payerId: 'No such payer' }],
    ];
    for (const [method, input, code, fields] of cases) {
      const error = errorOf(await app.dispatch(method, input, admin.sessionId));
      expect([error.code, error.fields], JSON.stringify(input)).toEqual([code, fields]);
    }
    expect(writeCounts(app)).toEqual(before);
  });

  it('billing staff manage payers; the front desk only lists them (refusals audited)', async () => {
    const billing = await addUser(app, admin.sessionId, 'billing');
    const frontDesk = await addUser(app, admin.sessionId, 'front_desk');
    const payer = await create(SAMPLE_PAYER, billing.sessionId);
    expect((await dispatchOk<{ items: Payer[] }>(app, 'payers.list', {}, frontDesk.sessionId)).items.map((p) => p.id)).toEqual([payer.id]);
    const before = writeCounts(app);
    expect(errorOf(await app.dispatch('payers.create', { name: 'Other' }, frontDesk.sessionId)).code).toBe('FORBIDDEN');
    expect(errorOf(await app.dispatch('payers.update', { id: payer.id, active: false }, frontDesk.sessionId)).code).toBe('FORBIDDEN');
    expect(writeCounts(app)).toEqual(before);
    const refusals = (await auditRows(app)).filter((r) => r.action === 'auth.refused' && r.userId === frontDesk.user.id);
    expect(refusals.map((r) => JSON.parse(r.detail).method)).toEqual(['payers.create', 'payers.update']);
  });
});
