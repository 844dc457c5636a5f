/**
 * The one seed rule of every use case (plan, simulate, compare): a whole number from 0 to SEED_MAX, given in decimal
 * digits (a request's text) or as a number (a request's JSON). A run of seeds (compare: first, first + 1, …) must
 * end at SEED_MAX at the latest. Codes: `flag.invalid` (not of that form), `flag.out-of-range`.
 */
import { excerpt } from '../core/excerpt.js';
import { flagError } from './errors.js';

export const SEED_MAX = 4_294_967_295;

const DIGITS = /^\d+$/;

/** `--seed`: a whole number from 0 to 4294967295, in decimal digits (the one seed rule of plan, simulate, compare). */
export function parseSeed(value: string | number, flag = '--seed'): number {
  const text = String(value);
  if (typeof value === 'number' ? !Number.isInteger(value) || value < 0 : !DIGITS.test(text))
    throw flagError(
      'flag.invalid',
      `${flag} must be a whole number from 0 to ${SEED_MAX} in decimal digits, not "${excerpt(text)}"`,
    );
  const n = Number(text);
  if (n > SEED_MAX)
    throw flagError(
      'flag.out-of-range',
      `${flag} must be a whole number from 0 to ${SEED_MAX}, not "${excerpt(text)}"`,
    );
  return n;
}

/** The seeds first, first + 1, …, first + count − 1, all within the seed rule (else `flag.out-of-range`). */
export function seedRun(first: number, count: number): number[] {
  const last = first + count - 1;
  if (last > SEED_MAX)
    throw flagError(
      'flag.out-of-range',
      `--seed ${first} with --seeds ${count} runs seeds up to ${last}, past the largest seed ${SEED_MAX}`,
    );
  return Array.from({ length: count }, (_, k) => first + k);
}
