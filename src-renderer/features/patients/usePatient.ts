import { useEffect, useState } from 'react';
import type { Patient } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { useTableChanges } from '../../lib/change-feed';
import { call } from '../../lib/rpc';

/**
 * One patient, loaded by id and re-read whenever the change feed reports that this patient
 * changed (in this window, another window or another workstation). Null while loading.
 */
export function usePatient(id: string, attempt = 0): RpcResult<Patient> | null {
  const [loaded, setLoaded] = useState<{ id: string; result: RpcResult<Patient> } | null>(null);
  const [revision, setRevision] = useState(0);

  useTableChanges('patients', (ids) => {
    if (ids.includes(id)) setRevision((n) => n + 1);
  });

  useEffect(() => {
    let current = true;
    void call('patients.get', { id }).then((result) => {
      if (current) setLoaded({ id, result });
    });
    return () => {
      current = false;
    };
  }, [id, revision, attempt]);

  return loaded?.id === id ? loaded.result : null;
}

/** The chart is restricted and this session has not opened it: break-glass can. */
export function restrictedChartId(result: RpcResult<Patient>): string | null {
  if (result.ok || result.error.code !== 'FORBIDDEN') return null;
  const target = (result.error.details as { breakGlass?: { patientId?: unknown } } | undefined)?.breakGlass;
  return typeof target?.patientId === 'string' ? target.patientId : null;
}

/** A patient that cannot be loaded: a wrong or stale address says so plainly. */
export function patientLoadError(result: Extract<RpcResult<Patient>, { ok: false }>): { title: string; message: string } {
  if (result.error.code === 'NOT_FOUND' || result.error.code === 'VALIDATION') {
    return {
      title: 'Patient not found',
      message: 'No patient has this address. The link may be wrong, or the chart may have been removed. Search for the patient instead.',
    };
  }
  return { title: 'The chart could not be opened', message: result.error.message };
}
