import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Memory-hard: 2^17 × 128 × r bytes = 128 MiB per hash, about a third of a second here. */
export const PRODUCTION_KDF: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let strengthChecker: ZxcvbnFactory | null = null;

/** Minimum zxcvbn score (0–4): 3 means "safely unguessable" against an offline slow-hash attack. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Null when the password is strong enough, else what to tell the user. Checks zxcvbn's common-
 * password, name and word lists, and the user's own names, which make weak passwords.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  strengthChecker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  const result = strengthChecker.check(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  return result.feedback.warning || 'Too easy to guess: use a longer phrase of unrelated words';
}
