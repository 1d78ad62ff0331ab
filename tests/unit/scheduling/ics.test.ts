/**
 * The export is read back with ical.js, a maintained RFC 5545 parser (as a calendar app would);
 * the format checks it does not make (CRLF only, folded lines within 75 octets) are made here.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { appointmentsToICalendar, escapeText, foldLine, utcDateTime, type IcsAppointment } from '../../../src-shared/scheduling/ics';
import { expectSchedulingError } from './support';

/** Every line ends in CRLF, and no bare CR or LF hides inside one. */
function expectCrlfLines(text: string): void {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
}

function unfold(text: string): string[] {
  expectCrlfLines(text);
  return text
    .slice(0, -2)
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n');
}

/** ical.js leaves non-standard (X-) properties as written: their TEXT escapes are undone here. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

function parseCalendar(text: string): ICAL.Component {
  expectCrlfLines(text);
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  return calendar;
}

const events = (calendar: ICAL.Component) => calendar.getAllSubcomponents('vevent');
/** A property's value as text: TEXT unescaped, DATE-TIME in RFC 5545's UTC form (`20260309T140000Z`). */
function property(component: ICAL.Component, name: string): string | undefined {
  const value: unknown = component.getFirstPropertyValue(name.toLowerCase());
  if (value instanceof ICAL.Time) return utcDateTime(value.toJSDate().getTime());
  return value === null || value === undefined ? undefined : String(value);
}
const fromUtc = (value: string) =>
  Date.parse(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`);

const NOW = Date.parse('2026-03-01T12:00:00Z');
const appointments: IcsAppointment[] = [
  {
    id: '0195a1b2-0000-7000-8000-000000000001',
    start: Date.parse('2026-03-09T14:00:00Z'),
    end: Date.parse('2026-03-09T14:30:00Z'),
    typeName: 'Follow-up',
    status: 'confirmed',
    providerName: 'Dr. Avery Chen, MD',
    location: 'Room 2',
    patientName: 'Jordan Q. Patientname',
    updatedAt: Date.parse('2026-02-20T10:00:00Z'),
  },
  {
    id: '0195a1b2-0000-7000-8000-000000000002',
    start: Date.parse('2026-03-09T15:00:00Z'),
    end: Date.parse('2026-03-09T16:00:00Z'),
    typeName: 'Procedure; wound care, dressing \\ change\nbring supplies',
    status: 'cancelled',
    patientName: 'Émilie Zoë Ångström-Nakamura',
  },
];

describe('iCalendar export', () => {
  it('carries VERSION, PRODID and per event UID, DTSTAMP and UTC start and end, and reads back to the same events', () => {
    const calendar = parseCalendar(appointmentsToICalendar(appointments, { now: NOW, calendarName: 'Dr. Chen, week 11' }));
    expect(property(calendar, 'VERSION')).toBe('2.0');
    expect(property(calendar, 'PRODID')).toBe('-//Clinic Office//Scheduling//EN');
    expect(unescapeText(property(calendar, 'X-WR-CALNAME')!)).toBe('Dr. Chen, week 11');
    const found = events(calendar);
    expect(found.map((event) => event.name)).toEqual(['vevent', 'vevent']);
    found.forEach((event, index) => {
      const source = appointments[index]!;
      expect(property(event, 'UID')).toBe(`${source.id}@clinic-office`);
      expect(property(event, 'DTSTAMP')).toBe('20260301T120000Z');
      for (const name of ['DTSTAMP', 'DTSTART', 'DTEND']) expect(property(event, name)).toMatch(/^\d{8}T\d{6}Z$/);
      expect(fromUtc(property(event, 'DTSTART')!)).toBe(source.start);
      expect(fromUtc(property(event, 'DTEND')!)).toBe(source.end);
      expect(property(event, 'SUMMARY')).toBe(source.typeName);
    });
    expect(property(found[0]!, 'STATUS')).toBe('CONFIRMED');
    expect(property(found[1]!, 'STATUS')).toBe('CANCELLED');
    expect(property(found[0]!, 'LAST-MODIFIED')).toBe('20260220T100000Z');
    expect(property(found[0]!, 'DESCRIPTION')).toBe('Status: Confirmed\nProvider: Dr. Avery Chen, MD');
    expect(property(found[0]!, 'LOCATION')).toBe('Room 2');
  });

  it('leaves patient names out unless asked', () => {
    const withoutNames = appointmentsToICalendar(appointments, { now: NOW });
    expect(withoutNames).not.toContain('Patientname');
    expect(unfold(withoutNames).join('\n')).not.toContain('Ångström');
    const named = events(parseCalendar(appointmentsToICalendar(appointments, { now: NOW, includePatientNames: true })));
    expect(property(named[0]!, 'SUMMARY')).toBe('Follow-up – Jordan Q. Patientname');
    expect(property(named[1]!, 'SUMMARY')).toContain('Émilie Zoë Ångström-Nakamura');
  });

  it('escapes TEXT: backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('tab\there, bell\x07 gone')).toBe('tab\there\\, bell gone');
    const text = appointmentsToICalendar(appointments, { now: NOW });
    expect(text).toContain('SUMMARY:Procedure\\; wound care\\, dressing \\\\ change\\nbring supplies');
  });

  it('folds lines at 75 octets without splitting a character, and unfolding restores them', () => {
    const long = `LOCATION:${'Salle d’examen n° 3 – bâtiment Est, 2ᵉ étage 🏥 '.repeat(4)}`;
    const folded = foldLine(long);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(3);
    for (const [index, line] of physical.entries()) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      if (index > 0) expect(line.startsWith(' ')).toBe(true);
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
      expect(line).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(physical.slice(0, -1).some((line) => Buffer.byteLength(line, 'utf8') >= 72)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
    const exactly75 = `X:${'a'.repeat(73)}`;
    expect(foldLine(exactly75)).toBe(exactly75);
    expect(foldLine(`${exactly75}b`)).toBe(`${exactly75}\r\n b`);
  });

  it('folds every line of a whole export', () => {
    const text = appointmentsToICalendar(
      [{ ...appointments[1]!, typeName: 'Ultraschall-Untersuchung des Abdomens mit Dopplersonographie, ausführlich'.repeat(2) }],
      { now: NOW, includePatientNames: true },
    );
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(events(parseCalendar(text))).toHaveLength(1);
  });

  it('writes a valid empty calendar for no appointments', () => {
    const calendar = parseCalendar(appointmentsToICalendar([], { now: NOW, productId: '-//Test//EN' }));
    expect(property(calendar, 'PRODID')).toBe('-//Test//EN');
    expect(calendar.getAllSubcomponents()).toEqual([]);
  });

  it('refuses appointments without an id or with the end before the start', () => {
    expectSchedulingError(() => appointmentsToICalendar([{ ...appointments[0]!, id: ' ' }], { now: NOW }), 'invalid_option');
    expectSchedulingError(() => appointmentsToICalendar([{ ...appointments[0]!, end: appointments[0]!.start }], { now: NOW }), 'invalid_range');
    expectSchedulingError(() => utcDateTime(Number.NaN), 'invalid_instant');
  });
});
