/**
 * `skyfleet validate <file>`: a scenario checked (src/app/validate-scenario.ts), one line saying what it holds; or
 * a SkyPilot task file / skyfleet workload file imported (src/app/import-task.ts), its workloads printed in the
 * scenario format with the run-time parts (secrets masked) and its warnings. Which one is docs/skypilot.md's rule.
 */
import type { Command } from 'commander';
import { flagError } from '../../app/errors.js';
import { importView, renderImport, validateFile } from '../../app/import-task.js';
import { formatInstant } from '../../app/validate-scenario.js';
import { escapeText, formatIssue } from '../../core/issues.js';
import { fileInputs } from '../adapters/input-files.js';
import { writeStderrSync } from '../io.js';

interface ValidateOptions {
  catalog?: string;
  json?: boolean;
  env: string[];
  secret: string[];
}

const collect = (v: string, all: string[]): string[] => [...all, v];

/** `NAME=VALUE` pairs of repeated --env / --secret flags. */
function pairs(flag: string, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw flagError(
        'flag.invalid',
        `--${flag} needs NAME=VALUE with NAME a variable name, not "${escapeText(name.slice(0, 40))}"`,
      );
    out[name] = item.slice(eq + 1);
  }
  return out;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'check a scenario file, or read a SkyPilot task file (.sky.yaml) or a workload file and print the workloads skyfleet understood',
    )
    .argument('<file>', 'scenario, SkyPilot task file or skyfleet workload file (YAML or JSON)')
    .option('--catalog <csv>', 'your own price catalog')
    .option('--json', 'print JSON: { workloads, tasks, warnings } for a task file, the counts for a scenario')
    .option('--env <NAME=VALUE>', "set a task's env (repeatable)", collect, [])
    .option('--secret <NAME=VALUE>', "set a task's secret (repeatable; never printed)", collect, [])
    .action((file: string, o: ValidateOptions) => {
      const envs = pairs('env', o.env);
      const secrets = pairs('secret', o.secret);
      const v = validateFile(fileInputs, file, {
        ...(o.catalog !== undefined ? { catalogPath: o.catalog } : {}),
        ...(o.env.length > 0 ? { envs } : {}),
        ...(o.secret.length > 0 ? { secrets } : {}),
      });
      if (v.format === 'scenario') {
        const s = v.summary;
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify({ format: 'scenario', ...s, start: formatInstant(s.start), end: formatInstant(s.end) }, null, 2)}\n`,
          );
          return;
        }
        // The file name as typed may hold anything a terminal interprets: it is escaped like every quoted input.
        process.stdout.write(
          `${escapeText(file)}: ok — ${s.providers} providers, ${s.contracts} contracts, ${s.workloads} workloads, horizon ${formatInstant(s.start).slice(0, 10)} → ${formatInstant(s.end).slice(0, 10)}\n`,
        );
        return;
      }
      if (o.json) {
        process.stdout.write(`${JSON.stringify(importView(v.imported), null, 2)}\n`);
        return;
      }
      process.stdout.write(
        renderImport(v.imported, file, v.format === 'skypilot' ? 'SkyPilot task file' : 'skyfleet workload file'),
      );
      for (const w of v.imported.warnings) writeStderrSync(`skyfleet: warning: ${formatIssue(w)}\n`);
    });
}
