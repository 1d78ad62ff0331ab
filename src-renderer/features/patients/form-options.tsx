import type { ComponentPropsWithRef } from 'react';
import { COUNTRY_CODES, countryName, DEFAULT_COUNTRY } from '../../../src-shared/patients/codes';
import { useTableVersion } from '../../lib/change-feed';
import { formatProviderName } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useLoad } from '../admin/useLoad';

/** The options of a fixed list, each showing its label. */
export function Options<T extends string>({ values, labels }: { values: readonly T[]; labels: Record<T, string> }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels[value]}
    </option>
  ));
}

/** Every country by name; the clinic's own first, where most addresses are. */
const COUNTRIES = [
  DEFAULT_COUNTRY,
  ...COUNTRY_CODES.filter((code) => code !== DEFAULT_COUNTRY).sort((a, b) => countryName(a).localeCompare(countryName(b))),
];

export function CountryOptions() {
  return COUNTRIES.map((code) => (
    <option key={code} value={code}>
      {countryName(code)}
    </option>
  ));
}

/**
 * The primary provider picker: providers who see patients, and the one chosen before even if
 * they no longer do (so an edit does not drop them). The select appears once the list is there,
 * so the chosen provider is selected from the start.
 */
export function ProviderSelect({ current, ...select }: ComponentPropsWithRef<'select'> & { current: string }) {
  const version = useTableVersion('providers');
  const [result] = useLoad(() => call('providers.list', { includeInactive: true }), version);
  if (!result?.ok) {
    return (
      <select id={select.id} disabled aria-describedby={select['aria-describedby']}>
        <option>{result ? 'The providers could not be loaded' : 'Loading…'}</option>
      </select>
    );
  }
  const providers = result.value.items.filter((p) => p.active || p.id === current);
  return (
    <select {...select}>
      <option value="">None chosen</option>
      {providers.map((provider) => (
        <option key={provider.id} value={provider.id}>
          {formatProviderName(provider)}
          {provider.active ? '' : ' (no longer sees patients)'}
        </option>
      ))}
    </select>
  );
}
