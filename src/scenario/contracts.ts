/** contracts: [...] -> Contract[]: term known, exclusivity not split between providers (names: names.ts). */
import { contractId, providerId } from '../core/ids.js';
import type { Contract, ReservedBlock } from '../core/types.js';
import { convertCommitment } from './commitment.js';
import { type Ctx, must } from './context.js';
import { convertReserved } from './reserved.js';
import type { ContractFile } from './schema.js';
import { addDuration, formatInstant, parseFraction } from './units.js';

export function convertContracts(ctx: Ctx, contracts: readonly (ContractFile | undefined)[]): Contract[] {
  const out: Contract[] = [];
  const exclusiveTo = new Map<string, string>();
  contracts.forEach((c, i) => {
    if (!c) return;
    const at = ['contracts', i];
    const before = ctx.issues.length;
    const start = ctx.instant(c.start, ctx.horizon?.start ?? NaN);
    let end = NaN;
    if (c.term !== undefined && c.end !== undefined)
      ctx.report('contract.term-conflict', at, 'give a term or an end, not both');
    else if (c.term !== undefined) end = must(addDuration(start, c.term), NaN);
    else if (c.end !== undefined) end = ctx.instant(c.end, NaN);
    else ctx.report('contract.term-missing', at, `contract '${c.id}' needs a term (e.g. '1y') or an end date`);
    if (end <= start)
      ctx.report(
        'contract.ends-before-start',
        [...at, 'end'],
        `contract '${c.id}' ends (${formatInstant(end)}) before it starts (${formatInstant(start)})`,
      );
    const termKnown = Number.isFinite(start) && Number.isFinite(end) && end > start;
    const term = { start, end };
    const carry = c.shortfall ? must(parseFraction(c.shortfall.carryForward), 0) : 0;
    const commitment =
      c.commitment && termKnown ? convertCommitment(ctx, c.commitment, term, carry, [...at, 'commitment']) : undefined;
    const reserved: ReservedBlock[] = [];
    (c.reserved ?? []).forEach((r, k) => {
      const path = [...at, 'reserved', k];
      const block = termKnown ? convertReserved(ctx, r, c.provider, term, path) : undefined;
      if (block) reserved.push(block);
    });
    (c.exclusivity ?? []).forEach((cls, k) => {
      const other = exclusiveTo.get(cls);
      if (other !== undefined && other !== c.provider) {
        ctx.report(
          'contract.exclusivity-conflict',
          [...at, 'exclusivity', k],
          `class '${cls}' is already exclusive to ${other}; it cannot also be exclusive to ${c.provider}`,
        );
      } else exclusiveTo.set(cls, c.provider);
    });
    if (ctx.issues.length > before || !termKnown) return;
    out.push({
      id: contractId(c.id),
      provider: providerId(c.provider),
      start,
      end,
      ...(commitment ? { commitment } : {}),
      discount: c.discount !== undefined ? must(parseFraction(c.discount), 0) : 0,
      reserved,
      rightOfFirstRefusal: [...(c.rightOfFirstRefusal ?? [])],
      exclusivity: [...(c.exclusivity ?? [])],
    });
  });
  return out;
}
