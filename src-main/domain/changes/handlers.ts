import type { Handlers } from '../../rpc/router';
import { changesSince } from './service';

export const changeHandlers: Pick<Handlers, 'changes.since'> = {
  'changes.since': (input, { db }) => changesSince(db, input),
};
