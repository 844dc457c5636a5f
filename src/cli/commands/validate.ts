/** `skyfleet validate <file>`: the scenario checked (src/app/validate-scenario.ts), one line saying what it holds. */
import type { Command } from 'commander';
import { escapeText } from '../../core/issues.js';
import { formatInstant, validateScenario } from '../../app/validate-scenario.js';
import { fileInputs } from '../adapters/input-files.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file and print every problem as file:line:col')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('--catalog <csv>', 'your own price catalog')
    .action((file: string, o: { catalog?: string }) => {
      const s = validateScenario(fileInputs, file, o.catalog);
      // The file name as typed may hold anything a terminal interprets: it is escaped like every quoted input.
      process.stdout.write(
        `${escapeText(file)}: ok — ${s.providers} providers, ${s.contracts} contracts, ${s.workloads} workloads, horizon ${formatInstant(s.start).slice(0, 10)} → ${formatInstant(s.end).slice(0, 10)}\n`,
      );
    });
}
