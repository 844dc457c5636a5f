import type { Command } from 'commander';
import { escapeText } from '../../core/issues.js';
import { formatInstant } from '../../scenario/units.js';
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
      // The file name as typed may hold anything a terminal interprets: it is escaped like every quoted input.
      process.stdout.write(
        `${escapeText(file)}: ok — ${s.snapshot.providers.length} providers, ${s.snapshot.contracts.length} contracts, ${r.workloads.length} workloads, horizon ${formatInstant(r.horizon.start).slice(0, 10)} → ${formatInstant(r.horizon.end).slice(0, 10)}\n`,
      );
    });
}
