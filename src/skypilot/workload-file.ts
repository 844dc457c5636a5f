/**
 * A skyfleet workload file: ONE workload in the scenario format (the fields of a scenario's `workloads:` entry;
 * `id` defaults to the file's base name) plus a `task:` mapping of run-time fields named as in SkyPilot: run,
 * setup, envs, secrets, workdir, file_mounts, job_recovery, image_id, disk_size, ports, labels and, for
 * inference, readiness_probe. The workload is checked by the scenario loader itself; problems are placed in this
 * file.
 */
import { fail, ok, type Result } from '../core/issues.js';
import { type DocCtx, isRecord, shown } from './context.js';
import { checkKeys } from './fields.js';
import { baseId, type ImportedFile, sorted, validateWorkload } from './import.js';
import { parseDocs } from './parse.js';
import { jobRecovery } from './resources.js';
import { readRunFields } from './task.js';
import type { ImportOptions, ImportReference, JobRecovery, ScenarioWorkload, TaskRun } from './types.js';

export const WORKLOAD_TASK_FIELDS = [
  'run',
  'setup',
  'envs',
  'secrets',
  'workdir',
  'file_mounts',
  'job_recovery',
  'image_id',
  'disk_size',
  'ports',
  'labels',
  'readiness_probe',
] as const;

export function readWorkloadFile(
  text: string,
  file: string,
  ref: ImportReference,
  options: ImportOptions = {},
): Result<ImportedFile> {
  const read = parseDocs(text, file, 'the file is empty: a workload file needs kind, gpus and its size');
  if (!read.ok) return fail(read.issues);
  const { errors, warnings } = read.value;
  const docs = read.value.docs.filter((d) => d.value != null);
  if (docs.length !== 1) {
    return fail([
      {
        code: 'skypilot.not-a-task',
        path: [],
        message: `a workload file holds one workload, not ${docs.length}`,
        file,
        line: 1,
        col: 1,
      },
    ]);
  }
  const [only] = docs;
  if (!only) return fail(errors);
  const { ctx, value } = only;
  if (!isRecord(value)) {
    ctx.error('skypilot.not-a-task', [], `a workload file is a mapping of workload fields, not ${shown(value)}`);
    return fail(errors);
  }
  const { task, ...fields } = value;
  const workload = { id: baseId(file), ...fields } as ScenarioWorkload;
  if (options.team !== undefined && workload.team === undefined)
    (workload as Record<string, unknown>).team = options.team;
  for (const i of validateWorkload(workload, ref)) ctx.error(i.code, i.path, i.message, i.params);
  const t = task ?? {};
  if (!isRecord(t))
    ctx.error('skypilot.invalid-value', ['task'], `task must be a mapping of run fields, not ${shown(t)}`);
  else checkKeys(ctx, t, WORKLOAD_TASK_FIELDS, ['task'], 'task');
  if (errors.length > 0) return fail(sorted(errors));
  const taskFields = t as Record<string, unknown>;
  const nodes = typeof workload.nodes === 'number' ? workload.nodes : 1;
  const gpus = Number(workload.kind === 'inference' ? workload.gpusPerReplica : workload.count);
  const sub = subCtx(ctx);
  const parts = readRunFields(sub, { ...taskFields, num_nodes: undefined }, options);
  let recovery: JobRecovery | undefined;
  if (taskFields.job_recovery != null)
    recovery = jobRecovery(sub, { value: taskFields.job_recovery, path: ['job_recovery'] });
  if (errors.length > 0) return fail(sorted(errors));
  const carried = {
    ...(typeof taskFields.image_id === 'string' ? { imageId: taskFields.image_id } : {}),
    ...(typeof taskFields.disk_size === 'number' ? { diskSizeGb: taskFields.disk_size } : {}),
    ...(Array.isArray(taskFields.ports) ? { ports: taskFields.ports.map(String) } : {}),
    ...(isRecord(taskFields.labels)
      ? { labels: Object.fromEntries(Object.entries(taskFields.labels).map(([k, v]) => [k, String(v)])) }
      : {}),
  };
  const service =
    workload.kind === 'inference'
      ? {
          readinessProbe: { path: typeof taskFields.readiness_probe === 'string' ? taskFields.readiness_probe : '/' },
          minReplicas: 1,
        }
      : undefined;
  const common = {
    workload: workload.id,
    ...(parts.run !== undefined ? { run: parts.run } : {}),
    ...(parts.setup !== undefined ? { setup: parts.setup } : {}),
    envs: parts.envs,
    numNodes: nodes,
    gpusPerNode: Math.max(1, Math.floor(gpus / nodes)),
    useSpot: workload.tiers !== undefined && workload.tiers.length === 1 && workload.tiers[0] === 'spot',
    ...(recovery ? { jobRecovery: recovery } : {}),
    ...carried,
    ...(service ? { service } : {}),
  };
  const secretsOf = (mask: boolean) =>
    Object.fromEntries(
      Object.entries(parts.secrets).map(([k, v]) => [k, { value: mask ? '<redacted>' : v, secret: true as const }]),
    );
  const run: TaskRun = {
    ...common,
    secrets: secretsOf(false),
    ...(parts.workdir !== undefined ? { workdir: parts.workdir } : {}),
    fileMounts: parts.mounts,
  };
  const shownRun: TaskRun = {
    ...common,
    secrets: secretsOf(true),
    ...(parts.workdirShown !== undefined ? { workdir: parts.workdirShown } : {}),
    fileMounts: parts.mountsShown,
  };
  return ok({ tasks: [{ workload, run }], shown: [shownRun], warnings: sorted(warnings) });
}

/** The same document, with the task's fields found under `task`. */
function subCtx(ctx: DocCtx): DocCtx {
  return ctx.under(['task']);
}
