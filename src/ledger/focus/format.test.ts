/** decimalProduct: exact products of plain decimals, in a double while exact and in BigInt beyond (both agree). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decimalProduct } from './format.js';

test('decimalProduct multiplies plain decimals exactly', () => {
  const cases: [string, string, string][] = [
    ['0.38986', '96', '37.42656'],
    ['2.3', '46720', '107456'],
    ['0.1', '3', '0.3'],
    ['-0.05', '2', '-0.1'],
    ['-1.5', '-2', '3'],
    ['0', '5.5', '0'],
    ['-0', '5', '0'],
    ['0.000001', '0.0000001', '0.0000000000001'],
    ['123456789.123456', '98765.4321', '12193263123456.7120853376'],
  ];
  for (const [a, b, want] of cases) assert.equal(decimalProduct(a, b), want, `${a} × ${b}`);
  assert.throws(() => decimalProduct('1e3', '2'), /plain decimal/);
});

test('decimalProduct equals the BigInt product, whichever path it takes', () => {
  const plain = fc
    .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 10 }))
    .map(([n, scale]) => ({ n, scale }));
  const text = ({ n, scale }: { n: bigint; scale: number }) => {
    const d = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
    const s = scale ? `${d.slice(0, -scale)}.${d.slice(-scale)}` : d;
    return n < 0n ? `-${s}` : s;
  };
  fc.assert(
    fc.property(plain, plain, (x, y) => {
      const full = text({ n: x.n * y.n, scale: x.scale + y.scale });
      const want = full.includes('.') ? full.replace(/0+$/, '').replace(/\.$/, '') : full;
      assert.equal(decimalProduct(text(x), text(y)), want === '-0' ? '0' : want);
    }),
    { numRuns: 500, seed: 7 },
  );
});
