import { z } from 'zod';

/** Minutes a patient may wait in one status (arrived, roomed, with the provider) before the board highlights them: a clinic setting. */
export const DEFAULT_WAIT_THRESHOLD_MINUTES = 15;
export const MAX_WAIT_THRESHOLD_MINUTES = 240;
const WHOLE_MINUTES = `A whole number of minutes, 1 to ${MAX_WAIT_THRESHOLD_MINUTES}`;

export const waitThresholdSchema = z
  .number({ error: WHOLE_MINUTES })
  .int(WHOLE_MINUTES)
  .min(1, 'At least 1 minute')
  .max(MAX_WAIT_THRESHOLD_MINUTES, `At most ${MAX_WAIT_THRESHOLD_MINUTES} minutes`);
