/**
 * Strict readers for command-line values, one rule each, shared by every command: a value that is not plainly a
 * number in range is rejected with `--flag …, not "<excerpt>" [code]` (exit 2), never read loosely (no '' as 0, no
 * hex, no NaN, no Infinity, no trailing text).
 *
 * Codes: `flag.invalid` (not a number of the required form), `flag.out-of-range` (a number outside the range).
 */
import { excerpt } from '../core/excerpt.js';
import type { Code } from '../core/codes.js';
import { UserError } from './io.js';

/** A user error about a flag: `<message> [<code>]`, printed by main.ts as `skyfleet: <message> [<code>]`. */
export function flagError(code: Code, message: string): UserError {
  return new UserError(`${message} [${code}]`);
}

export const SEED_MAX = 4_294_967_295;

/** Plain decimal: digits, an optional fraction, an optional exponent; no sign other than '+', no spaces. */
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DIGITS = /^\d+$/;

/** `--seed`: a whole number from 0 to 4294967295, in decimal digits (the one seed rule of plan, simulate, compare). */
export function parseSeed(text: string, flag = '--seed'): number {
  if (!DIGITS.test(text))
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

export interface NumberRule {
  /** Smallest value; `exclusiveMin` makes it a strict lower bound. */
  readonly min: number;
  readonly exclusiveMin?: boolean;
  readonly max: number;
  readonly integer?: boolean;
}

function range(r: NumberRule): string {
  const lo = r.exclusiveMin ? `greater than ${r.min}` : `from ${r.min}`;
  return r.exclusiveMin
    ? `${lo} and at most ${r.max.toLocaleString('en-US')}`
    : `${lo} to ${r.max.toLocaleString('en-US')}`;
}

/** A number flag: plain decimal (integer: digits only), finite, in [min, max] (or (min, max]). */
export function parseNumberFlag(flag: string, text: string, r: NumberRule): number {
  const kind = r.integer ? 'a whole number' : 'a number';
  const form = r.integer ? DIGITS : DECIMAL;
  if (!form.test(text)) throw flagError('flag.invalid', `${flag} must be ${kind} ${range(r)}, not "${excerpt(text)}"`);
  const n = Number(text);
  const low = r.exclusiveMin ? !(n > r.min) : !(n >= r.min);
  if (!Number.isFinite(n) || low || n > r.max)
    throw flagError('flag.out-of-range', `${flag} must be ${kind} ${range(r)}, not "${excerpt(text)}"`);
  return n;
}

/** The documented ranges of the simulator's number flags (docs/limits.md, "Simulator inputs"). */
export const FLAG_LIMITS = {
  requestRate: { min: 0, exclusiveMin: true, max: 1000 },
  gpusPerJob: { min: 0, exclusiveMin: true, max: 1024 },
  jobRate: { min: 0, exclusiveMin: true, max: 1000 },
  deadlineSlack: { min: 1, max: 1000 },
  seeds: { min: 1, max: 1000, integer: true },
  workers: { min: 1, max: 64, integer: true },
} as const satisfies Record<string, NumberRule>;

/** A comma-separated list of names: no empty item, each one of `known` (else a message naming the known ones). */
export function parseList(flag: string, text: string, known: readonly string[], what: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw flagError(
      'flag.empty-item',
      `${flag} needs a comma-separated list of ${what} without empty items, not "${excerpt(text)}" (known: ${known.join(', ')})`,
    );
  const bad = items.find((s) => !known.includes(s));
  if (bad !== undefined)
    throw flagError(
      'flag.unknown-item',
      `${flag}: unknown ${what.replace(/s$/, '')} "${excerpt(bad)}" (known: ${known.length > 12 ? `${known.slice(0, 12).join(', ')}, …` : known.join(', ')})`,
    );
  return items;
}
