import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openClinicApp } from '../../../src-main/app';
import { fixedClock } from '../../../src-main/clock';
import { hashPassword, PRODUCTION_KDF, verifyPassword } from '../../../src-main/domain/auth/passwords';
import { createMemoryLogger } from '../../../src-main/log';
import { makeTestDataDir, TEST_ADMIN, TEST_KDF, TEST_KEYS, TEST_NOW } from '../../support/test-app';

describe('password hashing cost', () => {
  it('is memory-hard in production (scrypt N ≥ 2^17, r = 8: at least 128 MiB per hash)', () => {
    expect(PRODUCTION_KDF.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(Number.isInteger(Math.log2(PRODUCTION_KDF.N))).toBe(true);
    expect(PRODUCTION_KDF.r).toBe(8);
    expect(PRODUCTION_KDF.p).toBeGreaterThanOrEqual(1);
    expect(128 * PRODUCTION_KDF.N * PRODUCTION_KDF.r).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(TEST_KDF.N).toBeLessThan(PRODUCTION_KDF.N);
  });

  it('is what openClinicApp uses when given no kdf, and what the stored hash records', async () => {
    const dataDir = makeTestDataDir();
    const app = await openClinicApp({ dataDir, runtime: 'browser', appVersion: '0', clock: fixedClock(TEST_NOW), logger: createMemoryLogger(), keys: TEST_KEYS });
    try {
      expect(app.services.kdf).toEqual(PRODUCTION_KDF);
      const result = await app.dispatch('setup.createFirstAdmin', TEST_ADMIN, null);
      expect(result.ok).toBe(true);
      const hash = app.database.sqlite.prepare('SELECT password_hash FROM users').pluck().get() as string;
      expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', String(PRODUCTION_KDF.N), String(PRODUCTION_KDF.r), String(PRODUCTION_KDF.p)]);
      expect((await app.dispatch('auth.login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, null)).ok).toBe(true);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('salts each hash: the same password hashes differently, and each verifies', async () => {
    const a = await hashPassword('the same long password 1', TEST_KDF);
    const b = await hashPassword('the same long password 1', TEST_KDF);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await verifyPassword('the same long password 1', a)).toBe(true);
    expect(await verifyPassword('the same long password 2', a)).toBe(false);
    expect(await verifyPassword('the same long password 1', 'not-a-hash')).toBe(false);
  });
});
