/**
 * The clinic's scheduling settings, part of the clinic settings (src-shared/auth/schema.ts): its
 * IANA time zone (appointments are stored in UTC and shown in it) and its opening hours (the day
 * view's frame). Kept apart from schema.ts so the settings form does not load the rest.
 */
import { z } from 'zod';
import { isValidTimeZone, WEEKDAYS } from './clinic-time';

export const localTimeSchema = z
  .string({ error: 'Enter a time as HH:mm' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Not a time: enter it as HH:mm on a 24-hour clock (for example 09:30 or 14:00)');
/** The end of a range may be midnight at the end of the day. */
export const endTimeSchema = z.union([localTimeSchema, z.literal('24:00')], {
  error: 'Not a time: enter it as HH:mm (24:00 for midnight at the end of the day)',
});
export const weekdaySchema = z.enum(WEEKDAYS, { error: 'Days are sun, mon, tue, wed, thu, fri, sat' });

export const timeZoneSchema = z
  .string({ error: 'Choose a time zone' })
  .trim()
  .refine(isValidTimeZone, 'Unknown time zone: use an IANA name such as America/New_York or Europe/Berlin');

const openingDay = z.object({ from: localTimeSchema, to: endTimeSchema }).refine((day) => day.to > day.from, {
  path: ['to'],
  message: 'Closing time must be after opening time',
});
/** Opening hours per weekday (a day left out: closed). */
export const openingHoursSchema = z.partialRecord(weekdaySchema, openingDay);
export type OpeningHours = z.infer<typeof openingHoursSchema>;
