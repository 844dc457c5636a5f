/**
 * importTaskText: a SkyPilot task file (one YAML document, or a chain: an optional header `{name}` then one
 * document per task) → one skyfleet workload per task, in the scenario format, with its run-time parts and the
 * warnings. Every workload is then read back through the scenario loader (src/scenario) inside a scenario made
 * for the purpose, so what is returned is exactly what a scenario file would accept.
 *
 * Never throws, no I/O: the caller passes the text, the file name (for messages and the default workload id) and
 * the catalogue.
 */
import { capIssues, fail, type Issue, ok, type Result } from '../core/issues.js';
import { loadScenarioText } from '../scenario/load.js';
import { type DocCtx, isRecord, shown } from './context.js';
import { parseDocs } from './parse.js';
import { HEADER_FIELDS } from './fields.js';
import type { CatalogFacts } from './resources.js';
import { readTask, taskName } from './task.js';
import type { ImportedTask, ImportOptions, ImportReference, ImportResult, ScenarioWorkload, TaskRun } from './types.js';

export interface ImportedFile extends ImportResult {
  /** The tasks with every secret value masked: what may be printed or logged. */
  readonly shown: readonly TaskRun[];
}

export function facts(ref: ImportReference): CatalogFacts {
  const providers = new Set<string>();
  const gpus = new Set<string>();
  const regionsByProvider = new Map<string, Set<string>>();
  const instances = new Map<string, { gpu: string; count: number; provider: string }>();
  for (const o of ref.catalog.offerings) {
    providers.add(o.provider);
    gpus.add(o.gpu);
    const r = regionsByProvider.get(o.provider) ?? new Set<string>();
    regionsByProvider.set(o.provider, r);
    r.add(o.region);
    if (!instances.has(o.instanceType) && o.gpusPerInstance >= 1)
      instances.set(o.instanceType, { gpu: o.gpu, count: Math.round(o.gpusPerInstance), provider: o.provider });
  }
  return { providers, gpus, regionsByProvider, instances };
}

/** The default workload id: the file's base name without `.sky.yaml`, `.yaml`, `.yml`, as an id. */
export function baseId(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/(\.sky)?\.(ya?ml|json)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
  return stem.slice(0, 100) || 'task';
}

export function importTaskText(
  text: string,
  file: string,
  ref: ImportReference,
  options: ImportOptions = {},
): Result<ImportedFile> {
  const read = parseDocs(text, file, 'the file is empty: a SkyPilot task needs at least resources and run');
  if (!read.ok) return fail(read.issues);
  const { docs: parsed, errors, warnings } = read.value;
  if (errors.length > 0) return fail(sorted(errors));
  // A header document: only name (and execution, and a job group's fields), followed by tasks.
  let chainName: string | undefined;
  let tasks = parsed.filter((p) => p.value !== null && p.value !== undefined);
  const head = tasks[0];
  if (head && isRecord(head.value) && tasks.length > 1) {
    const keys = Object.keys(head.value);
    if (keys.includes('name') && keys.every((k) => (HEADER_FIELDS as readonly string[]).includes(k))) {
      chainName = taskName(head.ctx, head.value.name);
      const exec = head.value.execution;
      if (exec != null && exec !== 'serial' && exec !== 'parallel')
        head.ctx.error(
          'skypilot.invalid-value',
          ['execution'],
          `execution must be serial or parallel, not ${shown(exec)}`,
        );
      if (exec === 'parallel')
        head.ctx.notHonoured(
          ['execution'],
          'the jobs of a job group are placed as separate workloads, not started together',
        );
      for (const k of ['primary_tasks', 'termination_delay'])
        if (head.value[k] != null) head.ctx.notHonoured([k], 'job group settings are not honoured');
      tasks = tasks.slice(1);
    }
  }
  const parallel = chainName !== undefined && isRecord(head?.value) && head.value.execution === 'parallel';
  const [first] = tasks;
  if (tasks.length > 1 && !parallel && first) {
    const at = chainName !== undefined && head ? head : first;
    const why = 'the tasks of a chain are placed as separate workloads; skyfleet does not run them one after another';
    if (chainName !== undefined) at.ctx.notHonoured(['name'], why);
    else
      at.ctx.warn(
        'skypilot.not-honoured',
        [],
        `the order of the file's ${tasks.length} tasks is not honoured: ${why}`,
        {
          field: 'chain',
        },
      );
  }
  if (tasks.length === 0)
    return fail([{ code: 'file.empty', path: [], message: 'the file holds no task', file, line: 1, col: 1 }]);
  const f = facts(ref);
  const base = baseId(file);
  const single = tasks.length === 1;
  const used = new Set<string>();
  const imported: ImportedTask[] = [];
  const shownRuns: TaskRun[] = [];
  const made: { ctx: DocCtx; workload: ScenarioWorkload; run: TaskRun; shown: TaskRun }[] = [];
  tasks.forEach(({ ctx, value }, i) => {
    if (!isRecord(value)) {
      ctx.error(
        'skypilot.not-a-task',
        [],
        `a task is a mapping of fields (resources, run, …), not ${Array.isArray(value) ? 'a list' : shown(value)}`,
      );
      return;
    }
    const own = typeof value.name === 'string' && value.name !== '' ? value.name : undefined;
    if (!single && !asksForGpu(value)) {
      ctx.warn(
        'skypilot.task-skipped',
        value.resources == null ? [] : ['resources'],
        `task ${own === undefined ? `#${i}` : `'${own}'`} asks for no accelerators: skyfleet brokers GPU work, so this task of the chain is not imported`,
        { task: own ?? `#${i}` },
      );
      return;
    }
    let id = own ?? (single ? (chainName ?? base) : `${chainName ?? base}-${i}`);
    for (let k = 2; used.has(id); k++) id = `${own ?? base}-${k}`;
    used.add(id);
    const before = errors.length;
    const parts = readTask(ctx, value, id, f, options);
    if (!parts || errors.length > before) return;
    made.push({ ctx, workload: parts.workload, run: parts.run, shown: parts.shown });
  });
  // Every workload read back by the scenario loader, all in one scenario (one pass over the catalogue).
  const back = validateWorkloads(
    made.map((m) => m.workload),
    ref,
  );
  made.forEach((m, k) => {
    const [problem] = back[k] ?? [];
    if (problem)
      m.ctx.error(problem.code, [], `skyfleet cannot read the workload it made of this task: ${problem.message}`);
    else {
      imported.push({ workload: m.workload, run: m.run });
      shownRuns.push(m.shown);
    }
  });
  if (errors.length === 0 && imported.length === 0)
    errors.push({
      code: 'skypilot.no-accelerators',
      path: [],
      message:
        'no task of the file asks for accelerators: skyfleet brokers GPU work; give resources.accelerators, e.g. H100:8',
      file,
      line: 1,
      col: 1,
    });
  if (errors.length > 0) return fail(sorted(errors));
  const name = chainName ?? (single ? (imported[0]?.run.name ?? undefined) : undefined);
  return ok({ ...(name !== undefined ? { name } : {}), tasks: imported, shown: shownRuns, warnings: sorted(warnings) });
}

/** Does a task ask for a GPU anywhere in its resources (accelerators, gpus or an instance type; any_of/ordered)? */
function asksForGpu(task: Record<string, unknown>): boolean {
  const res = task.resources;
  if (!isRecord(res)) return false;
  const has = (r: unknown) => isRecord(r) && (r.accelerators != null || r.gpus != null || r.instance_type != null);
  const group = [res.any_of, res.ordered].find(Array.isArray) as unknown[] | undefined;
  return has(res) || (group ?? []).some(has);
}

/** The scenario loader's verdict on one workload: its issues (none when it accepts it), paths from the workload. */
export function validateWorkload(workload: Record<string, unknown>, ref: ImportReference): Issue[] {
  return validateWorkloads([workload], ref)[0] ?? [];
}

/** The scenario loader's verdict on workloads read together: the issues of each (paths from the workload). */
export function validateWorkloads(workloads: readonly Record<string, unknown>[], ref: ImportReference): Issue[][] {
  const out: Issue[][] = workloads.map(() => []);
  if (workloads.length === 0) return out;
  const providers = [...new Set(ref.catalog.offerings.map((o) => o.provider))];
  const gpus = [...new Set(ref.catalog.offerings.map((o) => o.gpu))];
  const scenario = {
    name: 'import',
    horizon: { start: '2026-01-01', length: '1y' },
    providers: Object.fromEntries(providers.map((p) => [p, {}])),
    workloads,
  };
  const r = loadScenarioText(JSON.stringify(scenario), 'import.json', {
    catalog: ref.catalog,
    throughput: Object.fromEntries(gpus.map((g) => [g, 1])),
  });
  if (r.ok) return out;
  for (const i of r.issues) {
    const k = i.path[0] === 'workloads' && typeof i.path[1] === 'number' ? i.path[1] : 0;
    out[k]?.push({
      code: i.code,
      message: i.message,
      path: i.path[0] === 'workloads' ? i.path.slice(2) : [],
      ...(i.params ? { params: i.params } : {}),
    });
  }
  return out;
}

export function sorted(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  const out = issues.filter((i) => {
    const key = `${i.code}|${i.line}|${i.col}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return capIssues(out);
}
