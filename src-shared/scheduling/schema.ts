/**
 * Inputs and outputs of the scheduling methods (src-shared/scheduling/contract.ts). Shapes only:
 * times, ranges, templates and rules are checked by the core modules beside this file, whose
 * errors name the day and part at fault.
 *
 * Times travel two ways: UTC instants (`start`, `end`: ISO text) for arithmetic and storage, and
 * the clinic's local date and wall-clock time (`date` `YYYY-MM-DD`, `time` `HH:mm`) for what a
 * receptionist types and reads. Booking takes local times (so a time the clocks skip is refused);
 * every appointment carries both.
 */
import { z } from 'zod';
import { optionalText } from '../patients/schema';
import { isIsoDate } from '../validation/dates';
import { DAY_VIEWS } from './day-sheet';
import { MAX_OCCURRENCES } from './recurrence';
import { endTimeSchema, localTimeSchema, weekdaySchema } from './settings-schema';
import { APPOINTMENT_STATUSES, CANCELLED_BY, MAX_REASON_LENGTH } from './status';

/** Appointment lengths the clinic books: 5 minutes to 12 hours (conflict look-ups rely on the upper bound). */
export const MIN_APPOINTMENT_MINUTES = 5;
export const MAX_APPOINTMENT_MINUTES = 720;
export const MAX_FIND_DAYS = 366;
export const MAX_LIST_DAYS = 31;

export const RESOURCE_KINDS = ['room', 'equipment'] as const;
export const OVERBOOK_RULES = ['never', 'with_reason', 'cap'] as const;
export const OVERBOOK_RULE_LABELS: Record<(typeof OVERBOOK_RULES)[number], string> = {
  never: 'Never',
  with_reason: 'With a reason',
  cap: 'With a reason, up to a number per day',
};
export const SERIES_SCOPES = ['one', 'following', 'all'] as const;
export const WAITLIST_STATUSES = ['waiting', 'booked', 'removed'] as const;
export const PARTS_OF_DAY = ['morning', 'afternoon'] as const;
/** What a front desk moves an appointment to with `appointments.setStatus` (cancel and reschedule have their own methods). */
export const SETTABLE_STATUSES = ['confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out', 'no_show'] as const;

const id = (what: string) => z.uuid({ error: `Not a valid ${what} id` });
export const resourceIdSchema = id('room or equipment');
export const appointmentTypeIdSchema = id('appointment type');
export const appointmentIdSchema = id('appointment');
const providerId = id('provider');
const patientId = id('patient');

export const localDateSchema = z.string({ error: 'Enter a date as YYYY-MM-DD' }).refine(isIsoDate, 'Not a date: enter it as YYYY-MM-DD (for example 2026-03-09)');
export const colorSchema = z
  .string({ error: 'Choose a colour' })
  .regex(/^#[0-9a-fA-F]{6}$/, 'A colour as #rrggbb (for example #2f6fdf)')
  .transform((hex) => hex.toLowerCase());
const durationSchema = z
  .number({ error: 'A whole number of minutes' })
  .int('A whole number of minutes')
  .min(MIN_APPOINTMENT_MINUTES, `At least ${MIN_APPOINTMENT_MINUTES} minutes`)
  .max(MAX_APPOINTMENT_MINUTES, 'At most 12 hours');
const reasonText = (required: string) =>
  z.string({ error: required }).trim().min(1, required).max(MAX_REASON_LENGTH, `At most ${MAX_REASON_LENGTH} characters`);
const noteSchema = optionalText(MAX_REASON_LENGTH);
const instant = z.string();

// ---------------------------------------------------------------- resources, types, providers

export const resourceSchema = z.object({
  id: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  name: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Resource = z.infer<typeof resourceSchema>;

const resourceName = z.string({ error: 'Required' }).trim().min(1, 'Required').max(100, 'At most 100 characters');
export const includeInactiveInput = z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false });
export const resourceCreateInput = z.object({ kind: z.enum(RESOURCE_KINDS, { error: 'Choose room or equipment' }), name: resourceName });
export const resourceUpdateInput = z.object({
  id: resourceIdSchema,
  kind: z.enum(RESOURCE_KINDS, { error: 'Choose room or equipment' }).optional(),
  name: resourceName.optional(),
  active: z.boolean().optional(),
});

export const appointmentTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  durationMinutes: z.number(),
  color: z.string(),
  /** The rooms and equipment every appointment of this type books. */
  resourceIds: z.array(z.string()),
  overbookRule: z.enum(OVERBOOK_RULES),
  overbookCapPerDay: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AppointmentType = z.infer<typeof appointmentTypeSchema>;

const typeFields = z.object({
  name: resourceName,
  durationMinutes: durationSchema,
  color: colorSchema,
  resourceIds: z.array(resourceIdSchema).max(10, 'At most 10 rooms and devices').default([]),
  overbookRule: z.enum(OVERBOOK_RULES, { error: 'Choose never, with_reason or cap' }),
  /** Required with the `cap` rule, refused with the others. */
  overbookCapPerDay: z.number().int('A whole number').min(1, 'At least 1').max(50, 'At most 50').nullable().default(null),
});
const capMatchesRule = (fields: { overbookRule?: string | undefined; overbookCapPerDay?: number | null | undefined }, ctx: z.RefinementCtx) => {
  if (fields.overbookRule === 'cap' && fields.overbookCapPerDay == null) {
    ctx.addIssue({ code: 'custom', path: ['overbookCapPerDay'], message: 'How many overbooks a day?' });
  }
  if (fields.overbookRule !== undefined && fields.overbookRule !== 'cap' && fields.overbookCapPerDay != null) {
    ctx.addIssue({ code: 'custom', path: ['overbookCapPerDay'], message: 'Only the cap rule has a number per day' });
  }
};
export const appointmentTypeCreateInput = typeFields.superRefine(capMatchesRule);
/** The fields sent change; with `overbookRule` send `overbookCapPerDay` too (null unless the rule is cap). */
export const appointmentTypeUpdateInput = z
  .object({ id: appointmentTypeIdSchema, active: z.boolean().optional() })
  .extend(
    z.object({
      name: resourceName,
      durationMinutes: durationSchema,
      color: colorSchema,
      resourceIds: z.array(resourceIdSchema).max(10, 'At most 10 rooms and devices'),
      overbookRule: z.enum(OVERBOOK_RULES, { error: 'Choose never, with_reason or cap' }),
      overbookCapPerDay: z.number().int('A whole number').min(1, 'At least 1').max(50, 'At most 50').nullable(),
    }).partial().shape,
  )
  .superRefine(capMatchesRule);

export const scheduleProviderSchema = z.object({
  id: z.string(),
  /** "Grace Hopper, MD" */
  displayName: z.string(),
  active: z.boolean(),
  color: z.string().nullable(),
  defaultRoomId: z.string().nullable(),
});
export type ScheduleProvider = z.infer<typeof scheduleProviderSchema>;
export const scheduleProviderUpdateInput = z
  .object({ id: providerId, color: colorSchema.nullable().optional(), defaultRoomId: resourceIdSchema.nullable().optional() })
  .refine((input) => input.color !== undefined || input.defaultRoomId !== undefined, 'Nothing to change');

// ---------------------------------------------------------------- availability

const timeRange = z.object({ from: localTimeSchema, to: endTimeSchema });
const dayTemplate = z.object({
  hours: z.array(timeRange).max(10),
  breaks: z.array(timeRange).max(10).default([]),
  /** Parts of the hours kept for some appointment types (procedures 14:00–16:00). */
  reserved: z.array(timeRange.extend({ appointmentTypeIds: z.array(appointmentTypeIdSchema).min(1, 'Choose at least one type').max(20) })).max(10).default([]),
});
export const weekSchema = z.partialRecord(weekdaySchema, dayTemplate);

export const templateSchema = z.object({
  id: z.string(),
  providerId: z.string(),
  effectiveFrom: z.string().nullable(),
  effectiveUntil: z.string().nullable(),
  days: weekSchema,
  updatedAt: z.string(),
});
export type AvailabilityTemplate = z.infer<typeof templateSchema>;

export const templateListInput = z.object({ providerId });
/** Without `id` adds a template; with it replaces that one. Checked together with the provider's other templates. */
export const templateSaveInput = z.object({
  id: z.uuid({ error: 'Not a valid template id' }).optional(),
  providerId,
  effectiveFrom: localDateSchema.nullable().default(null),
  effectiveUntil: localDateSchema.nullable().default(null),
  days: weekSchema,
});
export const templateRemoveInput = z.object({ id: z.uuid({ error: 'Not a valid template id' }) });

export const EXCEPTION_KINDS = ['closed_day', 'closed', 'extra'] as const;
export const exceptionSchema = z.object({
  id: z.string(),
  providerId: z.string(),
  date: z.string(),
  kind: z.enum(EXCEPTION_KINDS),
  from: z.string().nullable(),
  to: z.string().nullable(),
  appointmentTypeIds: z.array(z.string()).nullable(),
  /** "Holiday", "Sick", "Extra clinic" */
  label: z.string().nullable(),
});
export type AvailabilityException = z.infer<typeof exceptionSchema>;

export const exceptionListInput = z.object({ providerId, from: localDateSchema, to: localDateSchema });
/** At most a year: what a changed template or exception leaves outside the hours is checked from today on. */
export const MAX_OUTSIDE_DAYS = 366;
export const outsideInput = z.object({ providerId, from: localDateSchema, to: localDateSchema });
const exceptionLabel = optionalText(100);
export const exceptionAddInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('closed_day'), providerId, date: localDateSchema, label: exceptionLabel }),
    z.object({ kind: z.literal('closed'), providerId, date: localDateSchema, from: localTimeSchema, to: endTimeSchema, label: exceptionLabel }),
    z.object({
      kind: z.literal('extra'),
      providerId,
      date: localDateSchema,
      from: localTimeSchema,
      to: endTimeSchema,
      appointmentTypeIds: z.array(appointmentTypeIdSchema).min(1).max(20).nullable().default(null),
      label: exceptionLabel,
    }),
  ],
  { error: 'Choose closed_day, closed or extra' },
);
export const exceptionRemoveInput = z.object({ id: z.uuid({ error: 'Not a valid exception id' }) });

/** Bookable time of a provider on a day: UTC instants; `allowedTypeIds` 'any' or the types a reserved block keeps it for. */
export const availableIntervalSchema = z.object({
  start: instant,
  end: instant,
  allowedTypeIds: z.union([z.literal('any'), z.array(z.string())]),
});

// ---------------------------------------------------------------- appointments

const localSpan = z.object({ date: z.string(), start: z.string(), end: z.string() });

/** Who the appointment is for, when the session may see the chart (restricted charts: null). */
export const appointmentPatientSchema = z.object({
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
});

export const appointmentSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  patient: appointmentPatientSchema.nullable(),
  restricted: z.boolean(),
  providerId: z.string(),
  appointmentTypeId: z.string(),
  typeName: z.string(),
  color: z.string(),
  start: instant,
  end: instant,
  /** The clinic's local date and `HH:mm` times of `start` and `end`. */
  local: localSpan,
  status: z.enum(APPOINTMENT_STATUSES),
  statusChangedAt: z.string(),
  note: z.string().nullable(),
  /** Set when booked over a conflict with the provider's time (outside hours or double-booked). */
  overbookReason: z.string().nullable(),
  cancelledBy: z.enum(CANCELLED_BY).nullable(),
  cancelReason: z.string().nullable(),
  roomId: z.string().nullable(),
  /** The appointment that replaced this one (status rescheduled). */
  rescheduledToId: z.string().nullable(),
  seriesId: z.string().nullable(),
  /** The date the series' rule gives this visit (its identity in the series). */
  occurrenceDate: z.string().nullable(),
  /** Rooms and equipment held (none once cancelled, no-show or rescheduled). */
  resourceIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const statusChangeSchema = z.object({
  from: z.enum(APPOINTMENT_STATUSES).nullable(),
  to: z.enum(APPOINTMENT_STATUSES),
  at: z.string(),
  changedBy: z.string().nullable(),
  cancelledBy: z.enum(CANCELLED_BY).nullable(),
  reason: z.string().nullable(),
  newAppointmentId: z.string().nullable(),
  roomId: z.string().nullable(),
});

export const appointmentIdInput = z.object({ id: appointmentIdSchema });
export const appointmentDetailOutput = z.object({
  appointment: appointmentSchema,
  /** Every status change, oldest first (the booking itself is the first, from null). */
  history: z.array(statusChangeSchema),
  /** The appointment this one replaced, if it was made by a reschedule. */
  rescheduledFromId: z.string().nullable(),
});

/**
 * When: the clinic's local date and start time, and either a length or an end time (default: the
 * type's length). `ambiguous` picks the first or the repeated showing of a time the clocks show
 * twice (fall back); a time they skip (spring forward) is refused.
 */
const whenFields = {
  date: localDateSchema,
  time: localTimeSchema,
  ambiguous: z.enum(['earlier', 'later']).optional(),
  durationMinutes: durationSchema.optional(),
  endTime: endTimeSchema.optional(),
};
const onlyOneLength = (input: { durationMinutes?: number | undefined; endTime?: string | undefined }, ctx: z.RefinementCtx) => {
  if (input.durationMinutes !== undefined && input.endTime !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Give either a length or an end time, not both' });
  }
};
const overbookReason = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  reasonText('Give a reason for the overbook').optional(),
);

export const appointmentBookInput = z
  .object({
    patientId,
    providerId,
    appointmentTypeId: appointmentTypeIdSchema,
    ...whenFields,
    note: noteSchema,
    /** Books over the provider's hours or another appointment of the provider, when the type allows it. */
    overbookReason,
    /** Booking a waitlisted patient into a freed slot: the entry is marked booked. */
    waitlistEntryId: z.uuid({ error: 'Not a valid waitlist entry id' }).optional(),
  })
  .superRefine(onlyOneLength);

export const appointmentRescheduleInput = z
  .object({ id: appointmentIdSchema, providerId: providerId.optional(), ...whenFields, overbookReason })
  .superRefine(onlyOneLength);
export const appointmentRescheduleOutput = z.object({ appointment: appointmentSchema, previous: appointmentSchema });

export const appointmentCancelInput = z.object({
  id: appointmentIdSchema,
  cancelledBy: z.enum(CANCELLED_BY, { error: 'Say who cancelled: the patient or the clinic' }),
  reason: reasonText('Give a reason for the cancellation'),
});

export const appointmentSetStatusInput = z.object({
  id: appointmentIdSchema,
  status: z.enum(SETTABLE_STATUSES, { error: 'Choose confirmed, arrived, roomed, with_provider, checked_out or no_show' }),
  /** With `roomed`: the room the patient was taken to. */
  roomId: resourceIdSchema.optional(),
});

// ---------------------------------------------------------------- waitlist

export const waitlistEntrySchema = z.object({
  id: z.string(),
  patientId: z.string(),
  patient: appointmentPatientSchema.nullable(),
  restricted: z.boolean(),
  appointmentTypeId: z.string(),
  providerId: z.string().nullable(),
  weekdays: z.array(weekdaySchema),
  partOfDay: z.enum(PARTS_OF_DAY).nullable(),
  earliestDate: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(WAITLIST_STATUSES),
  bookedAppointmentId: z.string().nullable(),
  createdAt: z.string(),
});
export type WaitlistEntry = z.infer<typeof waitlistEntrySchema>;

export const waitlistAddInput = z.object({
  patientId,
  appointmentTypeId: appointmentTypeIdSchema,
  /** Null: any provider. */
  providerId: providerId.nullable().default(null),
  weekdays: z.array(weekdaySchema).max(7).default([]),
  partOfDay: z.enum(PARTS_OF_DAY, { error: 'Choose morning or afternoon' }).nullable().default(null),
  earliestDate: localDateSchema.nullable().default(null),
  note: noteSchema,
});
export const waitlistListInput = z
  .object({ appointmentTypeId: appointmentTypeIdSchema.optional(), providerId: providerId.optional(), patientId: patientId.optional() })
  .default({});
export const waitlistRemoveInput = z.object({ id: z.uuid({ error: 'Not a valid waitlist entry id' }) });

/** A freed slot and the waitlisted patients it suits, longest waiting first: book one with `appointments.book` (`waitlistEntryId`). */
export const freedSlotSchema = z.object({
  providerId: z.string(),
  start: instant,
  end: instant,
  local: localSpan,
  entries: z.array(waitlistEntrySchema),
});

export const appointmentCancelOutput = z.object({ appointment: appointmentSchema, freedSlot: freedSlotSchema });

// ---------------------------------------------------------------- views

export const dayInput = z.object({ date: localDateSchema });
export const dayOutput = z.object({
  date: z.string(),
  timeZone: z.string(),
  /** The clinic day as UTC instants (23 or 25 hours on a clock-change day). */
  start: instant,
  end: instant,
  /** The clinic's opening hours that day (null: closed or not set). */
  openingHours: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** Active providers, and inactive ones holding appointments that day, by family name. */
  providers: z.array(scheduleProviderSchema.extend({ available: z.array(availableIntervalSchema) })),
  /** Active rooms and equipment (the rooms view's columns). */
  resources: z.array(resourceSchema),
  /** Every appointment of the day (cancelled ones too), by start. */
  appointments: z.array(appointmentSchema),
});

export const weekInput = z.object({ providerId, date: localDateSchema });
export const weekOutput = z.object({
  timeZone: z.string(),
  provider: scheduleProviderSchema,
  /** Monday to Sunday of the week holding `date`. */
  days: z.array(z.object({ date: z.string(), openingHours: z.object({ from: z.string(), to: z.string() }).nullable(), available: z.array(availableIntervalSchema) })),
  appointments: z.array(appointmentSchema),
});

export const listInput = z.object({
  from: localDateSchema,
  to: localDateSchema,
  providerId: providerId.optional(),
  statuses: z.array(z.enum(APPOINTMENT_STATUSES)).optional(),
});
export const forPatientInput = z.object({ patientId });
export const forPatientOutput = z.object({ upcoming: z.array(appointmentSchema), past: z.array(appointmentSchema) });

export const findNextInput = z.object({
  appointmentTypeId: appointmentTypeIdSchema,
  /** One provider; unset: any active provider. */
  providerId: providerId.optional(),
  /** The patient's own appointments are avoided. */
  patientId: patientId.optional(),
  weekdays: z.array(weekdaySchema).max(7).optional(),
  partOfDay: z.enum(PARTS_OF_DAY, { error: 'Choose morning or afternoon' }).optional(),
  earliestDate: localDateSchema.optional(),
  durationMinutes: durationSchema.optional(),
  days: z.number().int().min(1).max(MAX_FIND_DAYS, `At most ${MAX_FIND_DAYS} days`).default(90),
  limit: z.number().int().min(1).max(50).default(10),
});
export const slotSchema = z.object({ providerId: z.string(), start: instant, end: instant, local: localSpan });
export const findNextOutput = z.object({ slots: z.array(slotSchema) });

// ---------------------------------------------------------------- series

export const seriesExceptionSchema = z.discriminatedUnion('kind', [
  z.object({ originalDate: z.string(), kind: z.literal('skipped') }),
  z.object({ originalDate: z.string(), kind: z.literal('moved'), date: z.string(), time: z.string() }),
]);
export const seriesSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  providerId: z.string(),
  appointmentTypeId: z.string(),
  startDate: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  /** RFC 5545 RRULE value, always with COUNT or UNTIL. */
  rule: z.string(),
  exceptions: z.array(seriesExceptionSchema),
});
export type AppointmentSeries = z.infer<typeof seriesSchema>;

/**
 * Either the booking form's weekly repeat (`weekdays`, `everyWeeks`, and `until` or `count`) or an
 * RRULE value (`rule`, e.g. `FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10`). A repeat without an end is refused.
 */
export const bookSeriesInput = z
  .object({
    patientId,
    providerId,
    appointmentTypeId: appointmentTypeIdSchema,
    startDate: localDateSchema,
    time: localTimeSchema,
    durationMinutes: durationSchema.optional(),
    note: noteSchema,
    weekdays: z.array(weekdaySchema).min(1, 'Choose the days of the week').max(7).optional(),
    everyWeeks: z.number().int().min(1, 'At least every week').max(52, 'At most every 52 weeks').optional(),
    until: localDateSchema.optional(),
    count: z.number().int().min(1, 'At least one visit').max(MAX_OCCURRENCES, `At most ${MAX_OCCURRENCES} visits`).optional(),
    rule: z.string().trim().min(1).max(500).optional(),
    overbookReason,
  })
  .superRefine((input, ctx) => {
    if ((input.rule === undefined) === (input.weekdays === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'Choose the days the visits repeat on (or give a repeat rule)' });
    }
    if (input.until !== undefined && input.count !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'End either on a date or after a number of visits, not both' });
    }
  });
export const seriesWithAppointmentsOutput = z.object({ series: seriesSchema, appointments: z.array(appointmentSchema) });
export const seriesIdInput = z.object({ id: z.uuid({ error: 'Not a valid series id' }) });

/**
 * Changes visits of a series from one of its appointments: `one` moves that visit (`date` and/or
 * `time`, or another provider); `following` and `all` change the time of day, the provider or the
 * length of every visit still to come from that one (or of the whole series). Visits already
 * under way or over, cancelled or moved one by one keep their time.
 */
export const seriesEditInput = z
  .object({
    appointmentId: appointmentIdSchema,
    scope: z.enum(SERIES_SCOPES, { error: 'Choose one, following or all' }),
    date: localDateSchema.optional(),
    time: localTimeSchema.optional(),
    providerId: providerId.optional(),
    durationMinutes: durationSchema.optional(),
    overbookReason,
  })
  .superRefine((input, ctx) => {
    if (input.scope !== 'one' && input.date !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'Only one visit can move to another date' });
    }
    if ([input.date, input.time, input.providerId, input.durationMinutes].every((value) => value === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'Nothing to change' });
    }
  });
export const seriesEditOutput = z.object({
  /** The series after the change (two when `following` split it). */
  series: z.array(seriesSchema),
  /** The new appointments of the moved visits (the old ones are rescheduled to them). */
  appointments: z.array(appointmentSchema),
});
export const seriesCancelInput = z.object({
  appointmentId: appointmentIdSchema,
  scope: z.enum(SERIES_SCOPES, { error: 'Choose one, following or all' }),
  cancelledBy: z.enum(CANCELLED_BY, { error: 'Say who cancelled: the patient or the clinic' }),
  reason: reasonText('Give a reason for the cancellation'),
});
export const seriesCancelOutput = z.object({ cancelled: z.array(appointmentSchema), freedSlots: z.array(freedSlotSchema) });

// ---------------------------------------------------------------- export

export const exportIcsInput = z.object({
  providerId,
  from: localDateSchema,
  to: localDateSchema,
  /** Patient names in the event titles (restricted charts stay unnamed unless the session may open them). */
  includePatientNames: z.boolean().default(false),
});
export const exportIcsOutput = z.object({ fileName: z.string(), contentType: z.literal('text/calendar'), text: z.string(), events: z.number() });

/** The day schedule as a PDF, grouped by provider or by room (as the day view shows it). */
export const dayPdfInput = z.object({ date: localDateSchema, by: z.enum(DAY_VIEWS, { error: 'Choose providers or rooms' }).default('providers') });
export const dayPdfOutput = z.object({ fileName: z.string(), contentType: z.literal('application/pdf'), base64: z.string() });

// ---------------------------------------------------------------- conflicts (in a CONFLICT error's details)

export const CONFLICT_KINDS = ['availability', 'provider', 'resource', 'patient', 'overbook_cap', 'nonexistent_time'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
/**
 * One thing a booking collides with, in `error.details.conflicts` of a CONFLICT. Kinds
 * `availability` (outside the provider's bookable time for the type) and `provider` (another
 * appointment of the provider) can be overbooked with a reason when the type allows it
 * (`details.overbookable`); `resource`, `patient`, `overbook_cap` and `nonexistent_time` cannot.
 */
export interface Conflict {
  kind: ConflictKind;
  /** The requested time that collides (or, for provider/resource/patient, the colliding booking's). */
  start: string;
  end: string;
  local: { date: string; start: string; end: string };
  appointmentId?: string;
  resourceId?: string;
  providerId?: string;
  /** For a series: the visit (by the date its rule gives it) this conflict belongs to. */
  occurrenceDate?: string;
}
