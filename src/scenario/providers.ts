/** providers: { id: {...} } -> ProviderSpec[]; checks ids and regions against the catalog. */
import { providerId } from '../core/ids.js';
import type { ProviderSpec } from '../core/types.js';
import { type Ctx, must } from './context.js';
import type { ProviderFile } from './schema.js';
import { didYouMean } from './suggest.js';
import { parseAnnualChange, parseFraction } from './units.js';

export const DEFAULT_QUOTA_GPUS = 1_000_000;
export const DEFAULT_INTERCONNECT_GPUS = 8;
export const DEFAULT_SPOT_CAPACITY_SHARE = 0.25;

export function convertProviders(
  ctx: Ctx,
  providers: Readonly<Record<string, ProviderFile | undefined>>,
  providersGiven: boolean,
): ProviderSpec[] {
  const out: ProviderSpec[] = [];
  if (ctx.declared.size === 0 && providersGiven)
    ctx.report('providers.none', ['providers'], 'declare at least one provider');
  for (const [id, p] of Object.entries(providers)) {
    const at = ['providers', id];
    const known = ctx.catalog.providers.has(id);
    if (!known)
      ctx.report(
        'provider.unknown',
        at,
        `provider '${id}' is not in the catalog${didYouMean(id, ctx.catalog.providers)}`,
      );
    if (!p) continue;
    const catalogRegions = ctx.catalog.regionsByProvider.get(id) ?? new Set<string>();
    p.regions?.forEach((r, k) => {
      if (known && !catalogRegions.has(r)) {
        ctx.report(
          'region.unknown',
          [...at, 'regions', k],
          `region '${r}' is not in the catalog for ${id}${didYouMean(r, catalogRegions)}`,
        );
      }
    });
    for (const r of Object.keys(p.regionQuota ?? {})) {
      if (known && !catalogRegions.has(r))
        ctx.report(
          'region.unknown',
          [...at, 'regionQuota', r],
          `region '${r}' is not in the catalog for ${id}${didYouMean(r, catalogRegions)}`,
        );
      else if (p.regions && !p.regions.includes(r))
        ctx.report(
          'region.not-allowed',
          [...at, 'regionQuota', r],
          `region '${r}' has a quota but is not in ${id}'s regions`,
        );
    }
    const spotOn = p.spot !== undefined && p.spot.preemptionsPerHour > 0;
    out.push({
      id: providerId(id),
      quotaGpus: p.quota ?? DEFAULT_QUOTA_GPUS,
      ...(p.regionQuota ? { regionQuotaGpus: { ...p.regionQuota } } : {}),
      ...(p.regions ? { regions: [...p.regions] } : {}),
      interconnectDomainGpus: p.interconnect ?? DEFAULT_INTERCONNECT_GPUS,
      spotPreemptionsPerHour: p.spot?.preemptionsPerHour ?? 0,
      ...(p.priceChange !== undefined ? { priceChangePerYear: must(parseAnnualChange(p.priceChange), 0) } : {}),
      spotCapacityFraction: spotOn ? must(parseFraction(p.spot?.capacityShare ?? DEFAULT_SPOT_CAPACITY_SHARE), 0) : 0,
    });
  }
  return out;
}
