/**
 * The environment a node's `setup` and `run` see (docs/sandbox.md): a small base (PATH, HOME, LANG), the workload's
 * `envs` then `secrets`, then the names SkyPilot sets on its clusters, then skyfleet's own. The names SkyPilot and
 * skyfleet set win over a user's variable of the same name, as SkyPilot's do. Nothing else of the sandbox's own
 * environment leaks into a workload.
 */

export interface NodeEnvInput {
  readonly rank: number;
  readonly nodes: number;
  readonly gpusPerNode: number;
  readonly launchId: string;
  readonly workloadId: string;
  readonly taskId: string;
  readonly provider: string;
  readonly region: string;
  readonly instanceType: string;
  readonly spot: boolean;
  readonly home: string;
  readonly checkpointDir: string;
  readonly resumeFrom: number;
  readonly timeScale: number;
  readonly envs?: Readonly<Record<string, string>> | undefined;
  readonly secrets?: Readonly<Record<string, string>> | undefined;
  /** PATH of the sandbox, so commands such as python3 are found. */
  readonly path: string;
}

/** The loopback address of node `rank`: 127.0.0.1, 127.0.0.2, … (all of 127/8 is the local host on Linux). */
export function nodeIp(rank: number): string {
  const n = rank + 1;
  return `127.0.${Math.floor(n / 256)}.${n % 256}`;
}

export function nodeEnvs(e: NodeEnvInput): { setup: Record<string, string>; run: Record<string, string> } {
  const ips = Array.from({ length: e.nodes }, (_, r) => nodeIp(r)).join('\n');
  const clusterInfo = JSON.stringify({ cluster_name: e.launchId, cloud: e.provider, region: e.region, zone: null });
  const base: Record<string, string> = {
    PATH: e.path,
    HOME: e.home,
    LANG: 'C.UTF-8',
    ...(e.envs ?? {}),
    ...(e.secrets ?? {}),
    SKYPILOT_NUM_NODES: String(e.nodes),
    SKYPILOT_NUM_GPUS_PER_NODE: String(e.gpusPerNode),
    SKYPILOT_TASK_ID: e.taskId,
    SKYPILOT_CLUSTER_INFO: clusterInfo,
    SKYFLEET_LAUNCH_ID: e.launchId,
    SKYFLEET_WORKLOAD_ID: e.workloadId,
    SKYFLEET_PROVIDER: e.provider,
    SKYFLEET_REGION: e.region,
    SKYFLEET_INSTANCE_TYPE: e.instanceType,
    SKYFLEET_SPOT: e.spot ? '1' : '0',
    SKYFLEET_CHECKPOINT_DIR: e.checkpointDir,
    SKYFLEET_RESUME_FROM: String(e.resumeFrom),
    SKYFLEET_TIME_SCALE: String(e.timeScale),
  };
  return {
    setup: { ...base, SKYPILOT_SETUP_NODE_RANK: String(e.rank), SKYPILOT_SETUP_NODE_IPS: ips },
    run: { ...base, SKYPILOT_NODE_RANK: String(e.rank), SKYPILOT_NODE_IPS: ips },
  };
}

/** `sky-<UTC timestamp with microseconds>_<cluster>_1`, the shape SkyPilot gives SKYPILOT_TASK_ID. */
export function taskId(at: number, cluster: string): string {
  const d = new Date(at);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}-${p(d.getUTCMilliseconds() * 1000, 6)}`;
  return `sky-${stamp}_${cluster}_1`;
}
