/** A why-not in words (src/engine/why-not.ts finds the causes): the binding cause, then the others with counts. */
import type { ParamValue } from '../core/codes.js';
import type { Cause, WhyNot } from '../engine/plan-types.js';

const list = (v: ParamValue | undefined): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
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
