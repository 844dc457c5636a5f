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
 * Causes are data (`{code, source, params, pools}`); the words are made from them here, in one place.
 */
import type { Workload } from '../core/types.js';
import type { FilterContext } from './filters/filter.js';
import type { Cause, WhyNot } from './plan-types.js';

type Params = Record<string, string | number | boolean | readonly string[]>;

interface FilterTally {
  /** Pools of an accepted GPU this filter rejected. */
  pools: number;
  /** Pools only this filter rejected (they pass every other filter). */
  alone: number;
  /** The closest miss seen: the sample with the smallest gap. */
  params: Params;
  gap: number;
}

/** What compile learns about an item no pool admitted, by asking every filter about every pool of an accepted GPU. */
export interface Diagnosis {
  readonly wantedPools: number;
  readonly byFilter: ReadonlyMap<string, FilterTally>;
  /** The pool failing the fewest filters, when no filter rejects any pool alone. */
  readonly closest?: { readonly pool: string; readonly filters: readonly string[] };
}

/** The numbers of one rejection, read from the filter context while it still holds the pair, and how far it missed. */
function sample(filter: string, ctx: FilterContext, reason: string): { params: Params; gap: number } {
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
      return { params: { reason, pool: pool.id }, gap: 0 };
  }
}

export class DiagnosisBuilder {
  #wanted = 0;
  readonly #byFilter = new Map<string, FilterTally>();
  #closest: { pool: string; filters: string[] } | undefined;

  /** One pool of an accepted GPU, with the names of every filter that rejects it; ctx still holds the pair. */
  add(ctx: FilterContext, failing: readonly { name: string; check(ctx: FilterContext): string | undefined }[]): void {
    this.#wanted++;
    for (const f of failing) {
      const s = sample(f.name, ctx, f.check(ctx) ?? '');
      let t = this.#byFilter.get(f.name);
      if (!t) {
        t = { pools: 0, alone: 0, params: s.params, gap: s.gap };
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

/** Filters whose counts are noise for "why not": other GPU models, and pools dominated by a cheaper twin. */
const BACKGROUND = new Set(['gpu-model', 'dominated']);

/** The causes other than the binding one, grouped with counts: the accepted GPUs' rejections first, then the rest. */
function others(binding: string, diag: Diagnosis | undefined, counts: Readonly<Record<string, number>>): Cause[] {
  const out: Cause[] = [];
  if (diag) {
    for (const [filter, t] of [...diag.byFilter].sort((a, b) => b[1].pools - a[1].pools)) {
      if (filter !== binding)
        out.push({ code: `rejected.${filter}`, source: filter, params: t.params, pools: t.pools });
    }
  } else {
    for (const [filter, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
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
  solverReason: string | undefined,
  counts: Readonly<Record<string, number>>,
): WhyNot {
  if (candidates > 0 || !diag) {
    const binding: Cause = {
      code: 'why.capacity-exhausted',
      source: 'solver',
      params: { candidates, ...(solverReason ? { detail: solverReason } : {}) },
      pools: candidates,
    };
    return { binding, others: others('', undefined, counts) };
  }
  if (diag.wantedPools === 0) {
    return {
      binding: { code: 'why.no-offer', source: 'supply', params: { gpus: [...w.gpus] }, pools: 0 },
      others: others('', diag, counts),
    };
  }
  let best: [string, FilterTally] | undefined;
  for (const e of diag.byFilter) if (e[1].alone > 0 && (!best || e[1].alone > best[1].alone)) best = e;
  if (best) {
    const [filter, t] = best;
    return {
      binding: { code: `why.${filter}`, source: filter, params: t.params, pools: t.alone },
      others: others(filter, diag, counts),
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
    others: others('', diag, counts),
  };
}

const list = (v: Params[string] | undefined): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The words of a binding cause. */
export function bindingText(c: Cause): string {
  const p = c.params;
  const admits = c.pools > 0 ? ` (it alone keeps out ${plural(c.pools, 'pool')} that pass every other check)` : '';
  switch (c.code) {
    case 'why.no-offer':
      return `no pool of a declared provider offers ${list(p['gpus']).replace(/, ([^,]*)$/, ' or $1')}`;
    case 'why.capacity-exhausted':
      return `capacity: ${plural(Number(p['candidates']), 'pool')} passed every check, but none could take it${p['detail'] ? ` — ${String(p['detail'])}` : ''}`;
    case 'why.interconnect':
      return `needs a gang of ${String(p['gang'])} GPUs in one interconnect domain; the largest anywhere is ${String(p['largestDomain'])} (${list(p['providers'])}) — set \`interconnect:\` on a provider that has larger domains, or make the gang smaller${admits}`;
    case 'why.capacity':
      return `needs ${String(p['needs'])} GPUs of one pool while it runs; the largest has ${String(p['largestPool'])} (${String(p['pool'])}) — raise the quota or the reserved block${admits}`;
    case 'why.deadline':
      return `cannot meet its deadline: it finishes ${String(p['lateHours'])} h late even at best (on ${String(p['gpu'])})${admits}`;
    case 'why.tier':
      return `accepts tiers ${list(p['accepts'])}, but the pools that pass every other check are ${list(p['offered']).replace(/, ([^,]*)$/, ' or $1')}${admits}`;
    case 'why.combined':
      return `no single constraint: even the closest pool, ${String(p['pool'])}, fails ${list(p['filters']).replace(/, ([^,]*)$/, ' and $1')}`;
    default:
      return `${c.source}: ${String(p['reason'] ?? '')}${admits}`;
  }
}

/** The other causes in words, with counts: `tier ×12, region ×40, other GPU models ×176`. */
export function othersText(why: WhyNot): string {
  return why.others.map((o) => `${o.source === 'gpu-model' ? 'other GPU models' : o.source} ×${o.pools}`).join(', ');
}

/** The whole why-not in words: the binding cause, then the others with counts. */
export function whyNotText(why: WhyNot): string {
  const rest = othersText(why);
  return `${bindingText(why.binding)}${rest ? `; also rejected: ${rest}` : ''}`;
}
