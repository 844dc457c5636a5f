/**
 * Use case `ledger --from SCENARIO`: one simulated run (policy, seed, the simulator's options) booked into the ledger
 * as it bills — every billed segment becomes a usage record (ledger-input.ts), contracts and periods come from the
 * same world — then the books are closed (settlement, reserved blocks, chargeback). The ledger's bill is checked
 * against the simulator's own, to the cent, line by line; a difference is a bug and throws.
 *
 * The control plane feeds the same book (LedgerBook.add) with the providers' usage records.
 */
import { LedgerBook } from '../ledger/book.js';
import { finishLedger, type LedgerResult } from '../ledger/result.js';
import type { LedgerInput } from '../ledger/usage.js';
import { HINDSIGHT, OFFLINE_OPTIMAL, parsePolicy } from '../sim/policies/index.js';
import type { SimResult } from '../sim/result.js';
import { setupInput } from '../sim/setup.js';
import { simulate } from '../sim/simulate.js';
import { flagError } from './errors.js';
import { ledgerInputFromWorld, usageRecorder } from './ledger-input.js';
import type { SimProgress } from './ports.js';
import type { Prepared } from './prepare-simulation.js';
import { orThrow, withinLimits } from './sim-issues.js';

export interface LedgerRequest {
  readonly policy: string;
  readonly seed: number;
}

export interface LedgerRun {
  readonly sim: SimResult;
  readonly input: LedgerInput;
  readonly ledger: LedgerResult;
}

/** Policies the ledger can book: a simulated run of one schedule (not the LP bound, not hindsight's several runs). */
export function checkLedgerPolicy(p: Prepared, policy: string): void {
  if (policy === OFFLINE_OPTIMAL || policy === HINDSIGHT)
    throw flagError(
      'flag.invalid',
      `--policy ${policy} has no single run to book: the ledger needs a simulated policy (single:<provider>, cheapest-first, skypilot-like, skyfleet)`,
    );
  orThrow(parsePolicy(policy, p.world.providers));
}

export function ledgerScenario(p: Prepared, request: LedgerRequest, onProgress?: SimProgress): LedgerRun {
  checkLedgerPolicy(p, request.policy);
  const policy = orThrow(parsePolicy(request.policy, p.world.providers));
  if (policy === OFFLINE_OPTIMAL || policy === HINDSIGHT) throw flagError('flag.invalid', 'not a simulated policy');
  const sim = orThrow(setupInput(p.scenario, p.world, p.setup, request.seed));
  const input = ledgerInputFromWorld(p.world);
  const book = new LedgerBook(input);
  const record = usageRecorder(p.world);
  const result = withinLimits(() =>
    simulate(sim, policy, {
      seed: request.seed,
      world: p.world,
      onUsage: (s) => {
        book.add(record(s));
      },
      ...(onProgress ? { onProgress: (x: { events: number; now: number }) => onProgress(x.events, x.now) } : {}),
    }),
  );
  const ledger = finishLedger(book);
  const problems = [...ledger.problems, ...sameBill(result, ledger)];
  if (problems.length > 0) throw new Error(`the ledger does not reconcile with the simulation: ${problems.join('; ')}`);
  return { sim: result, input, ledger };
}

/** Differences between the simulator's bill and the ledger's: total and every ledger line. */
export function sameBill(sim: SimResult, ledger: LedgerResult): string[] {
  const out: string[] = [];
  if (sim.cost.billedCents !== ledger.totals.billedCents)
    out.push(`simulator billed ${sim.cost.billedCents} cents, ledger ${ledger.totals.billedCents}`);
  const key = (l: { period: number; provider: string; kind: string; tier: string; contract: string }): string =>
    `${l.period}|${l.provider}|${l.kind}|${l.tier}|${l.contract}`;
  const a = new Map(sim.ledger.lines.map((l) => [key(l), l.cents as number]));
  const b = new Map(ledger.lines.map((l) => [key(l), l.cents as number]));
  for (const k of new Set([...a.keys(), ...b.keys()]))
    if ((a.get(k) ?? 0) !== (b.get(k) ?? 0)) out.push(`line ${k}: simulator ${a.get(k) ?? 0}, ledger ${b.get(k) ?? 0}`);
  return out;
}
