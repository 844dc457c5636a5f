/**
 * `POST /v1/workloads`: a WorkloadSpec as JSON, or a task file (SkyPilot task YAML or a skyfleet workload file) as
 * YAML that the importer turns into one spec per task. Each spec is submitted through the control API; a replayed
 * Idempotency-Key answers the workload it first made, and is refused (422) when the spec differs.
 */
import type { Principal, SubmitRequest, WorkloadView } from '../app/control/api.js';
import type { WorkloadSpec } from '../control/records.js';
import { ApiProblem } from './problem.js';
import type { ImportWarning, ServerDeps } from './route.js';

export interface Submitted {
  readonly workloads: readonly WorkloadView[];
  readonly warnings: readonly ImportWarning[];
  readonly created: boolean;
}

/** The specs of a body: the JSON spec itself, or what the importer reads from the text of a task file. */
export function specsOf(
  deps: ServerDeps,
  body: WorkloadSpec | string,
  source: string | undefined,
): { readonly workloads: readonly WorkloadSpec[]; readonly warnings: readonly ImportWarning[] } {
  if (typeof body !== 'string') return { workloads: [body], warnings: [] };
  if (!deps.importTasks)
    throw new ApiProblem('api.import-unavailable', 415, 'this server reads workloads as JSON only (application/json)');
  return deps.importTasks(body, source ?? 'task.yaml');
}

export async function submitSpecs(
  deps: ServerDeps,
  principal: Principal,
  specs: readonly WorkloadSpec[],
  team: string | undefined,
  key: string | undefined,
): Promise<Submitted> {
  const out: WorkloadView[] = [];
  let created = false;
  for (const [i, spec] of specs.entries()) {
    const idempotencyKey = key === undefined ? undefined : specs.length === 1 ? key : `${key}#${i + 1}`;
    const req: SubmitRequest = {
      spec,
      ...(team === undefined ? {} : { team }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    };
    const r = await deps.api.submit(principal, req);
    if (!r.created && idempotencyKey !== undefined && !sameSpec(r.workload.spec, spec))
      throw new ApiProblem(
        'api.idempotency-key-reused',
        422,
        `the Idempotency-Key '${idempotencyKey}' was used for a different workload (${r.workload.id})`,
        { key: idempotencyKey, workload: r.workload.id },
      );
    created ||= r.created;
    out.push(r.workload);
  }
  return { workloads: out, warnings: [], created };
}

/** The spec a view shows of a submitted spec: secrets by name only. */
function viewed(spec: WorkloadSpec): Record<string, unknown> {
  const { secrets, ...rest } = spec;
  const names = Object.keys(secrets ?? {}).sort();
  return names.length > 0 ? { ...rest, secretNames: names } : rest;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export function sameSpec(view: WorkloadView['spec'], spec: WorkloadSpec): boolean {
  // `replicaGroups` is the control plane's (a service it places as replica groups), never the client's.
  const { secretNames, replicaGroups: _groups, ...rest } = view;
  const shown = secretNames && secretNames.length > 0 ? { ...rest, secretNames: [...secretNames].sort() } : rest;
  return canonical(shown) === canonical(viewed(spec));
}
