/**
 * The updates.* methods through the router, in browser mode (which has no updater): the policy is
 * admin-only, validated and audited; status says there is no updater here; the install actions are
 * refused; any signed-in screen may report unsaved work.
 */
import { describe, expect, it } from 'vitest';
import { addUser, auditRows, dispatchOk, freshAdminAppPerTest, type TestAppWithAdmin } from '../../support/test-app';
import { BROWSER_MODE_NO_UPDATER } from '../../../src-main/updates/service';
import { UPDATE_POLICY_SETTING } from '../../../src-main/updates/settings';
import type { UpdateStatus } from '../../../src-shared/updates/schema';

let t: TestAppWithAdmin;
freshAdminAppPerTest((opened) => (t = opened));

const POLICY = { enabled: true, ring: 'beta', stableFeedUrl: 'https://updates.clinic.example/stable', betaFeedUrl: 'https://updates.clinic.example/beta/', allowDowngrade: false };

describe('updates.* in browser mode', () => {
  it('shows the status, saying there is no updater here', async () => {
    const status = await dispatchOk<UpdateStatus>(t.app, 'updates.status', {}, t.admin.sessionId);
    expect(status).toMatchObject({ supported: false, phase: 'off', offReason: BROWSER_MODE_NO_UPDATER, currentVersion: '0.0.0-test', busy: false });
    expect(status.policy).toEqual({ enabled: true, ring: 'stable', stableFeedUrl: null, betaFeedUrl: null, allowDowngrade: false });
    for (const method of ['updates.check', 'updates.restartNow', 'updates.installTonight']) {
      const refused = await t.app.dispatch(method, {}, t.admin.sessionId);
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'CONFLICT', message: BROWSER_MODE_NO_UPDATER });
    }
  });

  it('saves the clinic’s policy (normalised, audited) for every workstation', async () => {
    const status = await dispatchOk<UpdateStatus>(t.app, 'updates.setPolicy', POLICY, t.admin.sessionId);
    expect(status.policy).toEqual({ ...POLICY, stableFeedUrl: 'https://updates.clinic.example/stable/' });
    expect(status.ring).toBe('beta');
    expect(status.feedUrl).toBeNull(); // no feed is in use where there is no updater
    const row = await t.app.database.db.selectFrom('settings').select('value').where('id', '=', UPDATE_POLICY_SETTING).executeTakeFirstOrThrow();
    expect(JSON.parse(row.value)).toEqual(status.policy);
    const audit = (await auditRows(t.app)).at(-1)!;
    expect(audit).toMatchObject({ action: 'settings.update', userId: t.admin.user.id });
    expect(JSON.parse(audit.detail)).toEqual({ setting: 'updates', enabled: true, ring: 'beta', allowDowngrade: false });
  });

  it('refuses a plain-http feed or a missing one for the chosen ring, naming the field, and changes nothing', async () => {
    const before = await auditRows(t.app);
    const http = await t.app.dispatch('updates.setPolicy', { ...POLICY, betaFeedUrl: 'http://192.168.1.20/feed/' }, t.admin.sessionId);
    expect(http.ok ? null : http.error).toMatchObject({ code: 'VALIDATION', fields: { betaFeedUrl: expect.stringMatching(/must use https/) } });
    const missing = await t.app.dispatch('updates.setPolicy', { ...POLICY, betaFeedUrl: '' }, t.admin.sessionId);
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'VALIDATION', fields: { betaFeedUrl: 'Required while updates are on' } });
    expect(await auditRows(t.app)).toEqual(before);
    expect(await t.app.database.db.selectFrom('settings').select('id').where('id', '=', UPDATE_POLICY_SETTING).executeTakeFirst()).toBeUndefined();
  });

  it('is for administrators; any signed-in screen reports unsaved work', async () => {
    const desk = await addUser(t.app, t.admin.sessionId, 'front_desk');
    for (const method of ['updates.status', 'updates.setPolicy', 'updates.restartNow']) {
      const refused = await t.app.dispatch(method, method === 'updates.setPolicy' ? POLICY : {}, desk.sessionId);
      expect(refused.ok ? null : refused.error.code, method).toBe('FORBIDDEN');
    }
    await dispatchOk(t.app, 'updates.reportBusy', { busy: true }, desk.sessionId);
    expect((await dispatchOk<UpdateStatus>(t.app, 'updates.status', {}, t.admin.sessionId)).busy).toBe(true);
    await dispatchOk(t.app, 'auth.logout', {}, desk.sessionId);
    expect((await dispatchOk<UpdateStatus>(t.app, 'updates.status', {}, t.admin.sessionId)).busy).toBe(false);
  });
});
