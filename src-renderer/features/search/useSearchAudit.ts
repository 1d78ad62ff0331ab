import { useEffect, useState } from 'react';
import { call } from '../../lib/rpc';
import { createSearchSettler, type SearchSettler } from './search-settler';
import type { PatientSearch } from './usePatientSearch';

/**
 * Reports the searches a user settled on to the audit log (see createSearchSettler). The query
 * goes to the audit log only; a failed report changes nothing on screen.
 */
export function useSearchAudit(search: PatientSearch): Pick<SearchSettler, 'opened'> {
  const [settler] = useState(() =>
    createSearchSettler((settled) => void call('audit.recordClientEvent', { event: 'search', ...settled }), {
      alreadyRecorded: search.query || null,
    }),
  );
  const ready = search.query !== '' && !search.searching && search.error === null;
  const resultCount = search.items.length;

  useEffect(() => settler.show(ready ? { query: search.query, resultCount } : null), [settler, ready, search.query, resultCount]);
  useEffect(() => () => settler.dispose(), [settler]);

  return settler;
}
