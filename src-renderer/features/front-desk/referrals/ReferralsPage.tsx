import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Referral } from '../../../../src-shared/referrals/schema';
import type { RpcResult } from '../../../../src-shared/rpc/errors';
import { localIsoDate } from '../../../../src-shared/validation/dates';
import { useTableVersion } from '../../../lib/change-feed';
import { call } from '../../../lib/rpc';
import { useCan } from '../../../lib/session';
import { Loaded } from '../../admin/Loaded';
import { useLoad } from '../../admin/useLoad';
import { plainKey, useScreenKeys } from '../../schedule/schedule-keys';
import { LogReferralDialog } from './LogReferralDialog';
import { ReferralTable } from './ReferralTable';

type ListView = 'outgoing' | 'incoming' | 'overdue';

interface ViewTab {
  path: string;
  view: ListView;
  label: string;
}

const VIEWS: ViewTab[] = [
  { path: '/', view: 'outgoing', label: 'Outgoing' },
  { path: '/incoming', view: 'incoming', label: 'Incoming' },
  { path: '/overdue', view: 'overdue', label: 'Overdue' },
];

interface Listed {
  items: Referral[];
  today: string;
  reportDays: number;
  more?: boolean;
}

/** Referrals: outgoing and incoming (unfinished ones, or all), and the outgoing ones overdue for their report. N logs a new one. */
export function ReferralsPage() {
  const [location] = useLocation();
  const tab = VIEWS.find((v) => v.path === location) ?? VIEWS[0]!;
  const mayManage = useCan('referrals.manage');
  const version = useTableVersion('referrals');
  const [showAll, setShowAll] = useState(false);
  const [overdue] = useLoad(() => call('referrals.overdue', {}), version);
  const [list] = useLoad<Listed | null>(
    () => (tab.view === 'overdue' ? Promise.resolve({ ok: true, value: null }) : call('referrals.list', { direction: tab.view, status: showAll ? 'all' : 'unfinished' })),
    `${tab.view}|${showAll}|${version}`,
  );
  const [logging, setLogging] = useState(false);
  // The open row belongs to the list it was opened in.
  const [opened, setOpened] = useState<{ view: ListView; id: string } | null>(null);
  const openId = opened?.view === tab.view ? opened.id : null;
  const setOpenId = (id: string | null) => setOpened(id ? { view: tab.view, id } : null);
  const [message, setMessage] = useState<string | null>(null);
  const shown: RpcResult<Listed | null> | null = tab.view === 'overdue' ? overdue : list;
  const today = overdue?.ok ? overdue.value.today : localIsoDate();

  useScreenKeys((event) => {
    if (!plainKey(event) || event.key.toLowerCase() !== 'n' || !mayManage) return false;
    setLogging(true);
    return true;
  });

  const done = (referral: Referral, text: string) => {
    setMessage(text);
    setOpenId(referral.id);
  };

  return (
    <section className="page page-wide referrals-page" aria-labelledby="referrals-title" data-testid="referrals-page">
      <div className="page-head">
        <div>
          <h1 id="referrals-title">Referrals</h1>
          <p className="subtle">
            Outgoing referrals are overdue when no report came {overdue?.ok ? overdue.value.reportDays : '…'} days after they were sent (or made, until sent).
          </p>
        </div>
        {mayManage && (
          <div className="page-actions">
            <button type="button" className="primary" onClick={() => setLogging(true)} data-testid="log-referral">
              Log a referral <kbd>N</kbd>
            </button>
          </div>
        )}
      </div>
      <nav className="tabs" aria-label="Referral lists">
        {VIEWS.map((v) => (
          <Link key={v.view} href={v.path} className={v === tab ? 'tab current' : 'tab'} aria-current={v === tab ? 'page' : undefined} data-testid={`referrals-view-${v.view}`}>
            {v.label}
            {v.view === 'overdue' && overdue?.ok && overdue.value.items.length > 0 && (
              <span className="pill pill-danger referral-count" data-testid="referrals-overdue-count">
                {overdue.value.items.length}
              </span>
            )}
          </Link>
        ))}
      </nav>
      {message && (
        <div className="banner banner-info" role="status" data-testid="referrals-message">
          {message}
        </div>
      )}
      {tab.view !== 'overdue' && (
        <div className="filter-bar">
          <label>
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} data-testid="referrals-show-all" />
            Show closed and cancelled too
          </label>
        </div>
      )}
      <Loaded result={shown}>
        {(value) =>
          value && (
            <>
              <ReferralTable
                items={value.items}
                view={tab.view}
                today={value.today}
                openId={openId}
                onToggle={(id) => setOpenId(openId === id ? null : id)}
                onDone={done}
                empty={
                  <p className="hint" data-testid="referrals-empty">
                    {tab.view === 'overdue' ? 'No referral is overdue.' : `No ${showAll ? '' : 'open '}${tab.view} referrals.`}
                  </p>
                }
              />
              {value.more && <p className="hint">Only the newest referrals are listed: open a patient’s chart for theirs.</p>}
            </>
          )
        }
      </Loaded>
      {logging && (
        <LogReferralDialog
          today={today}
          direction={tab.view === 'incoming' ? 'incoming' : 'outgoing'}
          onClose={(logged) => {
            setLogging(false);
            if (logged) done(logged, 'Referral logged.');
          }}
        />
      )}
    </section>
  );
}
