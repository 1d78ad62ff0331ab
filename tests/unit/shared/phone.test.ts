import { describe, expect, it } from 'vitest';
import { digitsOnly, formatPhoneForDisplay, toE164 } from '../../../src-shared/validation/phone';

describe('toE164', () => {
  it.each([
    '(617) 555-0142',
    '617-555-0142',
    '617.555.0142',
    '617 555 0142',
    '6175550142',
    '1-617-555-0142',
    '1 (617) 555-0142',
    '+1 (617) 555-0142',
    '+16175550142',
    '  617-555-0142  ',
  ])('reads the US national format %j as +16175550142', (text) => {
    expect(toE164(text)).toBe('+16175550142');
  });

  it('keeps the digits of each number', () => {
    expect(toE164('(212) 555-0199')).toBe('+12125550199');
    expect(toE164('415.555.0100')).toBe('+14155550100');
  });

  it('reads international numbers, and national numbers of another country when told', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('020 7946 0958')).toBeNull();
  });

  it.each([
    '',
    '   ',
    'call me',
    '123',
    '911',
    '555-0142',
    '(617) 555-014',
    '617-555-01423',
    '+1 123 456 7890',
    '(617) 155-0142',
    '000-000-0000',
  ])('refuses %j', (text) => {
    expect(toE164(text)).toBeNull();
  });
});

describe('formatPhoneForDisplay', () => {
  it('shows home-country numbers nationally and others internationally', () => {
    expect(formatPhoneForDisplay('+16175550142')).toBe('(617) 555-0142');
    expect(formatPhoneForDisplay('+442079460958')).toBe('+44 20 7946 0958');
  });

  it('round-trips with toE164', () => {
    for (const e164 of ['+16175550142', '+12125550199', '+442079460958']) {
      expect(toE164(formatPhoneForDisplay(e164))).toBe(e164);
    }
  });
});

describe('digitsOnly', () => {
  it('drops everything but digits', () => {
    expect(digitsOnly('+1 (617) 555-0142')).toBe('16175550142');
    expect(digitsOnly('no digits')).toBe('');
  });
});
