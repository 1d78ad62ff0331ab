import type { Coverage, CoverageAddInput, Payer, PayerCreateInput } from '../../../src-shared/insurance/schema';
import type { Patient, PatientCreateInput } from '../../../src-shared/patients/schema';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import { validPatient, valueOf, type TestApp } from '../../support/test-app';

/** A real payer of the X12 837P sample demo.example6 (its payer id C12345). */
export const SAMPLE_PAYER: Partial<PayerCreateInput> = {
  name: 'Medicare Part B Maryland',
  ediPayerId: 'C12345',
  phone: '(410) 555-1212',
  addressLine1: '1264 Oak Wood Ave',
  city: 'Baltimore',
  region: 'MD',
  postalCode: '21236',
  country: 'US',
};

export async function addPayer(app: TestApp, input: Partial<PayerCreateInput> = {}): Promise<Payer> {
  return valueOf<Payer>(await app.call('payers.create', { ...SAMPLE_PAYER, ...input }), 'payers.create');
}

export async function addPatient(app: TestApp, input: Partial<PatientCreateInput> = {}): Promise<Patient> {
  return valueOf<Patient>(await app.call('patients.create', { ...validPatient, confirmNewPatient: true, ...input }), 'patients.create');
}

/** What the coverage form sends (fields left out mean "none"). */
export function coverageInput(patient: Pick<Patient, 'id'>, payer: Pick<Payer, 'id'>, input: Partial<CoverageAddInput> = {}): Partial<CoverageAddInput> {
  return { patientId: patient.id, payerId: payer.id, rank: 'primary', memberId: 'JS00111223333', groupNumber: 'G-100', ...input };
}

export async function addCoverage(app: TestApp, patient: Pick<Patient, 'id'>, payer: Pick<Payer, 'id'>, input: Partial<CoverageAddInput> = {}): Promise<Coverage> {
  return valueOf<Coverage>(await app.call('coverages.add', coverageInput(patient, payer, input)), 'coverages.add');
}

/** The refusal of a call that must fail. */
export function errorOf(result: RpcResult<unknown>): RpcError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Rows of the tables a refused write must leave alone, and the op log (every write records ops). */
export function writeCounts(app: TestApp): Record<string, unknown> {
  const count = (sql: string) => app.database.sqlite.prepare(sql).pluck().get();
  return {
    providers: count('SELECT count(*) FROM providers'),
    payers: count('SELECT count(*) FROM payers'),
    coverages: count('SELECT count(*) FROM coverages'),
    ops: count('SELECT count(*) FROM sync_ops'),
    latestUpdate: count('SELECT max(updated_at) || count(*) FROM coverages'),
  };
}
