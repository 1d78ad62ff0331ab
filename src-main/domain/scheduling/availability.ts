/**
 * Providers' templates and exceptions as stored, turned into the core's ProviderSchedule
 * (src-shared/scheduling/availability.ts), which computes the bookable UTC intervals.
 */
import type { Selectable } from 'kysely';
import {
  availabilityForDates,
  type AvailabilityException as CoreException,
  type AvailableInterval,
  type ProviderSchedule,
  type WeeklyTemplate,
} from '../../../src-shared/scheduling/availability';
import type { ClinicTimeZone, LocalDate } from '../../../src-shared/scheduling/clinic-time';
import type { AvailabilityException, AvailabilityTemplate } from '../../../src-shared/scheduling/schema';
import type { AvailabilityExceptionsTable, AvailabilityTemplatesTable } from '../../db/schema';
import { iso, type Db } from './common';

export function toTemplate(row: Selectable<AvailabilityTemplatesTable>): AvailabilityTemplate {
  return {
    id: row.id,
    providerId: row.providerId,
    effectiveFrom: row.effectiveFrom,
    effectiveUntil: row.effectiveUntil,
    days: JSON.parse(row.days) as AvailabilityTemplate['days'],
    updatedAt: row.updatedAt,
  };
}

export function toException(row: Selectable<AvailabilityExceptionsTable>): AvailabilityException {
  return {
    id: row.id,
    providerId: row.providerId,
    date: row.date,
    kind: row.kind,
    from: row.fromTime,
    to: row.toTime,
    appointmentTypeIds: row.appointmentTypeIds === null ? null : (JSON.parse(row.appointmentTypeIds) as string[]),
    label: row.label,
  };
}

export function coreTemplate(template: Pick<AvailabilityTemplate, 'effectiveFrom' | 'effectiveUntil' | 'days'>): WeeklyTemplate {
  return {
    ...(template.effectiveFrom !== null ? { effectiveFrom: template.effectiveFrom } : {}),
    ...(template.effectiveUntil !== null ? { effectiveUntil: template.effectiveUntil } : {}),
    days: template.days,
  };
}

export function coreException(exception: Pick<AvailabilityException, 'kind' | 'date' | 'from' | 'to' | 'appointmentTypeIds'>): CoreException {
  if (exception.kind === 'closed_day') return { kind: 'closed_day', date: exception.date };
  const range = { date: exception.date, from: exception.from ?? '', to: exception.to ?? '' };
  if (exception.kind === 'closed') return { kind: 'closed', ...range };
  return { kind: 'extra', ...range, ...(exception.appointmentTypeIds ? { appointmentTypeIds: exception.appointmentTypeIds } : {}) };
}

/**
 * Stored templates as core objects, one per distinct content: the core compiles each object once
 * (a day view reads every provider's week; templates change rarely).
 */
const templateObjects = new Map<string, WeeklyTemplate>();
const MAX_KEPT_TEMPLATES = 2_000;

function templateObject(row: Selectable<AvailabilityTemplatesTable>): WeeklyTemplate {
  const key = `${row.effectiveFrom}|${row.effectiveUntil}|${row.days}`;
  let template = templateObjects.get(key);
  if (!template) {
    if (templateObjects.size >= MAX_KEPT_TEMPLATES) templateObjects.clear();
    template = coreTemplate(toTemplate(row));
    templateObjects.set(key, template);
  }
  return template;
}

/** Each provider's templates and the exceptions dated `from`…`to`. */
export async function providerSchedules(db: Db, providerIds: readonly string[], from: LocalDate, to: LocalDate): Promise<Map<string, ProviderSchedule>> {
  const schedules = new Map<string, { templates: WeeklyTemplate[]; exceptions: CoreException[] }>(
    providerIds.map((id) => [id, { templates: [], exceptions: [] }]),
  );
  if (providerIds.length === 0) return schedules;
  const [templates, exceptions] = await Promise.all([
    db.selectFrom('availabilityTemplates').selectAll().where('providerId', 'in', providerIds).where('deletedAt', 'is', null).execute(),
    db
      .selectFrom('availabilityExceptions')
      .selectAll()
      .where('providerId', 'in', providerIds)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .where('deletedAt', 'is', null)
      .execute(),
  ]);
  for (const row of templates) schedules.get(row.providerId)?.templates.push(templateObject(row));
  for (const row of exceptions) schedules.get(row.providerId)?.exceptions.push(coreException(toException(row)));
  return schedules;
}

export interface AvailableIntervalOut {
  start: string;
  end: string;
  allowedTypeIds: 'any' | string[];
}

export function availabilityOut(intervals: readonly AvailableInterval[]): AvailableIntervalOut[] {
  return intervals.map((interval) => ({
    start: iso(interval.start),
    end: iso(interval.end),
    allowedTypeIds: interval.allowedTypeIds === 'any' ? 'any' : [...interval.allowedTypeIds],
  }));
}

/** Bookable intervals of one provider for clinic dates `from`…`to`. */
export function availableOn(zone: ClinicTimeZone, schedule: ProviderSchedule | undefined, from: LocalDate, to: LocalDate): AvailableInterval[] {
  return schedule ? availabilityForDates(zone, schedule, from, to) : [];
}
