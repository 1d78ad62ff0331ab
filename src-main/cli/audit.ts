import { existsSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_ANCHOR_FILE } from '../app';
import { systemClock } from '../clock';
import { DATABASE_FILE, openClinicDatabase } from '../db/clinic-db';
import { readAnchor, verifyAuditChain } from '../domain/audit/log';
import { commonFlags, parseCommand, type Command } from './common';

/** `clinic audit verify`: walks this workstation's audit chain; prints OK or the first broken entry. */
export const auditVerify: Command = async (args) => {
  const { values } = parseCommand(args, {});
  const { dataDir, keys } = commonFlags(values);
  // Opening would create an empty data folder, whose empty chain would verify "OK".
  if (!existsSync(path.join(dataDir, DATABASE_FILE))) {
    console.error(`No clinic database in ${dataDir}: check --data-dir`);
    return 2;
  }
  const database = await openClinicDatabase({ dataDir, clock: systemClock, databaseKey: keys.databaseKey });
  try {
    const anchor = readAnchor(path.join(dataDir, AUDIT_ANCHOR_FILE), keys.auditKey);
    const result = await verifyAuditChain(database.db, keys.auditKey, database.workstation.deviceId, anchor);
    if (result.ok) {
      console.log(`OK: ${result.entries} audit entries, chain intact`);
      return 0;
    }
    console.log(`BROKEN at entry ${result.seq}: ${result.reason}`);
    return 1;
  } finally {
    await database.close();
  }
};
