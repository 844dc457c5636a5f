/** policies: {...} -> Policy (caps default to 1 = no cap; per-provider overrides must name declared providers). */
import { GEOS } from '../core/geo.js';
import type { Policy } from '../core/types.js';
import { type Ctx, must } from './context.js';
import type { PolicyFile } from './schema.js';
import { didYouMean } from './suggest.js';
import { parseFraction, parseMoney } from './units.js';

const share = (v: string | number | undefined, fallback: number) =>
  v === undefined ? fallback : must(parseFraction(v), fallback);

export function convertPolicy(ctx: Ctx, p: PolicyFile | undefined): Policy {
  const maxSpendShareByProvider: Record<string, number> = {};
  const maxGpuShareByProvider: Record<string, number> = {};
  for (const [provider, caps] of Object.entries(p?.byProvider ?? {})) {
    if (!ctx.declared.has(provider)) {
      ctx.report(
        'provider.undeclared',
        ['policies', 'byProvider', provider],
        `provider '${provider}' is not declared under providers${didYouMean(provider, ctx.declared)}`,
      );
    }
    if (caps.maxSpendShare !== undefined) maxSpendShareByProvider[provider] = share(caps.maxSpendShare, 1);
    if (caps.maxGpuShare !== undefined) maxGpuShareByProvider[provider] = share(caps.maxGpuShare, 1);
  }
  p?.residency?.forEach((r, i) => {
    r.geos.forEach((g, k) => {
      if (!(GEOS as readonly string[]).includes(g))
        ctx.report(
          'geo.unknown',
          ['policies', 'residency', i, 'geos', k],
          `'${g}' is not a geography (${GEOS.join(', ')})${didYouMean(g, GEOS)}`,
        );
    });
  });
  const teamBudgets: Record<string, number> = {};
  for (const [team, budget] of Object.entries(p?.teamBudgets ?? {})) teamBudgets[team] = must(parseMoney(budget), 0);
  return {
    maxSpendShare: share(p?.maxSpendShare, 1),
    maxSpendShareByProvider,
    maxGpuShare: share(p?.maxGpuShare, 1),
    maxGpuShareByProvider,
    survivability: (p?.survivability ?? []).map((r) => ({ tiers: [...r.tiers], fraction: share(r.fraction, 0) })),
    residency: (p?.residency ?? []).map((r) => ({ appliesTo: [...r.appliesTo], geos: [...r.geos] })),
    teamBudgets,
    // Only when given, so a scenario without weights converts (and prints, and hashes) as before.
    ...(p?.teamWeights !== undefined ? { teamWeights: { ...p.teamWeights } } : {}),
  };
}
