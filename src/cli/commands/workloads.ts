/**
 * The client commands of the control plane (docs/api.md): `submit`, `status`, `logs`, `cancel`, `explain`, each a
 * call of the API of `skyfleet serve` (src/cli/client/http.ts finds the server and the token). Every one takes
 * `--json` (the API's answer as is, or as each command says).
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Explanation, WorkloadView } from '../../app/control/api.js';
import { parseNumberFlag } from '../options.js';
import { escapeControl, MAX_FILE_BYTES, readText, writeStderrSync } from '../io.js';
import { callApi, clientConfig, seg } from '../client/http.js';
import { explainText, listText, printJson, workloadText } from '../client/render.js';

/** The largest file `submit` sends: the API's body limit (docs/api.md). */
const MAX_SUBMIT_BYTES = Math.min(MAX_FILE_BYTES.scenario, 1024 * 1024);
/** `status` without an id lists at most this many workloads (pages of 1000). */
const MAX_LISTED = 100_000;

interface Warning {
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

/** A JSON file that is a WorkloadSpec (name and workload) goes as JSON; anything else is a task file (YAML). */
function contentTypeOf(text: string): string {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v) && 'name' in v && 'workload' in v) return 'application/json';
  } catch {
    // not JSON: a task file
  }
  return 'application/yaml';
}

export function registerWorkloadCommands(program: Command): void {
  program
    .command('submit')
    .description('submit a SkyPilot task file, a skyfleet workload file or a WorkloadSpec (JSON) to skyfleet serve')
    .argument('<file>', 'the file to submit')
    .option('--team <team>', 'the team the work is for (the admin token must name one)')
    .option('--idempotency-key <key>', 'the same key twice submits once')
    .option('--json', 'print the new workload (with its id) as JSON')
    .action(async (file: string, o: { team?: string; idempotencyKey?: string; json?: boolean }) => {
      const text = readText(file, 'task file', MAX_SUBMIT_BYTES);
      const source =
        basename(file)
          .replace(/[^\x20-\x7e]/g, '?')
          .slice(0, 256) || 'task.yaml';
      const { body } = await callApi<{ workloads: WorkloadView[]; warnings: Warning[] }>(
        clientConfig(),
        'POST',
        `/v1/workloads${o.team === undefined ? '' : `?team=${encodeURIComponent(o.team)}`}`,
        {
          body: text,
          contentType: contentTypeOf(text),
          headers: {
            'x-skyfleet-source': source,
            ...(o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}),
          },
        },
      );
      for (const w of body.warnings)
        writeStderrSync(
          `skyfleet: warning: ${escapeControl(w.file ? `${w.file}:${w.line ?? 1}:${w.col ?? 1}: ` : '')}${escapeControl(w.message)} [${escapeControl(w.code)}]\n`,
        );
      if (o.json) {
        const [only] = body.workloads;
        printJson(body.workloads.length === 1 && only ? { ...only, warnings: body.warnings } : body);
        return;
      }
      for (const w of body.workloads)
        process.stdout.write(
          `submitted ${escapeControl(w.id)} ${escapeControl(w.spec.name)} (team ${escapeControl(w.team)}, ${w.state})\n`,
        );
    });

  program
    .command('status')
    .description('one workload (with its id), or every workload the token may see')
    .argument('[id]', 'a workload id')
    .option('--state <states>', 'only these states, comma-separated (without an id)')
    .option('--json', 'print the workload (its `state`…) or {workloads: […]} as JSON')
    .action(async (id: string | undefined, o: { state?: string; json?: boolean }) => {
      const cfg = clientConfig();
      if (id !== undefined) {
        const { body } = await callApi<WorkloadView>(cfg, 'GET', `/v1/workloads/${seg(id)}`);
        if (o.json) printJson(body);
        else process.stdout.write(workloadText(body));
        return;
      }
      const all: WorkloadView[] = [];
      let after: string | null = null;
      do {
        const q = new URLSearchParams({ limit: '1000' });
        if (o.state) q.set('state', o.state);
        if (after) q.set('after', after);
        const page: { body: { workloads: WorkloadView[]; next: string | null } } = await callApi(
          cfg,
          'GET',
          `/v1/workloads?${q.toString()}`,
        );
        all.push(...page.body.workloads);
        after = page.body.next;
      } while (after !== null && all.length < MAX_LISTED);
      if (o.json) printJson({ workloads: all });
      else process.stdout.write(listText(all));
    });

  program
    .command('logs')
    .description('the last lines a workload wrote')
    .argument('<id>', 'a workload id')
    .option('--tail <n>', 'the last N lines (1 to 10000)', '100')
    .option('--json', 'print {workloadId, tail, text} as JSON')
    .action(async (id: string, o: { tail: string; json?: boolean }) => {
      const tail = parseNumberFlag('--tail', o.tail, { integer: true, min: 1, max: 10_000 });
      const { body } = await callApi<{ text: string }>(
        clientConfig(),
        'GET',
        `/v1/workloads/${seg(id)}/logs?tail=${tail}`,
      );
      if (o.json) printJson(body);
      else process.stdout.write(body.text === '' || body.text.endsWith('\n') ? body.text : `${body.text}\n`);
    });

  program
    .command('cancel')
    .description('cancel a workload')
    .argument('<id>', 'a workload id')
    .option('--json', 'print the cancelled workload as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const { body } = await callApi<WorkloadView>(clientConfig(), 'POST', `/v1/workloads/${seg(id)}/cancel`);
      if (o.json) printJson(body);
      else process.stdout.write(`${escapeControl(body.id)}: ${body.state}\n`);
    });

  program
    .command('explain')
    .description('why a workload is where it is, or what it waits for')
    .argument('<id>', 'a workload id')
    .option('--json', 'print the explanation (codes and params) as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const { body } = await callApi<Explanation>(clientConfig(), 'GET', `/v1/workloads/${seg(id)}/explain`);
      if (o.json) printJson(body);
      else process.stdout.write(explainText(body));
    });
}
