/** A comparison's request checked before any input is read: seeds, first seed, workers, the list of policies. */
import { excerpt } from '../core/excerpt.js';
import { flagError } from './errors.js';
import { FLAG_LIMITS, parseNumberFlag } from './fields.js';
import { parseSeed, seedRun } from './seed.js';

/** As given (the CLI's flags, as text). */
export interface CompareRequestText {
  readonly policies: string;
  readonly seeds: string;
  readonly seed: string;
  readonly workers?: string;
}

export interface CompareRequest {
  readonly policies: readonly string[];
  /** first, first + 1, … */
  readonly seeds: readonly number[];
  readonly workers: number;
}

/** `parallelism`: the machine's, used (at most FLAG_LIMITS.workers.max) when no worker count is given. */
export function parseCompareRequest(o: CompareRequestText, parallelism: number): CompareRequest {
  const count = parseNumberFlag('--seeds', o.seeds, FLAG_LIMITS.seeds);
  const seeds = seedRun(parseSeed(o.seed), count);
  const workers =
    o.workers === undefined
      ? Math.min(parallelism, FLAG_LIMITS.workers.max)
      : parseNumberFlag('--workers', o.workers, FLAG_LIMITS.workers);
  const policies = o.policies.split(',').map((s) => s.trim());
  if (policies.some((s) => s === ''))
    throw flagError(
      'flag.empty-item',
      `--policies needs a comma-separated list of policies without empty items, not "${excerpt(o.policies)}"`,
    );
  const twice = policies.find((s, k) => policies.indexOf(s) !== k);
  if (twice !== undefined) throw flagError('flag.duplicate-item', `--policies names "${excerpt(twice)}" twice`);
  return { policies, seeds, workers };
}
