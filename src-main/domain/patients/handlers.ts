import type { Handlers } from '../../rpc/router';
import { searchPatients } from './search';
import { createPatient, getPatient, updatePatient } from './service';

export const patientHandlers: Pick<Handlers, 'patients.create' | 'patients.update' | 'patients.get' | 'patients.search'> = {
  'patients.create': (input, { db, clock }) => createPatient(db, clock, input),
  'patients.update': (input, { db, clock }) => updatePatient(db, clock, input),
  'patients.get': ({ id }, { db }) => getPatient(db, id),
  'patients.search': async (input, { db }) => ({ items: await searchPatients(db, input) }),
};
