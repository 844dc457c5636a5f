/**
 * FOCUS 1.3 conformance of `skyfleet ledger --focus`, checked by a table of the specification's requirements
 * (requirements.ts) that shares no code with the exporter or its own rule table: the export is read back with a
 * strict RFC 4180 reader (rfc4180.ts) and compared with exact decimals (exact-decimal.ts). Run on the bundled
 * examples (startup with the Philly trace, frontier-lab) and, as a fast-check property, on generated ledgers; then
 * each requirement is shown to catch the fault it is about. Money: BilledCost adds up to the ledger's bill to the
 * cent, and so does EffectiveCost; ContractApplied adds up to each commitment period's burn.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ledgerScenario } from '../../src/app/ledger-scenario.js';
import { prepareSimulation } from '../../src/app/prepare-simulation.js';
import { repoFiles } from '../../src/app/test-support/files.js';
import { STARTUP_30D } from '../../src/app/test-support/startup-request.js';
import { LedgerBook } from '../../src/ledger/book.js';
import { contractCommitmentLines, costAndUsageLines } from '../../src/ledger/focus/index.js';
import { finishLedger, type LedgerResult } from '../../src/ledger/result.js';
import { HOUR_MS, type LedgerInput, type Pricing, type UsageRecord } from '../../src/ledger/usage.js';
import { add, cents, dec, ZERO } from './exact-decimal.js';
import { type Export, REQUIREMENTS, type Row, conformance } from './requirements.js';
import { decodeUtf8, readCsv } from './rfc4180.js';

function exported(result: LedgerResult, input: LedgerInput): Export {
  const text = (lines: Iterable<string>) => decodeUtf8(new TextEncoder().encode([...lines].join('')));
  return {
    costAndUsage: readCsv(text(costAndUsageLines(result, input, { account: 'conformance' }))),
    contractCommitment: readCsv(text(contractCommitmentLines(input))),
  };
}

function problems(e: Export): string {
  return [...conformance(e)].map(([id, m]) => `${id}: ${m.slice(0, 3).join(' | ')}`).join('\n');
}

/** Σ of a money column, in exact cents. */
const sumCents = (rows: readonly Row[], col: string): bigint =>
  cents(rows.reduce((s, r) => add(s, r[col] ? dec(r[col] ?? '0') : ZERO), ZERO));

/**
 * What ContractApplied says each commitment period burned, against the ledger's settlement: for a USD commitment
 * the applied costs add up to its burn to the cent; for a GPU-hour one the applied quantities to its GPU-hours (each
 * row's written to 6 decimals). Shortfall rows (the commitment as ResourceId) are payment, not burn.
 */
function burnProblems(e: Export, ledger: LedgerResult): string[] {
  const applied = new Map<string, number>();
  for (const r of e.costAndUsage.rows) {
    const o = r.ContractApplied
      ? (JSON.parse(r.ContractApplied) as { Elements: Record<string, unknown>[] })
      : undefined;
    for (const el of o?.Elements ?? []) {
      const id = String(el.ContractCommitmentId);
      if (id === r.ResourceId) continue;
      const v = Number(el.ContractCommitmentAppliedCost ?? el.ContractCommitmentAppliedQuantity);
      applied.set(id, (applied.get(id) ?? 0) + (el.ContractCommitmentAppliedCost === null ? v : Math.round(v * 100)));
    }
  }
  const out: string[] = [];
  for (const c of ledger.commitments) {
    const got = applied.get(c.id) ?? 0;
    const ok =
      c.unit === 'usd'
        ? got === Math.round(c.usage * 100)
        : Math.abs(got - c.usage) <= 1e-5 * (1 + ledger.usage.length);
    if (!ok) out.push(`${c.id}: applied ${got}, burned ${c.unit === 'usd' ? Math.round(c.usage * 100) : c.usage}`);
  }
  return out;
}

function example(file: string, horizon: string, trace: boolean) {
  const { ledger, input } = ledgerScenario(
    prepareSimulation(repoFiles(), file, {
      ...STARTUP_30D,
      horizon,
      ...(trace ? { trace: 'data/traces/philly_jobs.csv' } : {}),
    }),
    { policy: 'skyfleet', seed: 1 },
  );
  return { ledger, export: exported(ledger, input) };
}

const startup = example('examples/startup.yaml', '90d', true);
const frontier = example('examples/frontier-lab.yaml', '75d', false);

test('the requirement ids are unique and each names its FOCUS section and keyword', () => {
  const ids = REQUIREMENTS.map((q) => q.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const q of REQUIREMENTS) assert.ok(q.section && q.statement && (q.row || q.all), q.id);
});

for (const [name, x] of [
  ['startup (90 days, Philly trace)', startup],
  ['frontier-lab (75 days)', frontier],
] as const)
  test(`${name}: the export meets every FOCUS 1.3 requirement and reconciles to the cent`, () => {
    assert.equal(problems(x.export), '');
    const rows = x.export.costAndUsage.rows;
    assert.ok(rows.length > 100 && x.export.contractCommitment.rows.length > 0);
    // every kind of row the ledger writes is there to be checked
    for (const k of ['Usage', 'Purchase'])
      assert.ok(
        rows.some((r) => r.ChargeCategory === k),
        k,
      );
    for (const s of ['Used', 'Unused'])
      assert.ok(
        rows.some((r) => r.CommitmentDiscountStatus === s),
        s,
      );
    assert.ok(rows.some((r) => r.ContractApplied));
    assert.equal(sumCents(rows, 'BilledCost'), BigInt(x.ledger.totals.billedCents));
    assert.equal(sumCents(rows, 'EffectiveCost'), BigInt(x.ledger.totals.billedCents));
    assert.deepEqual(burnProblems(x.export, x.ledger), []);
  });

test('frontier-lab: a block counting toward a commitment tells its burn on its Used/Unused rows, not its Purchase', () => {
  const rows = frontier.export.costAndUsage.rows;
  const counted = rows.filter((r) => r.CommitmentDiscountId && r.ContractApplied);
  assert.ok(counted.length > 0);
  assert.ok(counted.every((r) => r.ChargeCategory === 'Usage'));
  assert.ok(
    rows.some((r) => r.ResourceType === 'Contract commitment' && r.ContractApplied),
    'a shortfall row',
  );
});

// ---- generated ledgers ----------------------------------------------------------------------------------------------

const T0 = Date.UTC(2027, 1, 27, 13, 30); // late February, mid-day: periods cross days, months and a short month

const ledgers = fc
  .record({
    hours: fc.array(fc.integer({ min: 10, max: 1000 }), { minLength: 1, maxLength: 4 }),
    unit: fc.constantFrom<'usd' | 'gpu-hours'>('usd', 'gpu-hours'),
    minimum: fc.integer({ min: 0, max: 300_000 }),
    carry: fc.constantFrom(0, 0.5),
    gpus: fc.array(fc.integer({ min: 0, max: 32 }), { minLength: 4, maxLength: 4 }),
    rate: fc.integer({ min: 50, max: 900 }).map((c) => c / 100),
    counts: fc.boolean(),
    discount: fc.constantFrom(0, 0.15, 0.3),
  })
  .chain((w) => {
    let t = T0;
    const periods = w.hours.map((h) => {
      const p = { start: t, end: t + h * HOUR_MS, hours: h };
      t = p.end;
      return p;
    });
    const input: LedgerInput = {
      horizon: { start: T0, end: t },
      periods,
      contracts: [{ id: 'lambda-deal', provider: 'lambda', start: T0, end: t, discount: w.discount }],
      commitments: [
        {
          id: 'lambda-deal/period-1',
          contract: 'lambda-deal',
          provider: 'lambda',
          period: 0,
          unit: w.unit,
          start: T0,
          end: t,
          minimum: w.minimum,
          statedMinimum: w.minimum,
          carryForwardFraction: w.carry,
          shortfallRate: 3.1,
        },
      ],
      reservations: [
        {
          id: 'lambda-deal/h100-block',
          block: 'h100-block',
          contract: 'lambda-deal',
          provider: 'lambda',
          region: 'us-south-1',
          gpu: 'H100',
          instanceType: 'gpu_8x_h100_sxm5',
          ratePerGpuHour: w.rate,
          countsTowardCommitment: w.counts,
          gpus: periods.map((_, i) => w.gpus[i] ?? 0),
          listUnitPrice: 3.29,
        },
      ],
    };
    const record = fc
      .record({
        period: fc.integer({ min: 0, max: periods.length - 1 }),
        from: fc.double({ min: 0, max: 0.99, noNaN: true }),
        len: fc.double({ min: 0.0001, max: 1, noNaN: true }),
        gpus: fc.integer({ min: 1, max: 8 }),
        pricing: fc.constantFrom<Pricing>('on-demand', 'spot', 'committed', 'reserved'),
        team: fc.constantFrom('research', 'serving, "edge"', 'équipe'),
        price: fc.integer({ min: 10, max: 1500 }).map((c) => c / 100),
      })
      .map((r): UsageRecord => {
        const p = periods[r.period] ?? periods[0];
        if (!p) throw new Error('no period');
        const start = Math.floor(p.start + r.from * (p.end - p.start));
        const end = Math.max(start + 1, Math.min(p.end, Math.ceil(start + r.len * (p.end - start))));
        const onContract = r.pricing === 'committed' || r.pricing === 'reserved';
        return {
          workload: `${r.team}-job`,
          team: r.team,
          workloadKind: r.pricing === 'spot' ? 'batch' : 'inference',
          provider: onContract ? 'lambda' : 'runpod',
          region: 'us-south-1',
          instanceType: 'gpu_8x_h100_sxm5',
          gpu: 'H100',
          gpus: r.gpus,
          pricing: r.pricing,
          start,
          end,
          unitPrice: r.pricing === 'reserved' ? 0 : r.price,
          listUnitPrice: r.price + 0.75,
          ...(onContract ? { contract: 'lambda-deal' } : {}),
          ...(r.pricing === 'reserved' ? { reservation: 'lambda-deal/h100-block' } : {}),
        };
      });
    return fc.record({ input: fc.constant(input), records: fc.array(record, { maxLength: 40 }) });
  });

test('any generated ledger: the export meets every requirement, and BilledCost and EffectiveCost add up to the bill', () => {
  fc.assert(
    fc.property(ledgers, ({ input, records }) => {
      const book = new LedgerBook(input);
      for (const u of records) book.add(u);
      const result = finishLedger(book);
      const e = exported(result, input);
      assert.equal(problems(e), '');
      assert.equal(sumCents(e.costAndUsage.rows, 'BilledCost'), BigInt(result.totals.billedCents));
      assert.equal(sumCents(e.costAndUsage.rows, 'EffectiveCost'), BigInt(result.totals.billedCents));
      assert.deepEqual(burnProblems(e, result), []);
    }),
    { numRuns: 120, seed: 1303 },
  );
});

// ---- each requirement catches its fault -----------------------------------------------------------------------------

/** The export with one change to the rows (or header) of one dataset. */
function broken(e: Export, f: (rows: Row[]) => Row[], header?: (h: string[]) => string[]): Export {
  return {
    ...e,
    costAndUsage: {
      header: header ? header([...e.costAndUsage.header]) : e.costAndUsage.header,
      rows: f([...e.costAndUsage.rows]),
    },
  };
}
const first = (rows: Row[], pick: (r: Row) => boolean, change: Partial<Record<string, string | null>>): Row[] => {
  const i = rows.findIndex(pick);
  assert.ok(i >= 0, 'a row to break');
  return rows.map((r, k) => (k === i ? { ...r, ...change } : r));
};

const FAULTS: readonly (readonly [string, (e: Export) => Export])[] = [
  [
    'HostProviderName-present',
    (e) =>
      broken(
        e,
        (rows) => rows,
        (h) => h.filter((c) => c !== 'HostProviderName'),
      ),
  ],
  [
    'ColumnHandling-custom-prefix',
    (e) =>
      broken(
        e,
        (rows) => rows,
        (h) => [...h, 'Team'],
      ),
  ],
  ['NumericFormat', (e) => broken(e, (rows) => first(rows, () => true, { BilledCost: '1.5e3' }))],
  ['NumericFormat', (e) => broken(e, (rows) => first(rows, () => true, { PricingQuantity: '1,024' }))],
  ['DateTimeFormat', (e) => broken(e, (rows) => first(rows, () => true, { ChargePeriodStart: '2026-12-01 00:00:00' }))],
  ['DateTimeFormat', (e) => broken(e, (rows) => first(rows, () => true, { BillingPeriodEnd: '2027-02-30T00:00:00Z' }))],
  ['CurrencyFormat', (e) => broken(e, (rows) => first(rows, () => true, { BillingCurrency: 'usd' }))],
  ['NullHandling', (e) => broken(e, (rows) => first(rows, () => true, { ChargeClass: 'null' }))],
  ['ChargeCategory-allowed', (e) => broken(e, (rows) => first(rows, () => true, { ChargeCategory: 'Refund' }))],
  [
    'ChargeFrequency-purchase',
    (e) => broken(e, (rows) => first(rows, (r) => r.ChargeCategory === 'Purchase', { ChargeFrequency: 'Usage-Based' })),
  ],
  [
    'ChargePeriod-order',
    (e) => broken(e, (rows) => first(rows, () => true, { ChargePeriodEnd: '2000-01-01T00:00:00Z' })),
  ],
  [
    'ListCost-product',
    (e) => broken(e, (rows) => first(rows, (r) => r.ListCost === '37.42656', { ListCost: '37.43' })),
  ],
  [
    'ContractedCost-product',
    (e) => broken(e, (rows) => first(rows, (r) => r.ChargeCategory === 'Usage', { ContractedUnitPrice: '0.1' })),
  ],
  [
    'PricingCategory-committed',
    (e) =>
      broken(e, (rows) => first(rows, (r) => r.CommitmentDiscountStatus === 'Used', { PricingCategory: 'Standard' })),
  ],
  [
    'ConsumedQuantity-null',
    (e) =>
      broken(e, (rows) =>
        first(rows, (r) => r.CommitmentDiscountStatus === 'Unused', {
          ConsumedQuantity: '0',
          ConsumedUnit: 'GPU-Hours',
        }),
      ),
  ],
  [
    'DiscountHandling-covered',
    (e) => broken(e, (rows) => first(rows, (r) => r.CommitmentDiscountStatus === 'Used', { BilledCost: '1.00' })),
  ],
  [
    'EffectiveCost-per-commitment-discount',
    (e) => broken(e, (rows) => first(rows, (r) => r.CommitmentDiscountStatus === 'Unused', { EffectiveCost: '0.00' })),
  ],
  ['Tags-prefix', (e) => broken(e, (rows) => first(rows, (r) => r.Tags !== null, { Tags: '{"team":"research"}' }))],
  ['Tags-format', (e) => broken(e, (rows) => first(rows, (r) => r.Tags !== null, { Tags: '{"skyfleet/team":["a"]}' }))],
  [
    'ContractApplied-format',
    (e) =>
      broken(e, (rows) =>
        first(rows, (r) => r.ContractApplied !== null, {
          ContractApplied:
            '{"Elements":[{"ContractId":"c","ContractCommitmentId":"m","ContractCommitmentAppliedCost":1}]}',
        }),
      ),
  ],
  [
    'ContractApplied-purchase',
    (e) =>
      broken(e, (rows) =>
        first(rows, (r) => r.ChargeCategory === 'Purchase', {
          ContractApplied:
            '{"Elements":[{"ContractId":"aws-credits","ContractCommitmentId":"aws-credits/period-1","ContractCommitmentAppliedCost":1,"ContractCommitmentAppliedQuantity":null,"ContractCommitmentAppliedUnit":null}]}',
        }),
      ),
  ],
  [
    'ContractApplied-join',
    (e) =>
      broken(e, (rows) =>
        first(rows, (r) => r.ContractApplied !== null, {
          ContractApplied:
            '{"Elements":[{"ContractId":"c","ContractCommitmentId":"nowhere","ContractCommitmentAppliedCost":1,"ContractCommitmentAppliedQuantity":null,"ContractCommitmentAppliedUnit":null}]}',
        }),
      ),
  ],
  [
    'SkuPriceDetails-format',
    (e) =>
      broken(e, (rows) => first(rows, (r) => r.SkuPriceDetails !== null, { SkuPriceDetails: '{"GpuModel":"H100"}' })),
  ],
  ['SkuPriceId-one-parent', (e) => broken(e, (rows) => first(rows, (r) => r.SkuId !== null, { SkuId: 'another-sku' }))],
  [
    'ServiceSubcategory-parent',
    (e) => broken(e, (rows) => first(rows, () => true, { ServiceSubcategory: 'Relational Databases' })),
  ],
];

test('each requirement catches the fault it is about', () => {
  for (const [id, fault] of FAULTS) {
    const found = conformance(fault(startup.export));
    assert.ok(found.has(id), `${id} missed its fault; found ${[...found.keys()].join(', ') || 'nothing'}`);
  }
});

test('the reader refuses what RFC 4180 and UTF-8 forbid', () => {
  assert.throws(() => readCsv('a,b\nx,y\n'), /CRLF/);
  assert.throws(() => readCsv('a,b\r\nx,"y\r\n'), /unterminated/);
  assert.throws(() => readCsv('a,b\r\nx,y"z\r\n'), /quote/);
  assert.throws(() => readCsv('a,b\r\nx\r\n'), /fields/);
  assert.throws(() => decodeUtf8(new Uint8Array([0x61, 0xff, 0x62])));
  assert.throws(() => decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), /byte order mark/);
  const t = readCsv('a,b,c\r\n"x, ""y""",,"é\r\nz"\r\n');
  assert.deepEqual(t.rows, [{ a: 'x, "y"', b: null, c: 'é\r\nz' }]);
});
