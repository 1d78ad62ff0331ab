import { describe, expect, it } from 'vitest';
import type { Provider } from '../../../src-shared/providers/schema';
import { addUser, auditRows, dispatchOk, freshAdminAppPerTest, type TestAdmin, type TestApp } from '../../support/test-app';
import { errorOf, writeCounts } from './support';

let app: TestApp;
let admin: TestAdmin;
freshAdminAppPerTest((opened) => ({ app, admin } = opened));

const GREENE = { givenName: 'David', familyName: 'Greene', credentials: 'MD', specialty: 'Family medicine', npi: '1234567893' };

const create = (input: Record<string, unknown> = GREENE, session = admin.sessionId) => dispatchOk<Provider>(app, 'providers.create', input, session);
const list = async (includeInactive?: boolean) =>
  (await dispatchOk<{ items: Provider[] }>(app, 'providers.list', includeInactive === undefined ? {} : { includeInactive }, admin.sessionId)).items;

describe('providers', () => {
  it('creates a provider with a valid NPI (typed with spaces), lists it, and audits the creation', async () => {
    const provider = await create({ ...GREENE, npi: '123 456 7893', credentials: '' });
    expect(provider).toMatchObject({ givenName: 'David', familyName: 'Greene', credentials: null, npi: '1234567893', active: true });
    expect(await list()).toEqual([provider]);
    const entry = (await auditRows(app)).at(-1);
    expect(entry).toMatchObject({ action: 'provider.create', userId: admin.user.id, entityType: 'provider', entityId: provider.id });
    expect(JSON.parse(entry!.detail)).toEqual({ npi: '1234567893', active: true });
  });

  it('updates only what was sent; deactivating takes a provider out of the default list but not the admin list', async () => {
    const provider = await create();
    const other = await create({ givenName: 'Ben', familyName: 'Kildare', npi: '1912301953' });
    const renamed = await dispatchOk<Provider>(app, 'providers.update', { id: provider.id, specialty: 'Internal medicine' }, admin.sessionId);
    expect(renamed).toMatchObject({ specialty: 'Internal medicine', credentials: 'MD', npi: '1234567893', active: true });
    const inactive = await dispatchOk<Provider>(app, 'providers.update', { id: provider.id, active: false }, admin.sessionId);
    expect(inactive.active).toBe(false);
    expect((await list()).map((p) => p.id)).toEqual([other.id]);
    expect((await list(true)).map((p) => [p.familyName, p.active])).toEqual([
      ['Greene', false],
      ['Kildare', true],
    ]);
    await dispatchOk(app, 'providers.update', { id: provider.id, active: true }, admin.sessionId);
    expect((await list()).map((p) => p.id)).toEqual([provider.id, other.id]);
    expect((await auditRows(app)).filter((r) => r.action === 'provider.update').map((r) => JSON.parse(r.detail).active)).toEqual([true, false, true]);
  });

  it('refuses bad input with a specific error and writes nothing', async () => {
    const provider = await create();
    const before = writeCounts(app);
    const cases: [string, Record<string, unknown>, string, Record<string, string>][] = [
      ['providers.create', { ...GREENE, npi: '1234567890' }, 'VALIDATION', { npi: 'Not a valid NPI: the check digit does not match (a digit mistyped?)' }],
      ['providers.create', { ...GREENE, npi: '12345' }, 'VALIDATION', { npi: 'An NPI is 10 digits' }],
      ['providers.create', { ...GREENE, npi: '' }, 'VALIDATION', { npi: 'Required' }],
      ['providers.create', { ...GREENE, familyName: '  ' }, 'VALIDATION', { familyName: 'Required' }],
      ['providers.create', { ...GREENE, givenName: 'Ann' }, 'CONFLICT', { npi: 'Already used by another provider' }],
      ['providers.update', { id: provider.id, npi: '9999984590' }, 'VALIDATION', { npi: 'Not a valid NPI: the check digit does not match (a digit mistyped?)' }],
    ];
    for (const [method, input, code, fields] of cases) {
      const error = errorOf(await app.dispatch(method, input, admin.sessionId));
      expect([error.code, error.fields], JSON.stringify(input)).toEqual([code, fields]);
    }
    expect(errorOf(await app.dispatch('providers.update', { id: '0190a5f0-0000-7000-8000-000000000000', active: false }, admin.sessionId))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No provider with that id',
    });
    expect(errorOf(await app.dispatch('providers.update', { id: provider.id }, admin.sessionId)).code).toBe('VALIDATION');
    expect(writeCounts(app)).toEqual(before);
  });

  it('refuses an NPI another provider already has, also on update', async () => {
    await create();
    const other = await create({ givenName: 'Ben', familyName: 'Kildare', npi: '1912301953' });
    const error = errorOf(await app.dispatch('providers.update', { id: other.id, npi: '1234567893' }, admin.sessionId));
    expect(error).toMatchObject({ code: 'CONFLICT', message: 'Another provider already has this NPI' });
    // Its own NPI is no conflict.
    expect((await dispatchOk<Provider>(app, 'providers.update', { id: other.id, npi: '1912301953', credentials: 'DO' }, admin.sessionId)).credentials).toBe('DO');
  });

  it('lets every reader list providers, and only holders of providers.manage change them (refusals audited)', async () => {
    const provider = await create();
    const frontDesk = await addUser(app, admin.sessionId, 'front_desk');
    const manager = await addUser(app, admin.sessionId, 'office_manager');
    expect((await dispatchOk<{ items: Provider[] }>(app, 'providers.list', {}, frontDesk.sessionId)).items).toHaveLength(1);
    const before = writeCounts(app);
    for (const [method, input] of [
      ['providers.create', { ...GREENE, npi: '9999984591' }],
      ['providers.update', { id: provider.id, active: false }],
    ] as const) {
      expect(errorOf(await app.dispatch(method, input, frontDesk.sessionId)).code, method).toBe('FORBIDDEN');
    }
    expect(writeCounts(app)).toEqual(before);
    const refusals = (await auditRows(app)).filter((r) => r.action === 'auth.refused' && r.userId === frontDesk.user.id);
    expect(refusals.map((r) => JSON.parse(r.detail).method)).toEqual(['providers.create', 'providers.update']);
    expect((await create({ ...GREENE, npi: '9999984591' }, manager.sessionId)).npi).toBe('9999984591');
  });
});
