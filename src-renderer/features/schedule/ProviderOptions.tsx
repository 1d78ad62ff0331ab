import type { ScheduleProvider } from '../../../src-shared/scheduling/schema';

/** The options of a provider picker, an inactive provider marked as such. */
export function ProviderOptions({ providers }: { providers: readonly ScheduleProvider[] }) {
  return (
    <>
      {providers.map((provider) => (
        <option key={provider.id} value={provider.id}>
          {provider.displayName}
          {provider.active ? '' : ' (inactive)'}
        </option>
      ))}
    </>
  );
}
