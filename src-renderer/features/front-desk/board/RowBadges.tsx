import type { BoardBadges } from '../../../../src-shared/front-desk/board-schema';
import { CONSENT_FORM_LABELS } from '../../../../src-shared/front-desk/schema';
import { formatCents } from '../../../../src-shared/ledger/money';
import { formatDate } from '../../../lib/format';

type Tone = 'info' | 'ok' | 'warn' | 'muted';

function Chip({ tone, title, children, testId }: { tone: Tone; title: string; children: string; testId: string }) {
  return (
    <span className={`board-chip board-chip-${tone}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}

/**
 * A visit's badges in a line of short chips (each with a title saying more): insurance, copay,
 * paperwork and referral. What the app cannot know yet says so (the balance has its own column).
 */
export function RowBadges({ badges }: { badges: BoardBadges }) {
  const { insurance, copay, paperwork, referral } = badges;
  const missingConsents = paperwork.consentsMissing ?? [];
  return (
    <span className="board-badges" data-testid="board-badges">
      {insurance.kind === 'coverage' ? (
        <Chip tone="info" title={`${insurance.payerName}: coverage on file; eligibility is not verified yet`} testId="badge-insurance">
          {`${insurance.payerName} · not verified`}
        </Chip>
      ) : (
        <Chip tone="info" title="No active coverage on file, or self-pay chosen at check-in" testId="badge-insurance">
          Self-pay
        </Chip>
      )}
      {copay.takenCents !== null ? (
        <Chip tone="ok" title="Copay taken at check-in" testId="badge-copay">
          {`Copay ${formatCents(copay.takenCents)} paid`}
        </Chip>
      ) : (
        insurance.kind === 'coverage' && (
          <Chip tone="muted" title="The coverage on file holds no copay amount" testId="badge-copay">
            Copay unknown
          </Chip>
        )
      )}
      {paperwork.identityChecked === null ? (
        <Chip tone="muted" title="Identity and consent forms are collected at check-in" testId="badge-paperwork">
          ID, consents to collect
        </Chip>
      ) : (
        <>
          {!paperwork.identityChecked && (
            <Chip tone="warn" title="Identity was not checked at check-in" testId="badge-id">
              ID not checked
            </Chip>
          )}
          {missingConsents.length > 0 && (
            <Chip tone="warn" title={`Not signed: ${missingConsents.map((form) => CONSENT_FORM_LABELS[form]).join(', ')}`} testId="badge-consents">
              {`Consent missing (${missingConsents.length})`}
            </Chip>
          )}
        </>
      )}
      {referral &&
        (referral.overdue > 0 ? (
          <Chip tone="warn" title={`No specialist report yet${referral.reportDueOn ? `: due ${formatDate(referral.reportDueOn)}` : ''}`} testId="badge-referral">
            Referral overdue
          </Chip>
        ) : (
          <Chip tone="info" title={`${referral.active} referral(s) still open (${referral.directions.join(', ')})`} testId="badge-referral">
            Referral open
          </Chip>
        ))}
    </span>
  );
}
