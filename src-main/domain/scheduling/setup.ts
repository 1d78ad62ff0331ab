/**
 * What the schedule is made of: rooms and equipment, appointment types (and the resources each
 * needs), providers as schedule columns, and providers' weekly templates and one-off exceptions.
 */
import type { Selectable, Updateable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import { validateSchedule } from '../../../src-shared/scheduling/availability';
import { dayNumber } from '../../../src-shared/scheduling/clinic-time';
import type { AppointmentType, AvailabilityException, AvailabilityTemplate, Resource, ScheduleProvider } from '../../../src-shared/scheduling/schema';
import type { Clock } from '../../clock';
import type { AppointmentTypesTable, ProvidersTable, ResourcesTable } from '../../db/schema';
import { coreException, coreTemplate, toException, toTemplate } from './availability';
import { fieldError, inField, type Db } from './common';

const RESOURCE_COLUMNS = ['id', 'kind', 'name', 'active', 'createdAt', 'updatedAt'] as const;

function toResource(row: Pick<Selectable<ResourcesTable>, (typeof RESOURCE_COLUMNS)[number]>): Resource {
  return { ...row, active: row.active === 1 };
}

// ---------------------------------------------------------------- rooms and equipment

export async function listResources(db: Db, { includeInactive }: { includeInactive: boolean }): Promise<Resource[]> {
  let query = db.selectFrom('resources').select(RESOURCE_COLUMNS).where('deletedAt', 'is', null);
  if (!includeInactive) query = query.where('active', '=', 1);
  return (await query.orderBy('kind', 'desc').orderBy('name').execute()).map(toResource);
}

export async function getResource(db: Db, id: string, field = 'id'): Promise<Resource> {
  const row = await db.selectFrom('resources').select(RESOURCE_COLUMNS).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError(field, 'No such room or equipment', 'NOT_FOUND');
  return toResource(row);
}

/** Names are how the front desk tells rooms apart: two with one name are refused. */
async function assertNameFree(db: Db, table: 'resources' | 'appointmentTypes', name: string, exceptId: string | null): Promise<void> {
  const rows = await db.selectFrom(table).select(['id', 'name']).where('deletedAt', 'is', null).execute();
  if (rows.some((row) => row.id !== exceptId && row.name.toLowerCase() === name.toLowerCase())) {
    throw fieldError('name', 'Another one already has this name', 'CONFLICT');
  }
}

export async function createResource(db: Db, clock: Clock, input: ParsedInput<'schedule.resources.create'>): Promise<Resource> {
  await assertNameFree(db, 'resources', input.name, null);
  const now = clock.now().toISOString();
  const row = await db
    .insertInto('resources')
    .values({ id: uuidv7(), kind: input.kind, name: input.name, active: 1, createdAt: now, updatedAt: now, deletedAt: null })
    .returning(RESOURCE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toResource(row);
}

export async function updateResource(db: Db, clock: Clock, input: ParsedInput<'schedule.resources.update'>): Promise<Resource> {
  const current = await getResource(db, input.id);
  if (input.name !== undefined) await assertNameFree(db, 'resources', input.name, input.id);
  const changes = {
    ...(input.name !== undefined && input.name !== current.name ? { name: input.name } : {}),
    ...(input.kind !== undefined && input.kind !== current.kind ? { kind: input.kind } : {}),
    ...(input.active !== undefined && input.active !== current.active ? { active: input.active ? 1 : 0 } : {}),
  };
  if (Object.keys(changes).length === 0) return current;
  const row = await db
    .updateTable('resources')
    .set({ ...changes, updatedAt: clock.now().toISOString() })
    .where('id', '=', input.id)
    .returning(RESOURCE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toResource(row);
}

// ---------------------------------------------------------------- appointment types

const TYPE_COLUMNS = ['id', 'name', 'durationMinutes', 'color', 'overbookRule', 'overbookCapPerDay', 'active', 'createdAt', 'updatedAt'] as const;
type TypeRow = Pick<Selectable<AppointmentTypesTable>, (typeof TYPE_COLUMNS)[number]>;

async function typesWithResources(db: Db, rows: readonly TypeRow[]): Promise<AppointmentType[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('appointmentTypeResources')
    .select(['appointmentTypeId', 'resourceId'])
    .where('appointmentTypeId', 'in', rows.map((row) => row.id))
    .where('deletedAt', 'is', null)
    .orderBy('pk')
    .execute();
  return rows.map((row) => ({
    ...row,
    active: row.active === 1,
    resourceIds: links.filter((link) => link.appointmentTypeId === row.id).map((link) => link.resourceId),
  }));
}

export async function listTypes(db: Db, { includeInactive }: { includeInactive: boolean }): Promise<AppointmentType[]> {
  let query = db.selectFrom('appointmentTypes').select(TYPE_COLUMNS).where('deletedAt', 'is', null);
  if (!includeInactive) query = query.where('active', '=', 1);
  return typesWithResources(db, await query.orderBy('name').execute());
}

/** A type that exists; with `bookable`, one still offered (an old appointment may keep an inactive type). */
export async function getType(db: Db, id: string, options: { field?: string; bookable?: boolean } = {}): Promise<AppointmentType> {
  const field = options.field ?? 'id';
  const row = await db.selectFrom('appointmentTypes').select(TYPE_COLUMNS).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError(field, 'No such appointment type', 'NOT_FOUND');
  if (options.bookable && row.active !== 1) throw fieldError(field, 'This appointment type is no longer offered');
  return (await typesWithResources(db, [row]))[0]!;
}

async function checkResourcesInUse(db: Db, ids: readonly string[]): Promise<void> {
  if (new Set(ids).size !== ids.length) throw fieldError('resourceIds', 'A room or device is listed twice');
  for (const id of ids) {
    const resource = await getResource(db, id, 'resourceIds');
    if (!resource.active) throw fieldError('resourceIds', `${resource.name} is no longer in use`);
  }
}

export async function createType(db: Db, clock: Clock, input: ParsedInput<'schedule.types.create'>): Promise<AppointmentType> {
  await assertNameFree(db, 'appointmentTypes', input.name, null);
  await checkResourcesInUse(db, input.resourceIds);
  const now = clock.now().toISOString();
  const id = uuidv7();
  const { resourceIds, ...fields } = input;
  await db.insertInto('appointmentTypes').values({ id, ...fields, active: 1, createdAt: now, updatedAt: now, deletedAt: null }).execute();
  await linkResources(db, id, resourceIds, now);
  return getType(db, id);
}

async function linkResources(db: Db, typeId: string, resourceIds: readonly string[], now: string): Promise<void> {
  for (const resourceId of resourceIds) {
    await db
      .insertInto('appointmentTypeResources')
      .values({ id: uuidv7(), appointmentTypeId: typeId, resourceId, createdAt: now, updatedAt: now, deletedAt: null })
      .execute();
  }
}

/** Only what differs is written; a changed list of resources removes the links dropped and adds the new ones. */
export async function updateType(db: Db, clock: Clock, input: ParsedInput<'schedule.types.update'>): Promise<AppointmentType> {
  const current = await getType(db, input.id);
  const { id, resourceIds, active, ...requested } = input;
  const rule = requested.overbookRule ?? current.overbookRule;
  const cap = requested.overbookCapPerDay !== undefined ? requested.overbookCapPerDay : current.overbookCapPerDay;
  if (rule === 'cap' && cap === null) throw fieldError('overbookCapPerDay', 'How many overbooks a day?');
  if (rule !== 'cap' && cap !== null) throw fieldError('overbookCapPerDay', 'Only the cap rule has a number per day');
  if (requested.name !== undefined) await assertNameFree(db, 'appointmentTypes', requested.name, id);
  const changes: Updateable<AppointmentTypesTable> = Object.fromEntries(
    Object.entries(requested).filter(([key, value]) => value !== undefined && value !== current[key as keyof typeof requested]),
  );
  if (active !== undefined && active !== current.active) changes.active = active ? 1 : 0;
  const now = clock.now().toISOString();
  const resourcesChanged = resourceIds !== undefined && resourceIds.join() !== current.resourceIds.join();
  if (resourcesChanged) {
    await checkResourcesInUse(db, resourceIds);
    const dropped = current.resourceIds.filter((resourceId) => !resourceIds.includes(resourceId));
    if (dropped.length > 0) {
      await db
        .updateTable('appointmentTypeResources')
        .set({ deletedAt: now, updatedAt: now })
        .where('appointmentTypeId', '=', id)
        .where('resourceId', 'in', dropped)
        .where('deletedAt', 'is', null)
        .execute();
    }
    await linkResources(db, id, resourceIds.filter((resourceId) => !current.resourceIds.includes(resourceId)), now);
  }
  if (Object.keys(changes).length === 0 && !resourcesChanged) return current;
  await db.updateTable('appointmentTypes').set({ ...changes, updatedAt: now }).where('id', '=', id).execute();
  return getType(db, id);
}

// ---------------------------------------------------------------- providers as schedule columns

const PROVIDER_COLUMNS = ['id', 'givenName', 'familyName', 'credentials', 'active', 'color', 'defaultRoomId'] as const;
type ProviderRow = Pick<Selectable<ProvidersTable>, (typeof PROVIDER_COLUMNS)[number]>;

export function toScheduleProvider(row: ProviderRow): ScheduleProvider {
  const name = `${row.givenName} ${row.familyName}`;
  return {
    id: row.id,
    displayName: row.credentials ? `${name}, ${row.credentials}` : name,
    active: row.active === 1,
    color: row.color,
    defaultRoomId: row.defaultRoomId,
  };
}

export async function listScheduleProviders(db: Db, { includeInactive }: { includeInactive: boolean }): Promise<ScheduleProvider[]> {
  let query = db.selectFrom('providers').select(PROVIDER_COLUMNS).where('deletedAt', 'is', null);
  if (!includeInactive) query = query.where('active', '=', 1);
  return (await query.orderBy('familyName').orderBy('givenName').execute()).map(toScheduleProvider);
}

/** A provider that exists; with `bookable`, one who still sees patients. */
export async function getScheduleProvider(db: Db, id: string, options: { field?: string; bookable?: boolean } = {}): Promise<ScheduleProvider> {
  const field = options.field ?? 'providerId';
  const row = await db.selectFrom('providers').select(PROVIDER_COLUMNS).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError(field, 'No such provider', 'NOT_FOUND');
  if (options.bookable && row.active !== 1) throw fieldError(field, 'This provider no longer sees patients');
  return toScheduleProvider(row);
}

export async function updateScheduleProvider(db: Db, clock: Clock, input: ParsedInput<'schedule.providers.update'>): Promise<ScheduleProvider> {
  const current = await getScheduleProvider(db, input.id, { field: 'id' });
  if (input.defaultRoomId) {
    const room = await getResource(db, input.defaultRoomId, 'defaultRoomId');
    if (room.kind !== 'room') throw fieldError('defaultRoomId', 'Choose a room, not equipment');
  }
  const changes = {
    ...(input.color !== undefined && input.color !== current.color ? { color: input.color } : {}),
    ...(input.defaultRoomId !== undefined && input.defaultRoomId !== current.defaultRoomId ? { defaultRoomId: input.defaultRoomId } : {}),
  };
  if (Object.keys(changes).length === 0) return current;
  await db.updateTable('providers').set({ ...changes, updatedAt: clock.now().toISOString() }).where('id', '=', input.id).execute();
  return getScheduleProvider(db, input.id, { field: 'id' });
}

// ---------------------------------------------------------------- weekly templates

export async function listTemplates(db: Db, providerId: string): Promise<AvailabilityTemplate[]> {
  await getScheduleProvider(db, providerId);
  const rows = await db.selectFrom('availabilityTemplates').selectAll().where('providerId', '=', providerId).where('deletedAt', 'is', null).execute();
  // The template in force longest ago first; one without a start date applies from the beginning.
  return rows.map(toTemplate).sort((a, b) => (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? ''));
}

async function getTemplate(db: Db, id: string): Promise<AvailabilityTemplate> {
  const row = await db.selectFrom('availabilityTemplates').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw fieldError('id', 'No such template', 'NOT_FOUND');
  return toTemplate(row);
}

async function checkTypesExist(db: Db, ids: readonly string[], field: string): Promise<void> {
  for (const id of new Set(ids)) await getType(db, id, { field });
}

/**
 * Adds a template, or replaces one (`id`): its week is checked by the core (times, breaks inside
 * hours, reserved blocks that do not overlap), its dates against the provider's other templates.
 */
export async function saveTemplate(db: Db, clock: Clock, input: ParsedInput<'schedule.templates.save'>): Promise<AvailabilityTemplate> {
  await getScheduleProvider(db, input.providerId, { bookable: true });
  const replaced = input.id ? await getTemplate(db, input.id) : null;
  if (replaced && replaced.providerId !== input.providerId) throw fieldError('providerId', 'This template belongs to another provider');
  if (input.effectiveFrom && input.effectiveUntil && dayNumber(input.effectiveUntil) < dayNumber(input.effectiveFrom)) {
    throw fieldError('effectiveUntil', 'Must be on or after the date it takes effect');
  }
  const others = (await listTemplates(db, input.providerId)).filter((template) => template.id !== input.id);
  if (others.some((template) => template.effectiveFrom === input.effectiveFrom)) {
    throw fieldError('effectiveFrom', input.effectiveFrom ? 'Another template takes effect on this date' : 'Another template already applies from the beginning: give this one a start date', 'CONFLICT');
  }
  inField('days', () => validateSchedule({ templates: [coreTemplate(input)] }));
  await checkTypesExist(db, Object.values(input.days).flatMap((day) => day.reserved.flatMap((block) => block.appointmentTypeIds)), 'days');
  const now = clock.now().toISOString();
  const values = { effectiveFrom: input.effectiveFrom, effectiveUntil: input.effectiveUntil, days: JSON.stringify(input.days), updatedAt: now };
  if (replaced) {
    await db.updateTable('availabilityTemplates').set(values).where('id', '=', replaced.id).execute();
    return getTemplate(db, replaced.id);
  }
  const id = uuidv7();
  await db.insertInto('availabilityTemplates').values({ id, providerId: input.providerId, ...values, createdAt: now, deletedAt: null }).execute();
  return getTemplate(db, id);
}

export async function removeTemplate(db: Db, clock: Clock, id: string): Promise<AvailabilityTemplate> {
  const template = await getTemplate(db, id);
  const now = clock.now().toISOString();
  await db.updateTable('availabilityTemplates').set({ deletedAt: now, updatedAt: now }).where('id', '=', id).execute();
  return { ...template, updatedAt: now };
}

// ---------------------------------------------------------------- exceptions

export async function listExceptions(db: Db, input: ParsedInput<'schedule.exceptions.list'>): Promise<AvailabilityException[]> {
  if (input.to < input.from) throw fieldError('to', 'Must be on or after the start date');
  await getScheduleProvider(db, input.providerId);
  const rows = await db
    .selectFrom('availabilityExceptions')
    .selectAll()
    .where('providerId', '=', input.providerId)
    .where('date', '>=', input.from)
    .where('date', '<=', input.to)
    .where('deletedAt', 'is', null)
    .orderBy('date')
    .orderBy('fromTime')
    .execute();
  return rows.map(toException);
}

export async function addException(db: Db, clock: Clock, input: ParsedInput<'schedule.exceptions.add'>): Promise<AvailabilityException> {
  await getScheduleProvider(db, input.providerId, { bookable: true });
  const exception = {
    kind: input.kind,
    date: input.date,
    from: input.kind === 'closed_day' ? null : input.from,
    to: input.kind === 'closed_day' ? null : input.to,
    appointmentTypeIds: input.kind === 'extra' ? input.appointmentTypeIds : null,
  };
  inField('to', () => validateSchedule({ templates: [], exceptions: [coreException(exception)] }));
  if (exception.appointmentTypeIds) await checkTypesExist(db, exception.appointmentTypeIds, 'appointmentTypeIds');
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('availabilityExceptions')
    .values({
      id,
      providerId: input.providerId,
      date: exception.date,
      kind: exception.kind,
      fromTime: exception.from,
      toTime: exception.to,
      appointmentTypeIds: exception.appointmentTypeIds ? JSON.stringify(exception.appointmentTypeIds) : null,
      label: input.label,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  return getException(db, id);
}

export async function getException(db: Db, id: string): Promise<AvailabilityException> {
  const row = await db.selectFrom('availabilityExceptions').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such exception', { fields: { id: 'No such exception' } });
  return toException(row);
}

export async function removeException(db: Db, clock: Clock, id: string): Promise<AvailabilityException> {
  const exception = await getException(db, id);
  const now = clock.now().toISOString();
  await db.updateTable('availabilityExceptions').set({ deletedAt: now, updatedAt: now }).where('id', '=', id).execute();
  return exception;
}
