import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useSearch } from 'wouter';
import type { Weekday } from '../../../src-shared/scheduling/clinic-time';
import type { Patient } from '../../../src-shared/patients/schema';
import type { WaitlistEntry } from '../../../src-shared/scheduling/schema';
import { MAX_FIND_DAYS } from '../../../src-shared/scheduling/schema';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import { formatDate, formatName } from '../../lib/format';
import { splitRefusal } from '../../lib/forms';
import { navigate, useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { FieldShell } from '../auth/fields';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { WEEK_ORDER, WEEKDAY_LABELS } from '../scheduling-setup/TemplatesPanel';
import { ConflictList, refusalOf, type Refusal } from './ConflictList';
import { enterSubmitsFromChoices } from './form-keys';
import { PatientPicker, type ChosenPatient } from './PatientPicker';
import { readFollowUp, type FollowUp } from './schedule-paths';
import { entryPatientName, preferencesLabel, providerNamed, spanLabel, useScheduleNames, weekdayAndDate, weekdayName, wishLabel, type ScheduleNames } from './schedule-names';

type Slot = MethodOutput<'appointments.findNext'>['slots'][number];

const DEFAULT_DAYS = 90;
const SLOTS_SHOWN = 10;
const UNSAVED_MESSAGE = 'This patient has not been booked or added to the waitlist.';
const CRITERIA_FIELDS = ['appointmentTypeId', 'providerId', 'weekdays', 'partOfDay', 'earliestDate'] as const;
type CriteriaField = (typeof CRITERIA_FIELDS)[number];

interface Criteria {
  appointmentTypeId: string;
  /** '' means any provider. */
  providerId: string;
  weekdays: Weekday[];
  partOfDay: '' | 'morning' | 'afternoon';
  /** '' means from today. */
  earliestDate: string;
}

interface Search {
  criteria: Criteria;
  patient: ChosenPatient;
  days: number;
  slots: Slot[];
}

type Outcome = { kind: 'booked'; text: string; date: string } | { kind: 'waitlisted'; text: string };

/**
 * Find next available (`/schedule/find`, or `/schedule/find/<waitlist entry>` to look for a
 * waitlisted patient, or `/schedule/find?patient=…&provider=…&type=…` for a follow-up: searched at once).
 */
export function FindNextPage({ entryId }: { entryId?: string }) {
  const names = useScheduleNames();
  const [waiting] = useLoad(() => (entryId ? call('waitlist.list', {}) : nothingWaiting()), entryId);
  const followUp = readFollowUp(useSearch());
  const [followUpPatient] = useLoad(() => (followUp ? call('patients.get', { id: followUp.patientId }) : noPatient()), followUp?.patientId);
  return (
    <section className="page page-wide find-page" aria-labelledby="find-title" data-testid="find-page">
      <div className="page-head">
        <div>
          <h1 id="find-title">Find next available</h1>
          <p className="subtle">The first free times for a type, with one provider or any, honouring the patient’s preferences. Book one, or put the patient on the waitlist.</p>
        </div>
        <nav className="find-links" aria-label="Schedule">
          <Link href="/schedule">Day view</Link>
          <Link href="/schedule/waitlist" data-testid="find-to-waitlist">
            Waitlist
          </Link>
        </nav>
      </div>
      <Loaded result={names}>
        {(loaded) => (
          <Loaded result={waiting}>
            {({ items }) => (
              <Loaded result={followUpPatient}>
                {(patient) => {
              const entry = entryId ? (items.find((item) => item.id === entryId) ?? null) : null;
              return (
                <>
                  {entryId && !entry && (
                    <p className="banner banner-warning" role="status" data-testid="find-entry-gone">
                      This patient is no longer on the waitlist (booked or removed meanwhile).
                    </p>
                  )}
                  {loaded.types.some((type) => type.active) ? (
                    <FindNext key={entry?.id ?? patient?.id ?? 'new'} names={loaded} entry={entry} followUp={followUp && patient ? { ...followUp, patient: chosenOf(patient) } : null} />
                  ) : (
                    <p className="banner banner-error" role="alert">
                      No appointment types yet: add them in Admin first.
                    </p>
                  )}
                </>
              );
                }}
              </Loaded>
            )}
          </Loaded>
        )}
      </Loaded>
    </section>
  );
}

function initialCriteria(names: ScheduleNames, entry: WaitlistEntry | null): Criteria {
  if (entry)
    return {
      appointmentTypeId: entry.appointmentTypeId,
      providerId: entry.providerId ?? '',
      weekdays: entry.weekdays,
      partOfDay: entry.partOfDay ?? '',
      earliestDate: entry.earliestDate ?? '',
    };
  return { appointmentTypeId: names.types.find((type) => type.active)!.id, providerId: '', weekdays: [], partOfDay: '', earliestDate: '' };
}

const chosenOf = (patient: Patient): ChosenPatient => ({ id: patient.id, name: formatName(patient), mrn: patient.mrn });

/** A follow-up to look for: the patient, and the provider and type to start from. */
type FollowUpSearch = Omit<FollowUp, 'patientId'> & { patient: ChosenPatient };

const entryPatient = (entry: WaitlistEntry | null): ChosenPatient | null =>
  entry ? { id: entry.patientId, name: entryPatientName(entry), mrn: entry.patient?.mrn ?? '' } : null;

function FindNext({ names, entry, followUp }: { names: ScheduleNames; entry: WaitlistEntry | null; followUp: FollowUpSearch | null }) {
  const canBook = useCan('schedule.book');
  const [patient, setPatient] = useState<ChosenPatient | null>(() => entryPatient(entry) ?? followUp?.patient ?? null);
  const [criteria, setCriteria] = useState<Criteria>(() =>
    followUp
      ? { ...initialCriteria(names, null), providerId: followUp.providerId, appointmentTypeId: followUp.appointmentTypeId, earliestDate: followUp.earliestDate }
      : initialCriteria(names, entry),
  );
  const [search, setSearch] = useState<Search | null>(null);
  const [patientError, setPatientError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<CriteriaField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Refusal | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const typeRef = useRef<HTMLSelectElement>(null);
  const [patientWaiting] = useLoad(() => (patient ? call('waitlist.list', { patientId: patient.id }) : nothingWaiting()), patient?.id);
  useLeaveGuard(patient !== null, UNSAVED_MESSAGE);

  const activeTypes = names.types.filter((type) => type.active || type.id === criteria.appointmentTypeId);
  const activeProviders = names.providers.filter((provider) => provider.active || provider.id === criteria.providerId);
  /** The patient's waitlist entry a booking of this type with this provider fulfils (booking takes them off the list). */
  const waitingEntry = (appointmentTypeId: string, providerId: string | null) =>
    (patientWaiting?.ok ? patientWaiting.value.items : []).find(
      (item) => item.appointmentTypeId === appointmentTypeId && (item.providerId === null || providerId === null || item.providerId === providerId),
    ) ?? null;

  const change = (next: Partial<Criteria>) => {
    setCriteria((current) => ({ ...current, ...next }));
    setSearch(null);
    setFieldErrors({});
  };
  const choosePatient = (chosen: ChosenPatient | null) => {
    setPatient(chosen);
    setSearch(null);
    setPatientError(null);
    if (chosen) {
      setOutcome(null);
      requestAnimationFrame(() => typeRef.current?.focus());
    }
  };

  /** One request at a time; the patient must be chosen first. */
  const guarded = async (action: (chosen: ChosenPatient) => Promise<void>) => {
    if (!patient) return setPatientError('Choose the patient');
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await action(patient);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const runSearch = async (chosen: ChosenPatient, used: Criteria, days: number) => {
    const result = await call('appointments.findNext', {
      appointmentTypeId: used.appointmentTypeId,
      patientId: chosen.id,
      days,
      limit: SLOTS_SHOWN,
      ...(used.providerId ? { providerId: used.providerId } : {}),
      ...(used.weekdays.length > 0 ? { weekdays: used.weekdays } : {}),
      ...(used.partOfDay ? { partOfDay: used.partOfDay } : {}),
      ...(used.earliestDate ? { earliestDate: used.earliestDate } : {}),
    });
    if (result.ok) return setSearch({ criteria: used, patient: chosen, days, slots: result.value.slots });
    setSearch(null);
    refused(result.error);
  };
  const refused = (refusal: RpcError) => {
    const { fields, unplaced } = splitRefusal(refusal, CRITERIA_FIELDS);
    setFieldErrors(fields);
    setError(unplaced);
  };

  const clearMessages = () => {
    setError(null);
    setConflict(null);
    setOutcome(null);
  };

  const find = (days: number) =>
    guarded(async (chosen) => {
      clearMessages();
      await runSearch(chosen, criteria, days);
    });

  const book = (slot: Slot) =>
    guarded(async (chosen) => {
      if (!search) return;
      clearMessages();
      const { appointmentTypeId } = search.criteria;
      const entryFulfilled = waitingEntry(appointmentTypeId, slot.providerId);
      const result = await call('appointments.book', {
        patientId: chosen.id,
        providerId: slot.providerId,
        appointmentTypeId,
        date: slot.local.date,
        time: slot.local.start,
        note: null,
        ...(entryFulfilled ? { waitlistEntryId: entryFulfilled.id } : {}),
      });
      if (!result.ok) {
        if (result.error.code !== 'CONFLICT') return setError(result.error.message);
        // A suggestion is free time: no overbook is offered here, only a fresh list.
        setConflict({ ...refusalOf(result.error), overbookable: false });
        return runSearch(chosen, search.criteria, search.days);
      }
      const what = `${wishLabel(names, appointmentTypeId, slot.providerId)}, ${spanLabel(slot.local)}`;
      setOutcome({ kind: 'booked', date: slot.local.date, text: `Booked ${chosen.name}: ${what}.${entryFulfilled ? ' Taken off the waitlist.' : ''}` });
      setSearch(null);
      setPatient(null);
    });

  const addToWaitlist = () =>
    guarded(async (chosen) => {
      clearMessages();
      const result = await call('waitlist.add', {
        patientId: chosen.id,
        appointmentTypeId: criteria.appointmentTypeId,
        providerId: criteria.providerId || null,
        weekdays: criteria.weekdays,
        partOfDay: criteria.partOfDay || null,
        earliestDate: criteria.earliestDate || null,
        note: null,
      });
      if (!result.ok) return refused(result.error);
      const entryAdded = result.value;
      const wish = `${wishLabel(names, entryAdded.appointmentTypeId, entryAdded.providerId)} (${preferencesLabel(entryAdded)})`;
      setOutcome({ kind: 'waitlisted', text: `${chosen.name} is on the waitlist for ${wish}.` });
      setSearch(null);
      setPatient(null);
    });

  // A follow-up arrives with the patient, provider and type chosen: its free times are looked up at once.
  const followUpSearched = useRef(false);
  useEffect(() => {
    if (!followUp || followUpSearched.current) return;
    followUpSearched.current = true;
    void find(DEFAULT_DAYS);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void find(DEFAULT_DAYS);
  };

  return (
    <div className="find-layout">
      <form className="find-form" noValidate onSubmit={submit} onKeyDown={enterSubmitsFromChoices} data-testid="find-form">
        <PatientPicker patient={patient} onChange={choosePatient} error={patientError} testId="find" />
        <FieldShell id="find-appointmentTypeId" label="Type" error={fieldErrors.appointmentTypeId}>
          <select id="find-appointmentTypeId" ref={typeRef} value={criteria.appointmentTypeId} onChange={(e) => change({ appointmentTypeId: e.target.value })}>
            {activeTypes.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name} ({type.durationMinutes} min)
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell id="find-providerId" label="Provider" error={fieldErrors.providerId}>
          <select id="find-providerId" value={criteria.providerId} onChange={(e) => change({ providerId: e.target.value })}>
            <option value="">Any provider</option>
            {activeProviders.map((provider) => (
              <option key={provider.id} value={provider.id}>
                {provider.displayName}
              </option>
            ))}
          </select>
        </FieldShell>
        <fieldset className="find-choices" data-testid="find-weekdays">
          <legend>Days (none: any day)</legend>
          <div className="checkbox-list">
            {WEEK_ORDER.map((day) => (
              <label key={day} className="checkbox">
                <input
                  type="checkbox"
                  checked={criteria.weekdays.includes(day)}
                  onChange={(e) => change({ weekdays: e.target.checked ? [...criteria.weekdays, day] : criteria.weekdays.filter((d) => d !== day) })}
                />
                {WEEKDAY_LABELS[day].slice(0, 3)}
              </label>
            ))}
          </div>
          {fieldErrors.weekdays && <span className="field-error">{fieldErrors.weekdays}</span>}
        </fieldset>
        <fieldset className="find-choices">
          <legend>Time of day</legend>
          <div className="checkbox-list">
            {(
              [
                ['', 'Any'],
                ['morning', 'Morning'],
                ['afternoon', 'Afternoon'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="checkbox">
                <input type="radio" name="find-partOfDay" checked={criteria.partOfDay === value} onChange={() => change({ partOfDay: value })} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <FieldShell id="find-earliestDate" label="Not before" error={fieldErrors.earliestDate} hint="Empty: from today.">
          <input id="find-earliestDate" type="date" value={criteria.earliestDate} onChange={(e) => change({ earliestDate: e.target.value })} />
        </FieldShell>
        {patient && waitingEntry(criteria.appointmentTypeId, criteria.providerId || null) && (
          <p className="hint" data-testid="find-on-waitlist">
            {patient.name} is on the waitlist for this type: booking a time takes them off it.
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} data-testid="find-submit">
            Find times
          </button>
          {canBook && (
            <button type="button" disabled={busy} onClick={() => void addToWaitlist()} data-testid="find-add-waitlist">
              Add to waitlist
            </button>
          )}
        </div>
        <p className="hint">
          <kbd>Enter</kbd> finds times; in the list <kbd>↑</kbd> <kbd>↓</kbd> choose one and <kbd>Enter</kbd> books it.
        </p>
      </form>
      <div className="find-results">
        {outcome && <OutcomeBanner outcome={outcome} />}
        {error && (
          <p className="banner banner-error" role="alert" data-testid="find-error">
            {error}
          </p>
        )}
        {conflict && (
          <ConflictList
            refusal={conflict}
            retry="book"
            otherwise="The list below is refreshed: choose another time."
            providerName={(id) => (id ? providerNamed(names, id) : 'another provider')}
            testId="find-conflict"
          />
        )}
        {search && (
          <SlotList
            search={search}
            names={names}
            canBook={canBook}
            busy={busy}
            onBook={(slot) => void book(slot)}
            onSearchLonger={() => void find(MAX_FIND_DAYS)}
            onWaitlist={() => void addToWaitlist()}
          />
        )}
      </div>
    </div>
  );
}

/** No follow-up patient to load. */
function noPatient(): Promise<RpcResult<Patient | null>> {
  return Promise.resolve({ ok: true, value: null });
}

/** Nobody to look up: an empty waitlist answer. */
function nothingWaiting(): Promise<RpcResult<{ items: WaitlistEntry[] }>> {
  return Promise.resolve({ ok: true, value: { items: [] } });
}

function OutcomeBanner({ outcome }: { outcome: Outcome }) {
  return (
    <div className="banner banner-info find-outcome" role="status" data-testid="find-outcome">
      <p>{outcome.text}</p>
      {outcome.kind === 'booked' ? (
        <button type="button" className="primary" autoFocus onClick={() => navigate(`/schedule/${outcome.date}`)} data-testid="find-open-day">
          Open {weekdayAndDate(outcome.date)} in the day view
        </button>
      ) : (
        <button type="button" autoFocus onClick={() => navigate('/schedule/waitlist')} data-testid="find-open-waitlist">
          Open the waitlist
        </button>
      )}
    </div>
  );
}

interface SlotListProps {
  search: Search;
  names: ScheduleNames;
  canBook: boolean;
  busy: boolean;
  onBook(slot: Slot): void;
  onSearchLonger(): void;
  onWaitlist(): void;
}

/** The free times found, soonest first; the first takes the focus so Enter books it, ↑/↓ move between them. */
function SlotList({ search, names, canBook, busy, onBook, onSearchLonger, onWaitlist }: SlotListProps) {
  const listRef = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [search]);
  const { criteria, days, slots } = search;
  const wish = wishLabel(names, criteria.appointmentTypeId, criteria.providerId || null);

  if (slots.length === 0) {
    const from = criteria.earliestDate ? ` from ${formatDate(criteria.earliestDate)}` : '';
    const preferences = preferencesLabel({ weekdays: criteria.weekdays, partOfDay: criteria.partOfDay || null, earliestDate: null });
    return (
      <div className="banner banner-warning find-none" role="status" data-testid="find-none">
        <p>
          No free time within {days} days{from} for {wish}
          {preferences === 'Any time' ? '' : ` (${preferences})`}.
        </p>
        <p>Try another provider or fewer preferences{days < MAX_FIND_DAYS ? ', look further ahead' : ''}, or put the patient on the waitlist.</p>
        <div className="actions">
          {days < MAX_FIND_DAYS && (
            <button type="button" disabled={busy} onClick={onSearchLonger} data-testid="find-longer">
              Look a year ahead
            </button>
          )}
          {canBook && (
            <button type="button" disabled={busy} onClick={onWaitlist}>
              Add to waitlist
            </button>
          )}
        </div>
      </div>
    );
  }

  const moveFocus = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    event.preventDefault();
    next?.focus();
  };

  return (
    <div className="find-slots">
      <h2 className="find-slots-title">
        {slots.length < SLOTS_SHOWN ? `Only ${slots.length} free ${slots.length === 1 ? 'time' : 'times'} within ${days} days` : `First ${slots.length} free times`} for {search.patient.name}: {wish}
      </h2>
      <table className="table" data-testid="find-slots">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Day</th>
            <th scope="col">Time</th>
            <th scope="col">Provider</th>
            <th scope="col">
              <span className="visually-hidden">Book</span>
            </th>
          </tr>
        </thead>
        <tbody ref={listRef} onKeyDown={moveFocus}>
          {slots.map((slot) => (
            <tr key={`${slot.providerId}:${slot.start}`} data-testid="find-slot">
              <td>{formatDate(slot.local.date)}</td>
              <td>{weekdayName(slot.local.date)}</td>
              <td className="mono">
                {slot.local.start}–{slot.local.end}
              </td>
              <td>{providerNamed(names, slot.providerId)}</td>
              <td className="cell-actions">
                {canBook && (
                  <button
                    type="button"
                    onClick={() => onBook(slot)}
                    aria-label={`Book ${spanLabel(slot.local)} with ${providerNamed(names, slot.providerId)}`}
                    data-testid="find-slot-book"
                  >
                    Book
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
