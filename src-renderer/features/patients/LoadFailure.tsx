import { Link } from 'wouter';
import type { Patient } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { patientLoadError } from './usePatient';

export function LoadFailure({ result }: { result: Extract<RpcResult<Patient>, { ok: false }> }) {
  const { title, message } = patientLoadError(result);
  return (
    <section className="page" aria-labelledby="load-failure-title" data-testid="patient-load-error">
      <h1 id="load-failure-title">{title}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link href="/patients">Search patients</Link>
      </p>
    </section>
  );
}

export function Loading() {
  return (
    <section className="page" aria-busy="true">
      <p className="hint">Loading…</p>
    </section>
  );
}
