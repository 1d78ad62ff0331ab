import { describe, expect, it } from 'vitest';
import { auditRows, dispatchOk, freshAdminAppPerTest, type TestAppWithAdmin } from '../../support/test-app';

let opened: TestAppWithAdmin;
freshAdminAppPerTest((o) => (opened = o));

describe('printing the appointment list (the schedule’s list view)', () => {
  it('is audited as an appointment list with the count of its rows', async () => {
    const { app, admin } = opened;
    await dispatchOk(app, 'audit.recordClientEvent', { event: 'print', what: 'appointment_list', count: 224 }, admin.sessionId);
    const last = (await auditRows(app)).at(-1)!;
    expect([last.action, last.userId, last.entityId, JSON.parse(last.detail)]).toEqual(['print', admin.user.id, null, { what: 'appointment_list', count: 224 }]);
  });

  it('refuses a print of something the clinic does not print, writing nothing', async () => {
    const { app, admin } = opened;
    const before = (await auditRows(app)).length;
    expect(await app.dispatch('audit.recordClientEvent', { event: 'print', what: 'appointment_lists', count: 1 }, admin.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await auditRows(app)).toHaveLength(before);
  });
});
