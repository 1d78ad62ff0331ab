import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { WORKSTATION_CODE_ALPHABET } from '../../src-shared/validation/mrn';
import type { Clock } from '../clock';
import type { Database } from './schema';

export interface Workstation {
  deviceId: string;
  code: string;
}

function randomWorkstationCode(): string {
  return Array.from({ length: 3 }, () => WORKSTATION_CODE_ALPHABET[randomInt(WORKSTATION_CODE_ALPHABET.length)]).join('');
}

/**
 * This workstation's identity, made once per data folder. The code is random until the
 * workstation enrolls with the clinic's server, which confirms it is unique in the clinic.
 */
export async function ensureWorkstation(db: Kysely<Database>, clock: Clock): Promise<Workstation> {
  await db
    .insertInto('workstation')
    .values({
      singleton: 1,
      deviceId: randomBytes(8).toString('hex'),
      code: randomWorkstationCode(),
      mrnCounter: 0,
      createdAt: clock.now().toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return db.selectFrom('workstation').select(['deviceId', 'code']).executeTakeFirstOrThrow();
}

/** The next number of this workstation's MRN counter; call inside the writing transaction. */
export async function takeMrnCounter(db: Kysely<Database>): Promise<{ code: string; counter: number }> {
  const row = await db
    .updateTable('workstation')
    .set((eb) => ({ mrnCounter: eb('mrnCounter', '+', 1) }))
    .where('singleton', '=', 1)
    .returning(['code', 'mrnCounter'])
    .executeTakeFirstOrThrow();
  return { code: row.code, counter: row.mrnCounter };
}
