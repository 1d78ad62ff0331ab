import type { ScryptParams } from '../../src-main/domain/auth/passwords';
import { deriveClinicKeys } from '../../src-main/security/keys';

/** A fixed master key: test data folders are throwaway. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7);
export const TEST_KEYS = deriveClinicKeys(TEST_MASTER_KEY);
/** Cheap password hashing for speed; one test asserts the production settings. */
export const TEST_KDF: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
