import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DocumentSummary } from '../../../src-shared/documents/schema';
import { COVERAGE_RANK_LABELS, COVERAGE_RANKS, SUBSCRIBER_RELATIONSHIP_LABELS, type Coverage, type CoverageRank, type Payer } from '../../../src-shared/insurance/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { DocumentViewer } from '../documents/DocumentViewer';
import { CoverageForm } from './CoverageForm';

type Message = { text: string; kind: 'info' | 'error' };

/** The first rank the patient holds no current coverage of (primary when all are taken). */
function freeRank(coverages: readonly Coverage[]): CoverageRank {
  return COVERAGE_RANKS.find((rank) => !coverages.some((c) => c.rank === rank && c.status !== 'ended')) ?? 'primary';
}

/** What the coverage form needs: every active payer (and, for an edit, the coverage's own), the chart's card images. */
function useCoverageChoices(patientId: string) {
  const payersVersion = useTableVersion('payers');
  const documentsVersion = useTableVersion('documents');
  const [payers] = useLoad(() => call('payers.list', { includeInactive: true }), payersVersion);
  const [documents] = useLoad(() => call('documents.list', { patientId }), `${patientId}:${documentsVersion}`);
  return {
    payers: payers?.ok ? payers.value.items : [],
    documents: documents?.ok ? documents.value.items : [],
  };
}

const usablePayers = (payers: readonly Payer[], coverage: Coverage | null) => payers.filter((p) => p.active || p.id === coverage?.payerId);
/** Insurance-card documents, and any other document a coverage already shows as its card. */
const cardChoices = (documents: readonly DocumentSummary[], coverage: Coverage | null) =>
  documents.filter((d) => d.kind === 'insurance_card' || d.id === coverage?.cardFrontDocumentId || d.id === coverage?.cardBackDocumentId);

/** The chart's insurance: current, future and past coverages, primary → tertiary; add, edit, end, remove. */
export function CoveragesTab({ patient }: { patient: Patient }) {
  const canWrite = useCan('patients.write');
  const version = useTableVersion('coverages');
  const [result, reload] = useLoad(() => call('coverages.list', { patientId: patient.id }), `${patient.id}:${version}`);
  const choices = useCoverageChoices(patient.id);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  /** After a form closes or a row goes, the focus goes to "Add coverage" once it is back on the screen. */
  const [refocus, setRefocus] = useState(0);
  useEffect(() => {
    if (refocus > 0) addButton.current?.focus();
  }, [refocus]);
  const coverages = result?.ok ? result.value.items : [];
  const documentTitle = (id: string | null) => choices.documents.find((d) => d.id === id)?.title ?? null;

  const finish = (text: Message | null) => {
    setAdding(false);
    setEditing(null);
    setMessage(text);
    reload();
    setRefocus((n) => n + 1);
  };

  const end = async (coverage: Coverage) => {
    const today = localIsoDate();
    const ok = await askConfirm({
      title: `End the ${coverage.rank} coverage with ${coverage.payerName}?`,
      message: `It ends today (${formatDate(today)}) and stays on the chart as past coverage. To end it on another date, edit its “Effective to” date instead.`,
      confirmLabel: 'End coverage',
      cancelLabel: 'Keep it',
    });
    if (!ok) return;
    const ended = await call('coverages.end', { id: coverage.id, effectiveTo: today });
    finish(ended.ok ? { kind: 'info', text: `The coverage with ${coverage.payerName} ends ${formatDate(today)}.` } : { kind: 'error', text: ended.error.message });
  };

  const remove = async (coverage: Coverage) => {
    const ok = await askConfirm({
      title: `Remove the coverage with ${coverage.payerName}?`,
      message:
        'Only for a coverage entered by mistake: it disappears from the chart (the audit log keeps the change). If the patient no longer has this insurance, end it instead.',
      confirmLabel: 'Remove',
      cancelLabel: 'Keep it',
    });
    if (!ok) return;
    const removed = await call('coverages.remove', { id: coverage.id });
    finish(removed.ok ? { kind: 'info', text: `The coverage with ${coverage.payerName} was removed.` } : { kind: 'error', text: removed.error.message });
  };

  return (
    <section className="coverages-tab" aria-labelledby="coverages-title" data-testid="coverages-tab">
      <div className="page-head">
        <div>
          <h2 id="coverages-title">Insurance</h2>
          <p className="subtle">Coverages in the order they pay: primary, secondary, tertiary. Ended coverages stay as history.</p>
        </div>
        {canWrite && !adding && (
          <button
            type="button"
            className="primary"
            ref={addButton}
            onClick={() => {
              setMessage(null);
              setEditing(null);
              setAdding(true);
            }}
            data-testid="add-coverage"
          >
            Add coverage
          </button>
        )}
      </div>
      {message && (
        <div className={`banner ${message.kind === 'error' ? 'banner-error' : 'banner-info'}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="coverages-message">
          {message.text}
        </div>
      )}
      {adding && result?.ok && (
        <div className="panel">
          <h3>New coverage</h3>
          <CoverageForm
            patientId={patient.id}
            item={null}
            defaultRank={freeRank(coverages)}
            payers={usablePayers(choices.payers, null)}
            cards={cardChoices(choices.documents, null)}
            onCancel={() => finish(null)}
            onSaved={(text) => finish({ kind: 'info', text })}
          />
        </div>
      )}
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={['Rank', 'Payer', 'Member id', 'Subscriber', 'Effective', 'Status']}
            actions={canWrite}
            testId="coverages-table"
            empty={
              <p className="hint" data-testid="coverages-empty">
                No insurance on this chart: the patient pays themselves until a coverage is added.
              </p>
            }
          >
            {(coverage) => (
              <CoverageRow
                key={coverage.id}
                coverage={coverage}
                canWrite={canWrite}
                cardTitle={documentTitle}
                onOpenCard={setViewing}
                editing={editing === coverage.id}
                onEdit={() => {
                  setAdding(false);
                  setEditing(editing === coverage.id ? null : coverage.id);
                }}
                onEnd={() => void end(coverage)}
                onRemove={() => void remove(coverage)}
                editor={
                  <CoverageForm
                    patientId={patient.id}
                    item={coverage}
                    defaultRank={coverage.rank}
                    payers={usablePayers(choices.payers, coverage)}
                    cards={cardChoices(choices.documents, coverage)}
                    onCancel={() => setEditing(null)}
                    onSaved={(text) => finish({ kind: 'info', text })}
                  />
                }
              />
            )}
          </ItemsTable>
        )}
      </Loaded>
      {viewing && <DocumentViewer documentId={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}

const STATUS_PILLS: Record<Coverage['status'], string> = { active: 'pill pill-ok', future: 'pill pill-muted', ended: 'pill pill-muted' };

function statusText(coverage: Coverage): string {
  if (coverage.status === 'future' && coverage.effectiveFrom) return `Starts ${formatDate(coverage.effectiveFrom)}`;
  if (coverage.status === 'ended') return 'Ended';
  return 'Active';
}

function effectiveText({ effectiveFrom, effectiveTo }: Coverage): string {
  if (effectiveFrom && effectiveTo) return `${formatDate(effectiveFrom)} – ${formatDate(effectiveTo)}`;
  if (effectiveFrom) return `Since ${formatDate(effectiveFrom)}`;
  if (effectiveTo) return `Until ${formatDate(effectiveTo)}`;
  return 'Not recorded';
}

interface CoverageRowProps {
  coverage: Coverage;
  canWrite: boolean;
  cardTitle(documentId: string | null): string | null;
  onOpenCard(documentId: string): void;
  editing: boolean;
  onEdit(): void;
  onEnd(): void;
  onRemove(): void;
  editor: ReactNode;
}

function CoverageRow({ coverage, canWrite, cardTitle, onOpenCard, editing, onEdit, onEnd, onRemove, editor }: CoverageRowProps) {
  const cards = (['cardFrontDocumentId', 'cardBackDocumentId'] as const).flatMap((side) => {
    const id = coverage[side];
    return id ? [{ id, label: side === 'cardFrontDocumentId' ? 'Front' : 'Back', title: cardTitle(id) }] : [];
  });
  return (
    <>
      <tr data-testid="coverage-row" data-coverage-id={coverage.id} data-status={coverage.status} className={coverage.status === 'ended' ? 'row-muted' : undefined}>
        <td className="nowrap">{COVERAGE_RANK_LABELS[coverage.rank]}</td>
        <td>
          <strong data-testid="coverage-payer">{coverage.payerName}</strong>
          {coverage.planName && <div className="subtle">{coverage.planName}</div>}
          {cards.length > 0 && (
            <div className="subtle">
              Card:
              {cards.map((card) => (
                <button
                  key={card.label}
                  type="button"
                  className="link-button"
                  onClick={() => onOpenCard(card.id)}
                  title={card.title ?? undefined}
                  aria-label={`Open the card’s ${card.label.toLowerCase()}${card.title ? `: ${card.title}` : ''}`}
                  data-testid="open-card"
                >
                  {card.label}
                </button>
              ))}
            </div>
          )}
        </td>
        <td className="nowrap">
          <span className="mono" data-testid="coverage-member-id">
            {coverage.memberId}
          </span>
          {coverage.groupNumber && <div className="subtle">Group {coverage.groupNumber}</div>}
        </td>
        <td>
          {coverage.subscriberRelationship === 'self' ? (
            'Self'
          ) : (
            <>
              {coverage.subscriberGivenName} {coverage.subscriberFamilyName}
              <div className="subtle">
                {SUBSCRIBER_RELATIONSHIP_LABELS[coverage.subscriberRelationship]} of the subscriber, born {formatDate(coverage.subscriberDateOfBirth ?? '')}
              </div>
            </>
          )}
        </td>
        <td>{effectiveText(coverage)}</td>
        <td>
          <span className={STATUS_PILLS[coverage.status]} data-testid="coverage-status">
            {statusText(coverage)}
          </span>
        </td>
        {canWrite && (
          <td className="cell-actions">
            <button type="button" onClick={onEdit} aria-expanded={editing} data-testid="edit-coverage">
              {editing ? 'Close' : 'Edit'}
            </button>
            {coverage.status !== 'ended' && (
              <button type="button" onClick={onEnd} data-testid="end-coverage">
                End
              </button>
            )}
            <button type="button" className="danger-outline" onClick={onRemove} data-testid="remove-coverage">
              Remove
            </button>
          </td>
        )}
      </tr>
      {editing && (
        <tr className="row-editor">
          <td colSpan={7}>{editor}</td>
        </tr>
      )}
    </>
  );
}
