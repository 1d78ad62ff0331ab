/**
 * No iCalendar parser is installed (ical.js would be the one to add as a devDependency), so the
 * export is read back here by a small reader that follows RFC 5545 to the letter: unfold (§3.1),
 * split name, parameters and value, unescape TEXT (§3.3.11), nest BEGIN/END components.
 */
import { describe, expect, it } from 'vitest';
import { appointmentsToICalendar, escapeText, foldLine, utcDateTime, type IcsAppointment } from '../../../src-shared/scheduling/ics';
import { expectSchedulingError } from './support';

interface Component {
  name: string;
  properties: { name: string; value: string }[];
  children: Component[];
}

function unfold(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return text
    .slice(0, -2)
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n');
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

function parseCalendar(text: string): Component {
  const root: Component = { name: 'ROOT', properties: [], children: [] };
  const stack = [root];
  for (const line of unfold(text)) {
    const colon = line.indexOf(':');
    expect(colon).toBeGreaterThan(0);
    const name = line.slice(0, colon).split(';')[0]!;
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') {
      const component: Component = { name: value, properties: [], children: [] };
      stack.at(-1)!.children.push(component);
      stack.push(component);
    } else if (name === 'END') {
      expect(stack.pop()!.name).toBe(value);
    } else {
      stack.at(-1)!.properties.push({ name, value });
    }
  }
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

const property = (component: Component, name: string) => component.properties.find((p) => p.name === name)?.value;
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
    expect(calendar.name).toBe('VCALENDAR');
    expect(property(calendar, 'VERSION')).toBe('2.0');
    expect(property(calendar, 'PRODID')).toBe('-//Clinic Office//Scheduling//EN');
    expect(unescapeText(property(calendar, 'X-WR-CALNAME')!)).toBe('Dr. Chen, week 11');
    const events = calendar.children;
    expect(events.map((event) => event.name)).toEqual(['VEVENT', 'VEVENT']);
    events.forEach((event, index) => {
      const source = appointments[index]!;
      expect(property(event, 'UID')).toBe(`${source.id}@clinic-office`);
      expect(property(event, 'DTSTAMP')).toBe('20260301T120000Z');
      for (const name of ['DTSTAMP', 'DTSTART', 'DTEND']) expect(property(event, name)).toMatch(/^\d{8}T\d{6}Z$/);
      expect(fromUtc(property(event, 'DTSTART')!)).toBe(source.start);
      expect(fromUtc(property(event, 'DTEND')!)).toBe(source.end);
      expect(unescapeText(property(event, 'SUMMARY')!)).toBe(source.typeName);
    });
    expect(property(events[0]!, 'STATUS')).toBe('CONFIRMED');
    expect(property(events[1]!, 'STATUS')).toBe('CANCELLED');
    expect(property(events[0]!, 'LAST-MODIFIED')).toBe('20260220T100000Z');
    expect(unescapeText(property(events[0]!, 'DESCRIPTION')!)).toBe('Status: Confirmed\nProvider: Dr. Avery Chen, MD');
    expect(unescapeText(property(events[0]!, 'LOCATION')!)).toBe('Room 2');
  });

  it('leaves patient names out unless asked', () => {
    const withoutNames = appointmentsToICalendar(appointments, { now: NOW });
    expect(withoutNames).not.toContain('Patientname');
    expect(unfold(withoutNames).join('\n')).not.toContain('Ångström');
    const events = parseCalendar(appointmentsToICalendar(appointments, { now: NOW, includePatientNames: true })).children;
    expect(unescapeText(property(events[0]!, 'SUMMARY')!)).toBe('Follow-up – Jordan Q. Patientname');
    expect(unescapeText(property(events[1]!, 'SUMMARY')!)).toContain('Émilie Zoë Ångström-Nakamura');
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
    expect(parseCalendar(text).children).toHaveLength(1);
  });

  it('writes a valid empty calendar for no appointments', () => {
    const calendar = parseCalendar(appointmentsToICalendar([], { now: NOW, productId: '-//Test//EN' }));
    expect(property(calendar, 'PRODID')).toBe('-//Test//EN');
    expect(calendar.children).toEqual([]);
  });

  it('refuses appointments without an id or with the end before the start', () => {
    expectSchedulingError(() => appointmentsToICalendar([{ ...appointments[0]!, id: ' ' }], { now: NOW }), 'invalid_option');
    expectSchedulingError(() => appointmentsToICalendar([{ ...appointments[0]!, end: appointments[0]!.start }], { now: NOW }), 'invalid_range');
    expectSchedulingError(() => utcDateTime(Number.NaN), 'invalid_instant');
  });
});
