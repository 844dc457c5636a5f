import type { Command } from 'commander';
import type { Offering } from '../../core/types.js';
import { loadCatalog, loadThroughput } from '../load.js';
import { UserError } from '../io.js';
import { table } from '../format.js';

interface CatalogOptions {
  gpu?: string;
  provider?: string;
  region?: string;
  maxPrice?: string;
  spot?: boolean;
  json?: boolean;
  catalog?: string;
  limit: string;
}

export function registerCatalog(program: Command): void {
  program
    .command('catalog')
    .description('browse the price catalog (per-GPU-hour prices, cheapest first)')
    .option('--gpu <model>', 'GPU model, e.g. H100 (case-insensitive)')
    .option('--provider <id>', 'provider, e.g. aws')
    .option('--region <name>', 'region')
    .option('--max-price <usd>', 'most USD per GPU-hour (on-demand, or spot with --spot)')
    .option('--spot', 'only offerings with a spot price, sorted by it')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'most rows to print', '40')
    .option('--catalog <csv>', 'your own price catalog')
    .action((o: CatalogOptions) => {
      const max = o.maxPrice === undefined ? Infinity : Number(o.maxPrice);
      if (!(max > 0))
        throw new UserError(`--max-price must be a positive number of USD per GPU-hour, not "${o.maxPrice}"`);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UserError(`--limit must be a positive integer, not "${o.limit}"`);
      const catalog = loadCatalog(o.catalog);
      const throughput = loadThroughput();
      const gpus = new Set(catalog.offerings.map((x) => x.gpu));
      const gpu = o.gpu ? [...gpus].find((g) => g.toLowerCase() === o.gpu!.toLowerCase()) : undefined;
      if (o.gpu && !gpu) throw new UserError(`unknown GPU "${o.gpu}"; the catalog has ${[...gpus].sort().join(', ')}`);
      const providers = new Set<string>(catalog.offerings.map((x) => x.provider));
      if (o.provider && !providers.has(o.provider))
        throw new UserError(`unknown provider "${o.provider}"; the catalog has ${[...providers].sort().join(', ')}`);
      if (
        o.region &&
        !catalog.offerings.some((x) => x.region === o.region && (!o.provider || x.provider === o.provider))
      ) {
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
        .sort(
          (a, b) => perGpu(a) - perGpu(b) || a.provider.localeCompare(b.provider) || a.region.localeCompare(b.region),
        );
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows.slice(0, limit), null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write('no offering matches\n');
        return;
      }
      process.stdout.write(
        `${table(
          ['PROVIDER', 'REGION', 'INSTANCE', 'GPU', 'GPUS:', '$/GPU-H:', 'SPOT $/GPU-H:', '$/H100-EQ-H:'],
          rows.slice(0, limit).map((x) => {
            const rel = throughput[x.gpu];
            return [
              x.provider,
              x.zone ? `${x.region}/${x.zone}` : x.region,
              x.instanceType,
              x.gpu,
              String(x.gpusPerInstance),
              (x.pricePerHour / x.gpusPerInstance).toFixed(3),
              x.spotPricePerHour !== undefined ? (x.spotPricePerHour / x.gpusPerInstance).toFixed(3) : '-',
              rel ? (perGpu(x) / rel).toFixed(3) : '-',
            ];
          }),
        )}\n${rows.length > limit ? `… ${rows.length - limit} more (--limit)\n` : ''}`,
      );
    });
}
