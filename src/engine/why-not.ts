/**
 * Why not, first: for a workload that is not (wholly) placed, the cause that binds, then the other rejections grouped
 * by cause with counts — not a list of every pool of every other GPU model.
 *
 * The binding cause of an item:
 *  - no pool of any declared provider offers an accepted GPU: the supply (`why.no-offer`);
 *  - some pools of an accepted GPU passed every filter, yet (part of) the item is unplaced: capacity is exhausted
 *    (`why.capacity-exhausted`, with the solver's words);
 *  - else, among the filters that rejected the pools of an accepted GPU, the one that, relaxed alone, would admit
 *    the most of them (a pool it alone rejects passes every other filter) (`why.<filter>`);
 *  - else no single filter would do: the pool that fails the fewest, and which filters (`why.combined`).
 * Causes are data (`{code, source, params, pools}`); the words are made at the edge (src/messages/why-not.ts), and
 * the one text param (`reason`, the words of a filter's reason) through the Words port.
 */
import type { FilterName, Params, Reason, RejectionSource } from '../core/codes.js';
import type { Workload } from '../core/types.js';
import type { Filter, FilterContext } from './filters/filter.js';
import type { Cause, WhyNot } from './plan-types.js';
import type { Words } from './words.js';

interface FilterTally {
  /** Pools of an accepted GPU this filter rejected. */
  pools: number;
  /** Pools only this filter rejected (they pass every other filter). */
  alone: number;
  /** The closest miss seen: the sample with the smallest gap. */
  params: Params;
  /** For a filter without numbers of its own here: its reason, given in words as the `reason` param. */
  cause?: Reason;
  gap: number;
}

/** What compile learns about an item no pool admitted, by asking every filter about every pool of an accepted GPU. */
export interface Diagnosis {
  readonly wantedPools: number;
  readonly byFilter: ReadonlyMap<FilterName, FilterTally>;
  /** The pool failing the fewest filters, when no filter rejects any pool alone. */
  readonly closest?: { readonly pool: string; readonly filters: readonly string[] };
}

interface Sample {
  params: Params;
  cause?: Reason;
  gap: number;
}

/** The numbers of one rejection, read from the filter context while it still holds the pair, and how far it missed. */
function sample(filter: FilterName, ctx: FilterContext, reason: Reason | undefined): Sample {
  const { pool, workload: w } = ctx;
  switch (filter) {
    case 'interconnect':
      return {
        params: { gang: ctx.gpus, largestDomain: ctx.provider.interconnectDomainGpus, providers: [ctx.provider.id] },
        gap: ctx.gpus - ctx.provider.interconnectDomainGpus,
      };
    case 'capacity':
      return {
        params: { needs: ctx.gpus, largestPool: ctx.minCapacity, pool: pool.id },
        gap: ctx.gpus - ctx.minCapacity,
      };
    case 'deadline': {
      const late = w.kind !== 'inference' && w.deadline !== undefined ? (ctx.end - w.deadline) / 3_600_000 : 0;
      return { params: { lateHours: Math.ceil(late), gpu: pool.gpu }, gap: late };
    }
    case 'tier':
      return { params: { accepts: [...w.tiers] }, gap: 0 };
    default:
      return reason ? { params: { pool: pool.id }, cause: reason, gap: 0 } : { params: { pool: pool.id }, gap: 0 };
  }
}

export class DiagnosisBuilder {
  #wanted = 0;
  readonly #byFilter = new Map<FilterName, FilterTally>();
  #closest: { pool: string; filters: string[] } | undefined;

  /** One pool of an accepted GPU, with the names of every filter that rejects it; ctx still holds the pair. */
  add(ctx: FilterContext, failing: readonly Pick<Filter, 'name' | 'check'>[]): void {
    this.#wanted++;
    for (const f of failing) {
      const s = sample(f.name, ctx, f.check(ctx));
      let t = this.#byFilter.get(f.name);
      if (!t) {
        t = { pools: 0, alone: 0, params: s.params, gap: s.gap };
        if (s.cause) t.cause = s.cause;
        this.#byFilter.set(f.name, t);
      }
      t.pools++;
      if (failing.length === 1) {
        t.alone++;
        // The tiers on offer where only the tier keeps the workload out: all of them, in the order met.
        if (f.name === 'tier') {
          const tiers = (t.params['offered'] as readonly string[] | undefined) ?? [];
          if (!tiers.includes(ctx.pool.tier)) t.params = { ...t.params, offered: [...tiers, ctx.pool.tier] };
        }
      }
      if (f.name === 'interconnect' && s.gap === t.gap) {
        // Every provider whose domains are that large.
        const providers = t.params['providers'] as readonly string[];
        if (!providers.includes(ctx.provider.id))
          t.params = { ...t.params, providers: [...providers, ctx.provider.id] };
      }
      if (s.gap < t.gap) {
        t.params = { ...s.params, ...(t.params['offered'] ? { offered: t.params['offered'] } : {}) };
        if (s.cause) t.cause = s.cause;
        t.gap = s.gap;
      }
    }
    if (failing.length > 0 && (!this.#closest || failing.length < this.#closest.filters.length)) {
      this.#closest = { pool: ctx.pool.id, filters: failing.map((f) => f.name) };
    }
  }

  done(): Diagnosis {
    return {
      wantedPools: this.#wanted,
      byFilter: this.#byFilter,
      ...(this.#closest ? { closest: this.#closest } : {}),
    };
  }
}

/** A tally's params: a filter's reason, when it is all there is, leads in words (`reason`), then its pool. */
const paramsOf = (t: FilterTally, words: Words): Params =>
  t.cause ? { reason: words.reason(t.cause), ...t.params } : t.params;

/** Filters whose counts are noise for "why not": other GPU models, and pools dominated by a cheaper twin. */
const BACKGROUND = new Set<RejectionSource>(['gpu-model', 'dominated']);

/** The causes other than the binding one, grouped with counts: the accepted GPUs' rejections first, then the rest. */
function others(
  binding: string,
  diag: Diagnosis | undefined,
  counts: Readonly<Record<string, number>>,
  words: Words,
): Cause[] {
  const out: Cause[] = [];
  if (diag) {
    for (const [filter, t] of [...diag.byFilter].sort((a, b) => b[1].pools - a[1].pools)) {
      if (filter !== binding)
        out.push({ code: `rejected.${filter}`, source: filter, params: paramsOf(t, words), pools: t.pools });
    }
  } else {
    for (const [filter, n] of (Object.entries(counts) as [RejectionSource, number][]).sort((a, b) => b[1] - a[1])) {
      if (filter !== binding && !BACKGROUND.has(filter))
        out.push({ code: `rejected.${filter}`, source: filter, params: {}, pools: n });
    }
  }
  for (const filter of BACKGROUND) {
    const n = counts[filter] ?? 0;
    if (n > 0) out.push({ code: `rejected.${filter}`, source: filter, params: {}, pools: n });
  }
  return out;
}

/**
 * The why-not of one item that is not wholly placed. `candidates`: pools that passed every filter; `solverReason`:
 * the solver's words when it had candidates but no room; `counts`: the workload's rejections per filter.
 */
export function whyNotItem(
  w: Workload,
  candidates: number,
  diag: Diagnosis | undefined,
  solverReason: Reason | undefined,
  counts: Readonly<Record<string, number>>,
  words: Words,
): WhyNot {
  if (candidates > 0 || !diag) {
    const binding: Cause = {
      code: 'why.capacity-exhausted',
      source: 'solver',
      params: { candidates, ...(solverReason ? { detail: words.reason(solverReason) } : {}) },
      pools: candidates,
    };
    return { binding, others: others('', undefined, counts, words) };
  }
  if (diag.wantedPools === 0) {
    return {
      binding: { code: 'why.no-offer', source: 'supply', params: { gpus: [...w.gpus] }, pools: 0 },
      others: others('', diag, counts, words),
    };
  }
  let best: [FilterName, FilterTally] | undefined;
  for (const e of diag.byFilter) if (e[1].alone > 0 && (!best || e[1].alone > best[1].alone)) best = e;
  if (best) {
    const [filter, t] = best;
    return {
      binding: { code: `why.${filter}`, source: filter, params: paramsOf(t, words), pools: t.alone },
      others: others(filter, diag, counts, words),
    };
  }
  const closest = diag.closest!;
  return {
    binding: {
      code: 'why.combined',
      source: closest.filters.join('+'),
      params: { pool: closest.pool, filters: [...closest.filters] },
      pools: 0,
    },
    others: others('', diag, counts, words),
  };
}
