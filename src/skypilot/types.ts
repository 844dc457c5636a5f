/**
 * What the SkyPilot importer returns: per task, one workload in the scenario format (the shape src/scenario reads
 * under `workloads:`) and the run-time parts the control plane needs, plus the warnings of the whole file.
 */
import type { Issue } from '../core/issues.js';
import type { Catalog } from '../core/types.js';

/** A workload exactly as a scenario file writes it (src/scenario/schema.ts, WorkloadSchema). */
export type ScenarioWorkload = Record<string, unknown> & {
  readonly id: string;
  readonly kind: 'training' | 'inference' | 'batch';
  readonly gpus: readonly string[];
  readonly tiers: readonly string[];
};

/** How the job recovers from a preemption or a failure (SkyPilot `job_recovery`). */
export interface JobRecovery {
  /** `FAILOVER`, `EAGER_NEXT_REGION`, … as written (upper-cased); undefined = the default strategy. */
  readonly strategy?: string;
  readonly maxRestartsOnErrors?: number;
  readonly recoverOnExitCodes?: readonly number[];
}

export interface ReadinessProbe {
  readonly path: string;
  readonly initialDelaySeconds?: number;
  readonly timeoutSeconds?: number;
  readonly postData?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A SkyServe service, as the control plane runs it. */
export interface ServiceSpec {
  readonly readinessProbe: ReadinessProbe;
  readonly minReplicas: number;
  readonly maxReplicas?: number;
  readonly targetQpsPerReplica?: number;
  readonly port?: number;
}

/** The run-time parts of one task. Secrets are kept apart from envs; `secret: true` marks every secret value. */
export interface TaskRun {
  /** The workload this task runs as (ScenarioWorkload.id). */
  readonly workload: string;
  /** The task's own name, if it had one. */
  readonly name?: string;
  readonly run?: string;
  readonly setup?: string;
  readonly envs: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, { readonly value: string; readonly secret: true }>>;
  /** A local path, or a git repository `{url, ref}`. */
  readonly workdir?: string | { readonly url: string; readonly ref?: string };
  /** Destination path → a source path or URL, or a storage spec as written (after `${VAR}` substitution). */
  readonly fileMounts: Readonly<Record<string, unknown>>;
  /** Nodes launched together (SkyPilot `num_nodes`), each with `gpusPerNode` GPUs. */
  readonly numNodes: number;
  readonly gpusPerNode: number;
  readonly useSpot: boolean;
  readonly jobRecovery?: JobRecovery;
  /** Container or machine image (`resources.image_id`). */
  readonly imageId?: string | Readonly<Record<string, string>>;
  readonly diskSizeGb?: number;
  readonly ports?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly service?: ServiceSpec;
}

export interface ImportedTask {
  readonly workload: ScenarioWorkload;
  readonly run: TaskRun;
}

export interface ImportResult {
  /** The chain's name (a header document, or the one task's name). */
  readonly name?: string;
  readonly tasks: readonly ImportedTask[];
  readonly warnings: readonly Issue[];
}

/** What the importer needs to know of the world: the catalogue (GPU names, providers, regions, instance types). */
export interface ImportReference {
  readonly catalog: Catalog;
}

export interface ImportOptions {
  /** `--env NAME=VALUE`: override or fill the task's envs (every task of a chain). */
  readonly envs?: Readonly<Record<string, string>>;
  /** `--secret NAME=VALUE`, likewise for secrets. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The team the workloads are booked to; default: the scenario default. */
  readonly team?: string;
}
