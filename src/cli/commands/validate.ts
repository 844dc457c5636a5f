import type { Command } from 'commander';
import { loadScenario } from '../load.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file and print every problem as file:line:col')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('--catalog <csv>', 'your own price catalog')
    .action((file: string, o: { catalog?: string }) => {
      const s = loadScenario(file, o.catalog);
      const r = s.request;
      process.stdout.write(`${file}: ok — ${s.snapshot.providers.length} providers, ${s.snapshot.contracts.length} contracts, ${r.workloads.length} workloads, horizon ${new Date(r.horizon.start).toISOString().slice(0, 10)} → ${new Date(r.horizon.end).toISOString().slice(0, 10)}\n`);
    });
}
