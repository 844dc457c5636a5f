/** Report inputs for tests: a hand-made SimResult with hostile names, and a tiny real simulation. */
import type { SimResult } from '../../src/sim/result.js';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { H, T0, input, scenario } from '../sim/support.js';

export const EVIL_PROVIDER = 'o<ci>&"x\'';
export const EVIL_CONTRACT = 'c<1>&"\'';
export const EVIL_SCENARIO = '<script>alert("x")</script> & co';
const D = 24 * H;

/** 90 days, two providers (one with a hostile name), one USD contract with a met and a short period. */
export function handResult(over: Partial<SimResult> = {}): SimResult {
  const bucket = (k: number, aws: number, evil: number, demand: number, served: number) => ({
    start: T0 + k * 30 * D,
    end: T0 + (k + 1) * 30 * D,
    spendCents: { aws, [EVIL_PROVIDER]: evil },
    gpuHours: { aws: aws / 300, [EVIL_PROVIDER]: evil / 300 },
    demandUnitHours: demand,
    servedUnitHours: served,
  });
  return {
    policy: 'skyfleet',
    seed: 7,
    horizon: { start: T0, end: T0 + 90 * D },
    cost: {
      billedCents: 1_234_567_89,
      usageCents: 1_154_567_89,
      reservedCents: 0,
      shortfallCents: 80_000_00 - 80_000_00 + 80_000,
      unservedUsd: 1234.5,
      effectiveUsd: 1_234_567.89 + 1234.5,
      unservedPricePerH100Hour: 12.5,
      byProviderCents: { aws: 1_000_000_00, [EVIL_PROVIDER]: 234_567_89 },
      commitmentCoverage: 0.5,
    },
    contracts: [
      {
        contract: EVIL_CONTRACT,
        provider: 'aws',
        period: 0,
        start: T0,
        end: T0 + 45 * D,
        unit: 'usd',
        minimum: 1000,
        carryIn: 0,
        usage: 1500,
        shortfall: 0,
        paidCents: 0,
        carryOut: 0,
        utilisation: 1.5,
        burn: [
          { at: T0 + 30 * D, usage: 900 },
          { at: T0 + 45 * D, usage: 1500 },
        ],
      },
      {
        contract: EVIL_CONTRACT,
        provider: 'aws',
        period: 1,
        start: T0 + 45 * D,
        end: T0 + 90 * D,
        unit: 'usd',
        minimum: 2000,
        carryIn: 0,
        usage: 1200,
        shortfall: 800,
        paidCents: 80_000,
        carryOut: 0,
        utilisation: 0.6,
        burn: [
          { at: T0 + 60 * D, usage: 500 },
          { at: T0 + 90 * D, usage: 1200 },
        ],
      },
    ],
    periods: [
      bucket(0, 40_000_000, 10_000_000, 720, 720),
      bucket(1, 30_000_000, 13_456_789, 720, 700),
      bucket(2, 30_000_000, 100_000_00, 720, 715),
    ],
    inference: { demandUnitHours: 2160, servedUnitHours: 2135, attainment: 2135 / 2160, spreadBreachUnitHours: 0 },
    jobs: {
      arrived: 12,
      finished: 10,
      unplaceable: 1,
      unfinished: 1,
      withDeadline: 4,
      deadlineMisses: 1,
      completionHours: { mean: 12.25, p50: 10, p95: 30 },
      interruptions: { outage: 2, preemption: 3, capacity: 0 },
      checkpoints: 40,
      lostGpuHours: 16,
      redoneGpuHours: 16,
      unfinishedWork: 98.76,
    },
    capacity: { groups: [], overCapacity: 0 },
    outages: [
      { provider: EVIL_PROVIDER, region: '*', start: T0 + 10 * D, end: T0 + 10 * D + 5 * H },
      { provider: 'aws', region: 'us-east-1', start: T0 + 50 * D, end: T0 + 50 * D + 0.2 * H },
    ],
    ledger: { postings: 42, reconciles: true, problems: [], lines: [] },
    events: 12345,
    ...over,
  };
}

/** A real run: 4 days, a USD commitment in two 2-day periods (the second falls short), a job and a service. */
export function tinyRun(): SimResult {
  const yaml = `
name: tiny-report
horizon: { start: 2027-01-01, length: 4d, bucket: 12h }
providers:
  lambda: { quota: 16, regions: [us-east-1], interconnect: 8 }
contracts:
  - { id: c1, provider: lambda, start: 2027-01-01, term: 4d, commitment: { periods: [ { length: 2d, minimum: 500 USD }, { length: 2d, minimum: 5000 USD } ] } }
workloads:
  - { id: job, kind: training, gpus: [H100], count: 8, work: 160 GPU-h, checkpointEvery: 1h, tiers: [committed] }
  - { id: svc, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { us: 1 replicas } }
`;
  const outage = { provider: 'lambda', region: '*', start: T0 + 30 * H, end: T0 + 33 * H };
  return simulate(input(scenario(yaml), [outage]), skyfleetPolicy, { seed: 3 });
}
