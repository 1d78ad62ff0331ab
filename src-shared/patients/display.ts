import { countryName, DEFAULT_COUNTRY } from './codes';
import type { AddressFields } from './registration-rules';

/** "Grace Hopper, MD": how a provider is named on charts, pickers and the history. */
export function providerName(provider: { givenName: string; familyName: string; credentials: string | null }): string {
  return `${provider.givenName} ${provider.familyName}${provider.credentials ? `, ${provider.credentials}` : ''}`;
}

/** A postal address as the lines of an envelope; the country only when it is not the clinic's own. Empty: no address. */
export function addressLines(address: AddressFields): string[] {
  const place = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const country = address.country && address.country !== DEFAULT_COUNTRY ? countryName(address.country) : null;
  return [address.addressLine1, address.addressLine2, place, country].filter((line): line is string => Boolean(line));
}
