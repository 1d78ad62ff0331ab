import { LATEST_MIGRATION } from '../../../migrations';
import type { Handlers } from '../../rpc/router';

export interface SystemFacts {
  appVersion: string;
  workstationCode: string;
  runtime: 'electron' | 'browser';
}

export function systemHandlers(facts: SystemFacts): Pick<Handlers, 'system.info'> {
  return {
    'system.info': async () => ({ ...facts, schemaVersion: LATEST_MIGRATION }),
  };
}
