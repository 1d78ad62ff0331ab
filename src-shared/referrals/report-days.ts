import { z } from 'zod';

/** Days the clinic waits for a specialist's report before an outgoing referral is overdue: a clinic setting. */
export const DEFAULT_REFERRAL_REPORT_DAYS = 30;
export const MAX_REFERRAL_REPORT_DAYS = 365;
const WHOLE_DAYS = `A whole number of days, 1 to ${MAX_REFERRAL_REPORT_DAYS}`;

export const referralReportDaysSchema = z
  .number({ error: WHOLE_DAYS })
  .int(WHOLE_DAYS)
  .min(1, 'At least 1 day')
  .max(MAX_REFERRAL_REPORT_DAYS, `At most ${MAX_REFERRAL_REPORT_DAYS} days`);
