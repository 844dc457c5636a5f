import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAG_LIMITS, parseList, parseNumberFlag, parseSeed, SEED_MAX } from './options.js';
import { UserError } from './io.js';

/** The message of the UserError `f` throws (exit code 2). */
function rejects(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof UserError, `a UserError, got ${String(e)}`);
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  assert.fail('accepted');
}

test('parseSeed: decimal digits from 0 to 4294967295, nothing else (one rule for plan, simulate and compare)', () => {
  assert.equal(parseSeed('0'), 0);
  assert.equal(parseSeed('17'), 17);
  assert.equal(parseSeed('007'), 7);
  assert.equal(parseSeed(String(SEED_MAX)), SEED_MAX);
  assert.match(
    rejects(() => parseSeed('4294967296')),
    /from 0 to 4294967295, not "4294967296" \[flag\.out-of-range\]$/,
  );
  for (const bad of ['', ' ', '0x10', '1e3', '-1', '+1', '1.0', ' 1', 'NaN', 'Infinity', '١']) {
    assert.match(
      rejects(() => parseSeed(bad)),
      /^--seed must be a whole number from 0 to 4294967295 in decimal digits, not ".*" \[flag\.invalid\]$/,
      JSON.stringify(bad),
    );
  }
  assert.match(
    rejects(() => parseSeed('9'.repeat(400))),
    /\[flag\.out-of-range\]$/,
  );
});

test('parseNumberFlag: plain decimals in range; at the limit accepted, past it rejected with the range in the message', () => {
  const rate = FLAG_LIMITS.jobRate;
  assert.equal(parseNumberFlag('--job-rate', '1000', rate), 1000);
  assert.equal(parseNumberFlag('--job-rate', '1e3', rate), 1000);
  assert.equal(parseNumberFlag('--job-rate', '0.001', rate), 0.001);
  assert.equal(parseNumberFlag('--job-rate', '.5', rate), 0.5);
  assert.equal(
    rejects(() => parseNumberFlag('--job-rate', '1000.001', rate)),
    '--job-rate must be a number greater than 0 and at most 1,000, not "1000.001" [flag.out-of-range]',
  );
  assert.match(
    rejects(() => parseNumberFlag('--job-rate', '0', rate)),
    /\[flag\.out-of-range\]$/,
  );
  assert.match(
    rejects(() => parseNumberFlag('--job-rate', '1e400', rate)),
    /\[flag\.out-of-range\]$/,
  );
  for (const bad of ['', 'NaN', 'Infinity', '-1', '0x10', '1,5', '2 ', '1e', '1/2']) {
    assert.match(
      rejects(() => parseNumberFlag('--job-rate', bad, rate)),
      /\[flag\.invalid\]$/,
      JSON.stringify(bad),
    );
  }
  const slack = FLAG_LIMITS.deadlineSlack;
  assert.equal(parseNumberFlag('--deadline-slack', '1', slack), 1);
  assert.match(
    rejects(() => parseNumberFlag('--deadline-slack', '0.999', slack)),
    /from 1 to 1,000.*\[flag\.out-of-range\]$/,
  );
  const seeds = FLAG_LIMITS.seeds;
  assert.equal(parseNumberFlag('--seeds', '1000', seeds), 1000);
  assert.match(
    rejects(() => parseNumberFlag('--seeds', '1001', seeds)),
    /\[flag\.out-of-range\]$/,
  );
  assert.match(
    rejects(() => parseNumberFlag('--seeds', '2.0', seeds)),
    /must be a whole number.*\[flag\.invalid\]$/,
  );
  assert.equal(parseNumberFlag('--workers', '64', FLAG_LIMITS.workers), 64);
  assert.match(
    rejects(() => parseNumberFlag('--workers', '65', FLAG_LIMITS.workers)),
    /\[flag\.out-of-range\]$/,
  );
  assert.equal(parseNumberFlag('--request-rate', '1000', FLAG_LIMITS.requestRate), 1000);
  assert.match(
    rejects(() => parseNumberFlag('--request-rate', '1e308', FLAG_LIMITS.requestRate)),
    /\[flag\.out-of-range\]$/,
  );
  assert.equal(parseNumberFlag('--gpus-per-job', '1024', FLAG_LIMITS.gpusPerJob), 1024);
  assert.match(
    rejects(() => parseNumberFlag('--gpus-per-job', '1025', FLAG_LIMITS.gpusPerJob)),
    /\[flag\.out-of-range\]$/,
  );
});

test('a hostile flag value is quoted as a short escaped excerpt', () => {
  const m = rejects(() => parseNumberFlag('--job-rate', `\u001b[2J${'9'.repeat(5000)}\n`, FLAG_LIMITS.jobRate));
  assert.ok(m.length < 200, m);
  assert.doesNotMatch(m, /[\u0000-\u001f]/);
  assert.match(m, /\\u001b\[2J9+…"/);
});

test('parseList: no empty item, only known names', () => {
  const tiers = ['reserved', 'committed', 'on-demand', 'spot'];
  assert.deepEqual(parseList('--trace-tiers', 'spot, on-demand', tiers, 'tiers'), ['spot', 'on-demand']);
  assert.match(
    rejects(() => parseList('--trace-tiers', '', tiers, 'tiers')),
    /\[flag\.empty-item\]$/,
  );
  assert.match(
    rejects(() => parseList('--trace-tiers', 'spot,,reserved', tiers, 'tiers')),
    /\[flag\.empty-item\]$/,
  );
  assert.equal(
    rejects(() => parseList('--trace-tiers', 'spot,gold', tiers, 'tiers')),
    '--trace-tiers: unknown tier "gold" (known: reserved, committed, on-demand, spot) [flag.unknown-item]',
  );
});
