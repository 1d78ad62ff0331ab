import { describe, expect, it } from 'vitest';
import { isIcd10CmCode, normalizeIcd10, splitDiagnosisCodes } from '../../../src-shared/referrals/icd10';
import { canChangeReferralStatus, nextReferralStatuses, REFERRAL_STATUSES, reportDue } from '../../../src-shared/referrals/status';

describe('ICD-10-CM codes', () => {
  it('normalizes what is typed: case, spaces, the missing dot', () => {
    expect(normalizeIcd10(' e119 ')).toBe('E11.9');
    expect(normalizeIcd10('s52521a')).toBe('S52.521A');
    expect(normalizeIcd10('I10')).toBe('I10');
    expect(normalizeIcd10('m1a.0110')).toBe('M1A.0110');
  });

  it('accepts the shapes of real codes and refuses others', () => {
    for (const code of ['I10', 'E11.9', 'E11.65', 'S52.521A', 'C4A.9', 'O9A.111', 'U07.1', 'Z3A.20', 'T36.0X1A']) expect(isIcd10CmCode(code), code).toBe(true);
    for (const code of ['I1', 'E11.', 'E11.65432', '11.9', 'EE1.9', 'E1C.9', 'E11-9', '']) expect(isIcd10CmCode(code), code).toBe(false);
  });

  it('splits a typed list on commas, semicolons and spaces', () => {
    expect(splitDiagnosisCodes(' E11.9, I10;Z79.4  J45.909 ,')).toEqual(['E11.9', 'I10', 'Z79.4', 'J45.909']);
    expect(splitDiagnosisCodes('  ')).toEqual([]);
  });
});

describe('referral statuses', () => {
  it('moves an outgoing referral forward only, skipping ahead when the desk is late to record a step', () => {
    expect(nextReferralStatuses('outgoing', 'open')).toEqual(['sent', 'scheduled', 'report_received', 'cancelled']);
    expect(canChangeReferralStatus('outgoing', 'scheduled', 'scheduled')).toBe(true);
    expect(canChangeReferralStatus('outgoing', 'report_received', 'closed')).toBe(true);
    expect(canChangeReferralStatus('outgoing', 'report_received', 'cancelled')).toBe(false);
    expect(canChangeReferralStatus('outgoing', 'sent', 'open')).toBe(false);
    expect(canChangeReferralStatus('outgoing', 'open', 'closed')).toBe(false);
  });

  it('moves an incoming referral open → scheduled → closed, never sent or report received', () => {
    expect(nextReferralStatuses('incoming', 'open')).toEqual(['scheduled', 'closed', 'cancelled']);
    for (const from of REFERRAL_STATUSES) {
      expect(canChangeReferralStatus('incoming', from, 'sent')).toBe(false);
      expect(canChangeReferralStatus('incoming', from, 'report_received')).toBe(false);
    }
  });

  it('lets nothing leave closed or cancelled', () => {
    for (const direction of ['outgoing', 'incoming'] as const) {
      expect(nextReferralStatuses(direction, 'closed')).toEqual([]);
      expect(nextReferralStatuses(direction, 'cancelled')).toEqual([]);
    }
  });
});

describe('reportDue', () => {
  const referral = { direction: 'outgoing', status: 'open', referredOn: '2026-01-31', sentOn: null } as const;

  it('counts the days from the referral until it is sent, then from the day it was sent', () => {
    expect(reportDue(referral, 30, '2026-03-02')).toEqual({ dueOn: '2026-03-02', daysOverdue: 0 });
    expect(reportDue(referral, 30, '2026-03-03')).toEqual({ dueOn: '2026-03-02', daysOverdue: 1 });
    expect(reportDue({ ...referral, status: 'sent', sentOn: '2026-02-20' }, 30, '2026-03-25')).toEqual({ dueOn: '2026-03-22', daysOverdue: 3 });
  });

  it('awaits nothing from incoming referrals or once the report came, the referral closed or cancelled', () => {
    expect(reportDue({ ...referral, direction: 'incoming' }, 30, '2026-06-01')).toBeNull();
    for (const status of ['report_received', 'closed', 'cancelled'] as const) expect(reportDue({ ...referral, status }, 30, '2026-06-01')).toBeNull();
  });
});
