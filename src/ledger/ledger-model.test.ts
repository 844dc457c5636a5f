/**
 * Property tests of the ledger model (fast-check): for any contracts, commitment periods, reserved blocks and usage
 * records, the charge rows add up to the bill exactly — per provider, contract and billing period (the ledger's
 * lines), per calendar month, per team (chargeback, unused commitment included) — effective cost equals billed cost
 * over the whole, every record is priced once to the cent, and the FOCUS export of it passes the conformance rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Cents, sumCents, toCents } from '../core/money.js';
import { LedgerBook } from './book.js';
import { checkFocus, contractCommitmentLines, costAndUsageLines } from './focus/index.js';
import { finishLedger } from './result.js';
import { HOUR_MS, type LedgerInput, type Pricing, type UsageRecord } from './usage.js';

const T0 = Date.UTC(2026, 0, 1, 7); // not at midnight: periods cross days and months
const PROVIDERS = ['aws', 'gcp'] as const;

const world = fc
  .record({
    hours: fc.array(fc.integer({ min: 20, max: 900 }), { minLength: 2, maxLength: 5 }),
    unit: fc.constantFrom<'usd' | 'gpu-hours'>('usd', 'gpu-hours'),
    minimum: fc.integer({ min: 0, max: 200_000 }),
    carry: fc.constantFrom(0, 0.25, 0.5),
    blockGpus: fc.array(fc.integer({ min: 0, max: 64 }), { minLength: 5, maxLength: 5 }),
    rate: fc.double({ min: 0.5, max: 4, noNaN: true }),
    counts: fc.boolean(),
  })
  .map((w): LedgerInput => {
    let t = T0;
    const periods = w.hours.map((h) => {
      const p = { start: t, end: t + h * HOUR_MS, hours: h };
      t = p.end;
      return p;
    });
    const end = t;
    const mid = periods[Math.floor(periods.length / 2)]?.start ?? end;
    return {
      horizon: { start: T0, end },
      periods,
      contracts: [{ id: 'aws-deal', provider: 'aws', start: T0, end, discount: 0.2 }],
      commitments: [
        {
          id: 'aws-deal/period-1',
          contract: 'aws-deal',
          provider: 'aws',
          period: 0,
          unit: w.unit,
          start: T0,
          end: mid,
          minimum: w.minimum,
          statedMinimum: w.minimum,
          next: 'aws-deal/period-2',
          carryForwardFraction: w.carry,
          shortfallRate: 2.5,
        },
        {
          id: 'aws-deal/period-2',
          contract: 'aws-deal',
          provider: 'aws',
          period: 1,
          unit: w.unit,
          start: mid,
          end,
          minimum: w.minimum * 1.5,
          statedMinimum: w.minimum * 1.5,
          carryForwardFraction: w.carry,
          shortfallRate: 2.5,
        },
      ],
      reservations: [
        {
          id: 'aws-deal/block',
          block: 'block',
          contract: 'aws-deal',
          provider: 'aws',
          region: 'us-east-1',
          gpu: 'H100',
          instanceType: 'p5.48xlarge',
          ratePerGpuHour: w.rate,
          countsTowardCommitment: w.counts,
          gpus: periods.map((_, i) => w.blockGpus[i] ?? 0),
          listUnitPrice: 6.88,
        },
      ],
    };
  });

const recordArb = (input: LedgerInput) =>
  fc
    .record({
      period: fc.integer({ min: 0, max: input.periods.length - 1 }),
      from: fc.double({ min: 0, max: 0.99, noNaN: true }),
      len: fc.double({ min: 0.001, max: 1, noNaN: true }),
      gpus: fc.integer({ min: 1, max: 16 }),
      pricing: fc.constantFrom<Pricing>('on-demand', 'spot', 'committed', 'reserved'),
      provider: fc.constantFrom(...PROVIDERS),
      team: fc.constantFrom('research', 'product', 'infra'),
      workload: fc.constantFrom('train-a', 'serve-b', 'batch-c'),
      price: fc.double({ min: 0.1, max: 12, noNaN: true }),
    })
    .map((r): UsageRecord => {
      const p = input.periods[r.period] ?? input.periods[0];
      if (!p) throw new Error('no period');
      const span = p.end - p.start;
      const start = Math.floor(p.start + r.from * span);
      const end = Math.min(p.end, Math.ceil(start + r.len * (p.end - start)));
      const onAws = r.pricing === 'committed' || r.pricing === 'reserved';
      const provider = onAws ? 'aws' : r.provider;
      return {
        workload: r.workload,
        team: r.team,
        workloadKind: r.workload === 'serve-b' ? 'inference' : 'training',
        provider,
        region: 'us-east-1',
        instanceType: 'p5.48xlarge',
        gpu: 'H100',
        gpus: r.gpus,
        pricing: r.pricing,
        start,
        end: Math.max(start + 1, end),
        unitPrice: r.pricing === 'reserved' ? 0 : r.price,
        listUnitPrice: r.price * 1.25,
        ...(onAws ? { contract: 'aws-deal' } : {}),
        ...(r.pricing === 'reserved' ? { reservation: 'aws-deal/block' } : {}),
      };
    });

const scenario = world.chain((input) =>
  fc.record({ input: fc.constant(input), records: fc.array(recordArb(input), { maxLength: 60 }) }),
);

test('the sum of charges equals the bill per contract, provider, billing period, month and team, to the cent', () => {
  fc.assert(
    fc.property(scenario, ({ input, records }) => {
      const book = new LedgerBook(input);
      const billedByRecord = records.map((u) => book.add(u));
      const r = finishLedger(book);
      assert.deepEqual(r.problems, []);
      // Each record priced once: GPUs × hours × unit price, rounded to the cent.
      records.forEach((u, i) => {
        const want = u.pricing === 'reserved' ? 0 : toCents(u.unitPrice * (u.gpus * ((u.end - u.start) / HOUR_MS)));
        assert.equal(billedByRecord[i], want);
      });
      const usage = sumCents(billedByRecord);
      assert.equal(r.totals.usageCents, usage);
      assert.equal(r.totals.billedCents, r.totals.usageCents + r.totals.reservedCents + r.totals.shortfallCents);
      // Per provider, contract and period: rows against the ledger's lines.
      const rows = [...r.usage, ...r.periodCharges];
      for (const provider of PROVIDERS) {
        const fromRows = rows.filter((c) => c.provider === provider).reduce((s, c) => s + c.billedCents, 0);
        const fromLines = r.lines.filter((l) => l.provider === provider).reduce((s, l) => s + l.cents, 0);
        assert.equal(fromRows, fromLines, provider);
      }
      input.periods.forEach((_, i) => {
        const fromRows = rows.filter((c) => c.period === i).reduce((s, c) => s + c.billedCents, 0);
        const fromLines = r.lines.filter((l) => l.period === i).reduce((s, l) => s + l.cents, 0);
        assert.equal(fromRows, fromLines, `period ${i}`);
      });
      const byContract = rows.filter((c) => c.contract === 'aws-deal').reduce((s, c) => s + c.billedCents, 0);
      assert.equal(
        byContract,
        r.totals.reservedCents +
          r.totals.shortfallCents +
          r.usage.filter((c) => c.contract === 'aws-deal').reduce((s, c) => s + c.billedCents, 0),
      );
      // Teams: chargeback adds up to the bill, every month too.
      assert.equal(sumCents(r.teams.map((t) => t.totalCents)), r.totals.billedCents);
      const monthTeams = r.months.reduce((s, m) => s + Object.values(m.byTeam).reduce((a, b) => a + b, 0), 0);
      assert.equal(monthTeams, r.totals.billedCents);
      // Effective cost: the reserved charge moves from purchases onto use and idleness, nothing lost.
      assert.equal(r.totals.effectiveCents, r.totals.billedCents);
      // Each reserved period: used + unused = charged.
      for (const p of r.reserved) assert.equal(p.usedCents + p.unusedCents, p.chargedCents as number);
      // Shortfall and carry as the contract defines them: carried only into a next period, never negative.
      for (const c of r.commitments) {
        assert.ok(c.shortfall >= 0 && c.carryOut >= 0 && c.paidCents >= 0);
        if (c.id.endsWith('period-2')) assert.equal(c.carryOut, 0);
      }
    }),
    { numRuns: 150, seed: 13 },
  );
});

test('the FOCUS export of any such ledger conforms, and its BilledCost adds up to the bill', () => {
  fc.assert(
    fc.property(scenario, ({ input, records }) => {
      const book = new LedgerBook(input);
      for (const u of records) book.add(u);
      const r = finishLedger(book);
      const costAndUsage = [...costAndUsageLines(r, input, { account: 'prop' })].join('');
      const contractCommitment = [...contractCommitmentLines(input)].join('');
      const v = checkFocus({ costAndUsage, contractCommitment });
      assert.deepEqual(v.slice(0, 3), []);
      const billed = costAndUsage
        .split('\r\n')
        .slice(1)
        .filter((l) => l !== '')
        .reduce((s, l) => s + Math.round(Number(l.slice(0, l.indexOf(','))) * 100), 0);
      assert.equal(billed, r.totals.billedCents as Cents);
    }),
    { numRuns: 40, seed: 31 },
  );
});
