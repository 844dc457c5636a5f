/**
 * Use case `catalog`: the price catalog's offerings that match a query, cheapest per GPU-hour first (on-demand, or
 * spot with `spot`), with each GPU's relative throughput for the H100-equivalent price.
 */
import type { Offering } from '../core/types.js';
import { UserError } from './errors.js';
import { loadCatalog, loadThroughput } from './load-scenario.js';
import type { InputFiles } from './ports.js';

/** As given (the CLI's flags). */
export interface CatalogQuery {
  readonly gpu?: string;
  readonly provider?: string;
  readonly region?: string;
  readonly maxPrice?: string;
  readonly spot?: boolean;
  readonly limit: string;
  /** The user's own catalog; default the bundled one. */
  readonly catalog?: string;
}

export interface CatalogView {
  /** The first `limit` matches, cheapest first. */
  readonly rows: readonly Offering[];
  /** How many offerings matched in all. */
  readonly matched: number;
  readonly limit: number;
  /** Relative throughput per GPU model (H100 = 1). */
  readonly throughput: Readonly<Record<string, number>>;
  /** The price of an offering per GPU-hour, as sorted (spot with `spot`). */
  perGpu(x: Offering): number;
}

export function describeCatalog(files: InputFiles, o: CatalogQuery): CatalogView {
  const max = o.maxPrice === undefined ? Infinity : Number(o.maxPrice);
  if (!(max > 0)) throw new UserError(`--max-price must be a positive number of USD per GPU-hour, not "${o.maxPrice}"`);
  const limit = Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UserError(`--limit must be a positive integer, not "${o.limit}"`);
  const catalog = loadCatalog(files, o.catalog);
  const throughput = loadThroughput(files);
  const gpus = new Set(catalog.offerings.map((x) => x.gpu));
  const wanted = o.gpu?.toLowerCase();
  const gpu = wanted ? [...gpus].find((g) => g.toLowerCase() === wanted) : undefined;
  if (o.gpu && !gpu) throw new UserError(`unknown GPU "${o.gpu}"; the catalog has ${[...gpus].sort().join(', ')}`);
  const providers = new Set<string>(catalog.offerings.map((x) => x.provider));
  if (o.provider && !providers.has(o.provider))
    throw new UserError(`unknown provider "${o.provider}"; the catalog has ${[...providers].sort().join(', ')}`);
  if (o.region && !catalog.offerings.some((x) => x.region === o.region && (!o.provider || x.provider === o.provider))) {
    throw new UserError(
      `no offering in region "${o.region}"${o.provider ? ` for ${o.provider}` : ''}; see \`skyfleet catalog${o.provider ? ` --provider ${o.provider}` : ''} --limit 1000\` for the regions`,
    );
  }
  const perGpu = (x: Offering): number =>
    (o.spot ? (x.spotPricePerHour ?? Infinity) : x.pricePerHour) / x.gpusPerInstance;
  const rows = catalog.offerings
    .filter(
      (x) =>
        x.gpusPerInstance >= 1 &&
        (!gpu || x.gpu === gpu) &&
        (!o.provider || x.provider === o.provider) &&
        (!o.region || x.region === o.region) &&
        perGpu(x) <= max,
    )
    .sort((a, b) => perGpu(a) - perGpu(b) || a.provider.localeCompare(b.provider) || a.region.localeCompare(b.region));
  return { rows: rows.slice(0, limit), matched: rows.length, limit, throughput, perGpu };
}
