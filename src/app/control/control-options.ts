/** The control plane's options, defaults and what one tick reports (control-plane.ts composes the parts). */
import type { Scenario } from '../../core/types.js';
import type { Clock, Provider, Store } from '../../control/ports.js';

/** How many times the plan applier decides again and retries the changes that met a version conflict. */
export const MAX_APPLY_RETRIES = 3;
/** The full re-optimisation's cadence (it also runs after big events: see REPLAN_DEBOUNCE_MS). */
export const REPLAN_EVERY_MS = 10 * 60_000;
/** At most one re-optimisation triggered by a big event (a provider or region down or back, capacity removed or
 * returned, a launch refused for capacity, a spot preemption: control/replan-triggers.ts) per this interval: events
 * that come sooner wait and are answered together by the next re-plan, so an outage storm does not re-plan every
 * tick. */
export const REPLAN_DEBOUNCE_MS = 60_000;
/** Usage is asked again from a little before the last poll, so a record changed during the poll is not missed. */
export const USAGE_OVERLAP_MS = 60_000;
/** Workload ids are numbered in blocks of this many, one block taken from the store at a time. */
export const ID_BLOCK = 10_000;
/** At most this many submissions are committed in one batch (group commit); more wait for the next, after a turn of
 * the event loop. A batch is evaluated and (on SQLite) committed without yielding, so this bounds how long one holds
 * the server's thread: a few ms at 32, where 32 already spreads a commit's fixed cost over enough submissions. */
export const MAX_SUBMIT_BATCH = 32;
/** Meta key of the usage cursor, per provider. */
export const USAGE_SINCE_KEY = 'usage-since';

export interface ControlPlaneOptions {
  readonly store: Store;
  readonly providers: readonly Provider[];
  readonly clock: Clock;
  /** The loaded `serve --fleet` scenario: providers, contracts, policies, catalog and throughput. Its workloads are
   * not submitted. */
  readonly fleet: Scenario;
  /** New workload ids. Default `w-<block>-<n>`: each ControlPlane takes a fresh block of ID_BLOCK numbers from the
   * store's meta (`id-block`) when it needs one, so a restart never reuses an id. */
  readonly newId?: () => string;
  /** Default MAX_APPLY_RETRIES. */
  readonly maxApplyRetries?: number;
  /** Default REPLAN_EVERY_MS. */
  readonly replanEveryMs?: number;
  /** Default REPLAN_DEBOUNCE_MS. */
  readonly replanDebounceMs?: number;
  /** Most running jobs one re-optimisation moves. Default MAX_MOVES_PER_REPLAN (running-moves.ts). */
  readonly maxMovesPerReplan?: number;
  /** Default MAX_SUBMIT_BATCH. */
  readonly maxSubmitBatch?: number;
  /** Runs `f` once the submissions that arrived together are queued (default: setImmediate, after the event loop's
   * pending I/O, so every request read in one turn joins the batch). */
  readonly defer?: (f: () => void) => void;
  /** Told of what the loop did (structured, no secrets): the server logs it. */
  readonly onEvent?: (e: { readonly kind: string; readonly [k: string]: unknown }) => void;
}

/** What one tick did, counted (for logs, metrics and tests). */
export interface TickReport {
  readonly at: number;
  readonly transitions: number;
  readonly launched: number;
  readonly terminated: number;
  readonly conflicts: number;
  readonly providersDown: readonly string[];
  readonly replanned: boolean;
  /** Why it re-planned (one of the control.replan-… codes), null when it did not. */
  readonly replanTrigger: string | null;
}
