import { useEffect, useRef, useState } from 'react';
import { useController, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import type { DocumentSummary } from '../../../src-shared/documents/schema';
import {
  COVERAGE_RANK_LABELS,
  COVERAGE_RANKS,
  coverageFieldsSchema,
  sharedMemberIdDetails,
  SUBSCRIBER_RELATIONSHIP_LABELS,
  SUBSCRIBER_RELATIONSHIPS,
  type Coverage,
  type CoverageRank,
  type Payer,
} from '../../../src-shared/insurance/schema';
import type { DuplicateCandidate } from '../../../src-shared/patients/schema';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { SelectField, TextField } from '../auth/fields';
import { DuplicatePanel } from '../patients/DuplicateWarning';
import { Options } from '../patients/form-options';
import { FormActions } from '../shell/FormActions';
import { PayerPicker } from './PayerPicker';
import { useRecordForm } from './record-form';

const FIELDS = [
  'payerId',
  'rank',
  'memberId',
  'groupNumber',
  'planName',
  'subscriberRelationship',
  'subscriberGivenName',
  'subscriberFamilyName',
  'subscriberDateOfBirth',
  'effectiveFrom',
  'effectiveTo',
  'cardFrontDocumentId',
  'cardBackDocumentId',
] as const;
type CoverageFormValues = Record<(typeof FIELDS)[number], string>;
type CoverageFormOutput = z.output<typeof coverageFieldsSchema> & { confirmSharedMemberId?: boolean };

const DATE_FIELDS = ['subscriberDateOfBirth', 'effectiveFrom', 'effectiveTo'] as const;
const typedDate = (iso: string | null) => (iso ? formatDate(iso) : '');

function formValues(item: Coverage | null, rank: CoverageRank): CoverageFormValues {
  return {
    payerId: item?.payerId ?? '',
    rank: item?.rank ?? rank,
    memberId: item?.memberId ?? '',
    groupNumber: item?.groupNumber ?? '',
    planName: item?.planName ?? '',
    subscriberRelationship: item?.subscriberRelationship ?? 'self',
    subscriberGivenName: item?.subscriberGivenName ?? '',
    subscriberFamilyName: item?.subscriberFamilyName ?? '',
    subscriberDateOfBirth: typedDate(item?.subscriberDateOfBirth ?? null),
    effectiveFrom: typedDate(item?.effectiveFrom ?? null),
    effectiveTo: typedDate(item?.effectiveTo ?? null),
    cardFrontDocumentId: item?.cardFrontDocumentId ?? '',
    cardBackDocumentId: item?.cardBackDocumentId ?? '',
  };
}

interface CoverageFormProps {
  patientId: string;
  /** Null adds a coverage. */
  item: Coverage | null;
  /** The rank a new coverage starts with (the first one the patient does not hold now). */
  defaultRank: CoverageRank;
  /** Active payers (and an edited coverage's own payer). */
  payers: readonly Payer[];
  /** The patient's documents that can be card images. */
  cards: readonly DocumentSummary[];
  onSaved(message: string): void;
  onCancel(): void;
}

/** Adds or edits a coverage; the subscriber's details are asked only when the patient is not the subscriber. */
export function CoverageForm({ patientId, item, defaultRank, payers, cards, onSaved, onCancel }: CoverageFormProps) {
  const [shared, setShared] = useState<DuplicateCandidate[] | null>(null);
  const sharedRef = useRef<HTMLDivElement>(null);
  // The warning appears under the form's fields: bring it into view.
  useEffect(() => {
    if (shared) sharedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [shared]);
  const prefix = item ? `coverage-${item.id}` : 'new-coverage';
  const { form, field, summary, submit, cancel, onKeyDown, submitting } = useRecordForm<CoverageFormValues, CoverageFormOutput>({
    idPrefix: prefix,
    defaultValues: formValues(item, defaultRank),
    schema: coverageFieldsSchema,
    fields: FIELDS,
    dateFields: DATE_FIELDS,
    unsavedMessage: item ? 'The change to this coverage has not been saved.' : 'The new coverage has not been added yet.',
    save: (values) => (item ? call('coverages.update', { id: item.id, ...values }) : call('coverages.add', { patientId, ...values })),
    onSaved: () => onSaved(item ? 'The coverage was saved.' : 'The coverage was added.'),
    onCancel,
    onRefusal: (error) => {
      const details = error.code === 'CONFLICT' ? sharedMemberIdDetails.safeParse(error.details) : null;
      if (!details?.success) return false;
      setShared(details.data.sharedMemberId);
      return true;
    },
  });
  const payer = useController({ control: form.control, name: 'payerId' });
  const relationship = useWatch({ control: form.control, name: 'subscriberRelationship' });

  return (
    <form className="coverage-form" noValidate onSubmit={(event) => void submit()(event)} onKeyDown={onKeyDown} data-testid="coverage-form">
      {summary && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {summary}
        </div>
      )}
      <div className="form-grid">
        <PayerPicker
          id={`${prefix}-payerId`}
          value={payer.field.value}
          onChange={(id) => {
            payer.field.onChange(id);
            setShared(null);
          }}
          onBlur={payer.field.onBlur}
          payers={payers}
          error={payer.fieldState.error?.message}
          autoFocus
        />
        <SelectField {...field('rank')} label="Rank" required>
          <Options values={COVERAGE_RANKS} labels={COVERAGE_RANK_LABELS} />
        </SelectField>
        <TextField {...field('memberId')} label="Member id" required hint="As printed on the card" onInput={() => setShared(null)} />
        <TextField {...field('groupNumber')} label="Group number" />
        <TextField {...field('planName')} label="Plan" hint="e.g. PPO, HMO Select" />
        <SelectField {...field('subscriberRelationship')} label="Patient’s relationship to the subscriber" onInput={() => setShared(null)}>
          <Options values={SUBSCRIBER_RELATIONSHIPS} labels={SUBSCRIBER_RELATIONSHIP_LABELS} />
        </SelectField>
        {relationship !== 'self' && (
          <fieldset className="subscriber span-2" data-testid="subscriber-fields">
            <legend>Subscriber (the card holder)</legend>
            <div className="form-grid form-grid-3">
              <TextField {...field('subscriberGivenName')} label="Given name" required />
              <TextField {...field('subscriberFamilyName')} label="Family name" required />
              <TextField {...field('subscriberDateOfBirth')} label="Date of birth" required inputMode="numeric" placeholder="MM/DD/YYYY" />
            </div>
          </fieldset>
        )}
        <TextField {...field('effectiveFrom')} label="Effective from" inputMode="numeric" placeholder="MM/DD/YYYY" />
        <TextField {...field('effectiveTo')} label="Effective to" inputMode="numeric" placeholder="MM/DD/YYYY" hint="Blank while it lasts" />
        <CardSelect {...field('cardFrontDocumentId')} label="Card front" cards={cards} />
        <CardSelect {...field('cardBackDocumentId')} label="Card back" cards={cards} />
      </div>
      {shared && (
        <div ref={sharedRef}>
          <DuplicatePanel
            candidates={shared}
            title="This member id is another patient’s card"
            conflictMessage="Not saved yet: another patient is the subscriber of a coverage with this payer and member id. It may be the same person registered twice, or a typo. If this patient is on that person’s card, choose their relationship above instead."
            anywayLabel="Save anyway"
            onRegisterAnyway={() => void submit((values) => ({ ...values, confirmSharedMemberId: true }))()}
            busy={submitting}
          />
        </div>
      )}
      <FormActions submitLabel={item ? 'Save coverage' : 'Add coverage'} submitting={submitting} onCancel={() => void cancel()} testId="save-coverage" />
    </form>
  );
}

type CardSelectProps = Omit<Parameters<typeof SelectField>[0], 'children'> & { cards: readonly DocumentSummary[] };

/** A card image: one of the chart's documents (insurance cards are attached on the Documents tab). */
function CardSelect({ cards, ...select }: CardSelectProps) {
  return (
    <SelectField {...select} hint={cards.length === 0 ? 'Attach card images on the Documents tab first' : undefined}>
      <option value="">None</option>
      {cards.map((card) => (
        <option key={card.id} value={card.id}>
          {card.title} · {formatDate(card.documentDate)}
        </option>
      ))}
    </SelectField>
  );
}
