import { describe, expect, it } from 'vitest';
import { addressLines, providerName } from '../../../src-shared/patients/display';

const NONE = { addressLine1: null, addressLine2: null, city: null, region: null, postalCode: null, country: null };

describe('addressLines', () => {
  it('writes an address as the lines of an envelope, leaving out the clinic’s own country', () => {
    expect(addressLines({ addressLine1: '12 Elm Street', addressLine2: 'Apt 3', city: 'Cambridge', region: 'MA', postalCode: '02139', country: 'US' })).toEqual([
      '12 Elm Street',
      'Apt 3',
      'Cambridge, MA 02139',
    ]);
    expect(addressLines({ ...NONE, addressLine1: '5 Rue Cler', city: 'Paris', postalCode: '75007', country: 'FR' })).toEqual([
      '5 Rue Cler',
      'Paris, 75007',
      'France',
    ]);
  });

  it('is empty without an address', () => {
    expect(addressLines(NONE)).toEqual([]);
  });
});

describe('providerName', () => {
  it('names a provider with credentials when there are some', () => {
    expect(providerName({ givenName: 'Grace', familyName: 'Hopper', credentials: 'MD' })).toBe('Grace Hopper, MD');
    expect(providerName({ givenName: 'Ada', familyName: 'Byron', credentials: null })).toBe('Ada Byron');
  });
});
