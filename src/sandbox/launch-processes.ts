/** The processes of a sandbox launch: one folder per node (its home) and the checkpoint folder under the launch's
 * folder, the gang of node processes (gang.ts) with each node's environment (node-env.ts), and stopping them. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Gang } from './gang.js';
import type { Launch } from './launch-record.js';
import { nodeEnvs, taskId } from './node-env.js';

/** Makes `dir`'s checkpoint folder and one home per node; answers the checkpoint folder, or null (the reason logged)
 * when they cannot be made. */
export function prepareNodeDirs(l: Launch, dir: string): string | null {
  const checkpointDir = join(dir, 'checkpoint');
  try {
    mkdirSync(checkpointDir, { recursive: true });
    for (let r = 0; r < l.req.instances; r++) mkdirSync(join(dir, `node-${r}`), { recursive: true });
  } catch (e) {
    l.log.push(`[sandbox] cannot prepare the nodes: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  return checkpointDir;
}

export interface GangSettings {
  /** The launch's folder (prepareNodeDirs) and its checkpoint folder. */
  readonly dir: string;
  readonly checkpointDir: string;
  /** When the nodes start (epoch ms): part of the task id. */
  readonly now: number;
  readonly timeScale: number;
  /** PATH given to workloads. */
  readonly path: string;
  /** Called once with the gang's exit code (0: every node exited 0). */
  readonly onExit: (code: number) => void;
}

/** Starts one process per node of the launch (setup then run), each in its home with its environment; their output
 * goes to the launch's log. */
export function startGang(l: Launch, s: GangSettings): void {
  const task = taskId(s.now, l.id);
  const nodes = Array.from({ length: l.req.instances }, (_, rank) => {
    const home = join(s.dir, `node-${rank}`);
    const env = nodeEnvs({
      rank,
      nodes: l.req.instances,
      gpusPerNode: l.type.gpusPerInstance,
      launchId: l.id,
      workloadId: l.req.workloadId,
      taskId: task,
      provider: l.provider,
      region: l.req.region,
      instanceType: l.req.instanceType,
      spot: l.req.spot,
      home,
      checkpointDir: s.checkpointDir,
      resumeFrom: l.req.resumeFrom,
      timeScale: s.timeScale,
      envs: l.req.envs,
      secrets: l.req.secrets,
      path: s.path,
    });
    return { rank, cwd: home, setupEnv: env.setup, runEnv: env.run };
  });
  l.gang = new Gang({
    nodes,
    setup: l.req.setup,
    run: l.req.run,
    onLine: (line) => l.log.push(line),
    onExit: s.onExit,
  });
  l.gang.start();
}

/** Stops the launch's provisioning timer and kills its processes. */
export function stopProcesses(l: Launch): void {
  if (l.timer) clearTimeout(l.timer);
  l.timer = null;
  l.gang?.kill();
  l.gang = null;
}
