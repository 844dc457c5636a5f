/**
 * Seeded randomness for the simulator and the engine's tie-breaks. Pure: no clock, no Math.random.
 *
 * The generator is pure-rand's xoroshiro128+ (period 2^128 - 1). Its 128-bit state is derived from a *key*:
 * the seed and the chain of fork labels, hashed (murmur3-style finalisers) into four 32-bit words. So
 *   - the same seed always gives the same stream;
 *   - `fork(label)` gives a stream that depends only on (seed, labels so far), never on how many numbers the parent
 *     has drawn: adding a draw in one part of a simulation does not shift the numbers another part sees
 *     (fork per provider, per job, per replica…);
 *   - forks with different labels (or paths) get unrelated states.
 *
 * A seed is any safe integer (negative too); anything else is a programming error and throws a RangeError
 * (the CLI validates user-supplied seeds before they get here).
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

export interface Rng {
  /** Uniform in [0, 1), 53 random bits. */
  next(): number;
  /** Uniform integer in [lo, hi], both included; lo and hi must be safe integers with lo <= hi. */
  int(lo: number, hi: number): number;
  /** True with probability p (p clamped to [0, 1]). */
  bernoulli(p: number): boolean;
  /** Exponential with the given rate (> 0): mean 1/rate. */
  exponential(rate: number): number;
  /** Standard normal, N(0, 1) (Box–Muller; the spare value is kept for the next call). */
  normal(): number;
  /** exp(N(mu, sigma^2)); sigma >= 0. */
  lognormal(mu: number, sigma: number): number;
  /** An independent deterministic stream named `label` (depends only on the seed and the fork path). */
  fork(label: string): Rng;
  /** The seed and fork path this stream was made from, e.g. `42/aws/us-east-1`, for logs and errors. */
  readonly key: string;
}

export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`rng seed must be a safe integer, got ${seed}`);
  return makeRng(String(seed), String(seed));
}

function makeRng(hashKey: string, key: string): Rng {
  const gen = xoroshiro128plusFromState(stateFor(hashKey));
  let spare: number | undefined;
  const next = (): number => uniformFloat64(gen);
  const rng: Rng = {
    key,
    next,
    int(lo, hi) {
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
        throw new RangeError(`rng.int needs safe integers lo <= hi, got [${lo}, ${hi}]`);
      }
      return uniformInt(gen, lo, hi);
    },
    bernoulli(p) {
      return next() < p;
    },
    exponential(rate) {
      if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rng.exponential needs a rate > 0, got ${rate}`);
      return -Math.log1p(-next()) / rate; // 1 - u is in (0, 1], so the log is finite
    },
    normal() {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      const u1 = 1 - next(); // (0, 1]
      const u2 = next();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    lognormal(mu, sigma) {
      if (!(sigma >= 0) || !Number.isFinite(mu)) throw new RangeError(`rng.lognormal needs finite mu and sigma >= 0`);
      return Math.exp(mu + sigma * rng.normal());
    },
    fork(label) {
      // Length-prefixed so that fork('a').fork('b') and fork('a/b') differ.
      return makeRng(`${hashKey}\u0000${label.length}:${label}`, `${key}/${label}`);
    },
  };
  return rng;
}

/** Four well-mixed 32-bit words from a string (never all zero, which xoroshiro cannot leave). */
function stateFor(text: string): number[] {
  const words = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f].map((salt) => hash32(text, salt));
  return words.some((w) => w !== 0) ? words : [1, 0, 0, 0];
}

/** murmur3_32 over UTF-16 code units with the given seed. */
function hash32(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
