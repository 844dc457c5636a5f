import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PRICE_FACTOR, MIN_PRICE_FACTOR, parsePriceShock } from './what-if.js';

const known = ['aws', 'gcp'];
const factor = (t: string) => {
  const r = parsePriceShock(t, known);
  return r.ok ? r.value.factor : r.issues[0]!.code;
};

test('--what-if: the factor lies between x0.01 and x100 (-99% to +9900%), finite', () => {
  assert.equal(factor('aws.price=+20%'), 1.2);
  assert.equal(factor('gcp.price=x1.5'), 1.5);
  assert.equal(factor(`aws.price=x${MAX_PRICE_FACTOR}`), 100);
  assert.equal(factor('aws.price=+9900%'), 100);
  assert.equal(factor('aws.price=-99%'), 1 - 0.99);
  assert.ok(Math.abs(MIN_PRICE_FACTOR - 0.01) < 1e-12);
  assert.equal(factor('aws.price=x100.5'), 'what-if.factor');
  assert.equal(factor('aws.price=+9901%'), 'what-if.factor');
  assert.equal(factor('aws.price=-99.5%'), 'what-if.factor');
  assert.equal(factor('aws.price=-100%'), 'what-if.factor');
  assert.equal(factor(`aws.price=x${'9'.repeat(400)}`), 'what-if.factor'); // Infinity: was accepted
  assert.equal(factor(`aws.price=+${'9'.repeat(400)}%`), 'what-if.factor');
  assert.equal(factor('aws.price=+1e400%'), 'what-if.syntax');
  assert.equal(factor('aws.price=xNaN'), 'what-if.syntax');
  const r = parsePriceShock(`aws.price=x${'9'.repeat(400)}`, known);
  assert.ok(!r.ok && /an infinite factor; the factor must lie between x0\.01 and x100/.test(r.issues[0]!.message));
  assert.ok(!r.ok && r.issues[0]!.message.length < 300, 'the input is quoted as a short excerpt');
});
