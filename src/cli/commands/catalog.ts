/** `skyfleet catalog`: the catalog query (src/app/describe-catalog.ts) as a table or JSON. */
import type { Command } from 'commander';
import { describeCatalog } from '../../app/describe-catalog.js';
import { fileInputs } from '../adapters/input-files.js';
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
      const view = describeCatalog(fileInputs, o);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(view.rows, null, 2)}\n`);
        return;
      }
      if (view.matched === 0) {
        process.stdout.write('no offering matches\n');
        return;
      }
      process.stdout.write(
        `${table(
          ['PROVIDER', 'REGION', 'INSTANCE', 'GPU', 'GPUS:', '$/GPU-H:', 'SPOT $/GPU-H:', '$/H100-EQ-H:'],
          view.rows.map((x) => {
            const rel = view.throughput[x.gpu];
            return [
              x.provider,
              x.zone ? `${x.region}/${x.zone}` : x.region,
              x.instanceType,
              x.gpu,
              String(x.gpusPerInstance),
              (x.pricePerHour / x.gpusPerInstance).toFixed(3),
              x.spotPricePerHour !== undefined ? (x.spotPricePerHour / x.gpusPerInstance).toFixed(3) : '-',
              rel ? (view.perGpu(x) / rel).toFixed(3) : '-',
            ];
          }),
        )}\n${view.matched > view.limit ? `… ${view.matched - view.limit} more (--limit)\n` : ''}`,
      );
    });
}
