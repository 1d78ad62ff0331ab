import { useState } from 'react';
import type { Patient } from '../../../../src-shared/patients/schema';
import type { Referral } from '../../../../src-shared/referrals/schema';
import { useTableVersion } from '../../../lib/change-feed';
import { formatName } from '../../../lib/format';
import { call } from '../../../lib/rpc';
import { useCan } from '../../../lib/session';
import { Loaded } from '../../admin/Loaded';
import { useLoad } from '../../admin/useLoad';
import { LogReferralDialog } from './LogReferralDialog';
import { ReferralTable } from './ReferralTable';

/** The chart's referrals, out and in, every status, newest first; logged here for this patient. */
export function ReferralsTab({ patient }: { patient: Patient }) {
  const mayManage = useCan('referrals.manage');
  const version = useTableVersion('referrals');
  const [result] = useLoad(() => call('referrals.list', { patientId: patient.id, status: 'all' }), version);
  const [logging, setLogging] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const done = (referral: Referral, text: string) => {
    setMessage(text);
    setOpenId(referral.id);
  };

  return (
    <section aria-labelledby="chart-referrals-title" data-testid="chart-referrals-tab">
      <div className="page-head tab-head">
        <h2 id="chart-referrals-title">Referrals</h2>
        {mayManage && (
          <div className="page-actions">
            <button type="button" className="primary" onClick={() => setLogging(true)} data-testid="chart-log-referral">
              Log a referral
            </button>
          </div>
        )}
      </div>
      {message && (
        <div className="banner banner-info" role="status" data-testid="referrals-message">
          {message}
        </div>
      )}
      <Loaded result={result}>
        {({ items, today }) => (
          <>
            <ReferralTable
              items={items}
              view="chart"
              today={today}
              openId={openId}
              onToggle={(id) => setOpenId(openId === id ? null : id)}
              onDone={done}
              empty={
                <p className="hint" data-testid="referrals-empty">
                  No referrals for this patient.
                </p>
              }
            />
            {logging && (
              <LogReferralDialog
                today={today}
                patient={{ id: patient.id, name: formatName(patient), mrn: patient.mrn }}
                onClose={(logged) => {
                  setLogging(false);
                  if (logged) done(logged, 'Referral logged.');
                }}
              />
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
