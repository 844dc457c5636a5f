import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from './errors.js';
import { parseSeed, SEED_MAX, seedRun } from './seed.js';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof UserError);
    return /\[([a-z.-]+)\]$/.exec(e.message)?.[1];
  }
};

test('one rule for text and numbers: whole, 0 to 4294967295', () => {
  assert.equal(SEED_MAX, 2 ** 32 - 1);
  for (const ok of [0, 7, SEED_MAX]) {
    assert.equal(parseSeed(ok), ok);
    assert.equal(parseSeed(String(ok)), ok);
  }
  for (const bad of ['', '-1', '+1', '1.0', '0x10', ' 1', '1e3', 'abc'])
    assert.equal(
      code(() => parseSeed(bad)),
      'flag.invalid',
      bad,
    );
  for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
    assert.equal(
      code(() => parseSeed(bad)),
      'flag.invalid',
      String(bad),
    );
  assert.equal(
    code(() => parseSeed('4294967296')),
    'flag.out-of-range',
  );
  assert.equal(
    code(() => parseSeed(2 ** 32)),
    'flag.out-of-range',
  );
  assert.match(String(code(() => parseSeed('x', '--first-seed'))), /flag\.invalid/);
});

test('a run of seeds ends at SEED_MAX at the latest', () => {
  assert.deepEqual(seedRun(5, 3), [5, 6, 7]);
  assert.deepEqual(seedRun(SEED_MAX, 1), [SEED_MAX]);
  assert.equal(
    code(() => seedRun(SEED_MAX, 2)),
    'flag.out-of-range',
  );
});
