/**
 * A gang of real processes: one `/bin/sh -c` per node, `setup` on every node first, then `run` on every node once
 * all setups succeeded. All or nothing: the first node that exits non-zero (or is killed) fails the gang, and every
 * other node is killed at once. Each node runs in its own process group (detached), so a kill reaches whatever the
 * command started (`sleep`, a Python trainer, …) and nothing is left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { LineSplitter } from './log-lines.js';

export interface GangNode {
  readonly rank: number;
  readonly cwd: string;
  /** The environment of `setup` and of `run` (they differ in the SKYPILOT_SETUP_* names). */
  readonly setupEnv: Readonly<Record<string, string>>;
  readonly runEnv: Readonly<Record<string, string>>;
}

export interface GangSpec {
  readonly nodes: readonly GangNode[];
  readonly setup?: string | undefined;
  readonly run?: string | undefined;
  /** One line of output (stdout and stderr), already prefixed with the node for gangs of more than one. */
  readonly onLine: (line: string) => void;
  /** Called once: 0 when every node's run exited 0, else the first failing node's exit code (128 + signal number
   * for a process killed by a signal, 127 when the shell could not start). Not called after kill(). */
  readonly onExit: (exitCode: number, failedRank: number | null) => void;
}

const SIGNALS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11 };

/** Every process group alive in this process, so an exiting sandbox can kill them all synchronously. */
const LIVE = new Set<number>();

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is gone already.
  }
  LIVE.delete(pid);
}

/** Kills every process group any gang of this process started (on SIGTERM/SIGINT or exit). Synchronous. */
export function killAllGangs(): void {
  for (const pid of [...LIVE]) killGroup(pid);
}

export class Gang {
  private children: ChildProcess[] = [];
  private done = false;
  private running = 0;

  constructor(private readonly spec: GangSpec) {}

  start(): void {
    const setup = this.spec.setup?.trim() ? this.spec.setup : undefined;
    if (setup) this.phase(setup, 'setup', () => this.startRun());
    else this.startRun();
  }

  /** Kills every node now; no callback follows. Safe to call twice. */
  kill(): void {
    this.done = true;
    for (const c of this.children) killGroup(c.pid);
    this.children = [];
  }

  /** No run command: the instances stay up (running) until terminated, as a cluster launched without a job. */
  private startRun(): void {
    const run = this.spec.run?.trim() ? this.spec.run : undefined;
    if (run) this.phase(run, 'run', () => this.finish(0, null));
  }

  private finish(code: number, rank: number | null): void {
    if (this.done) return;
    this.kill();
    this.spec.onExit(code, rank);
  }

  private phase(command: string, which: 'setup' | 'run', next: () => void): void {
    if (this.done) return;
    const many = this.spec.nodes.length > 1;
    this.children = [];
    this.running = this.spec.nodes.length;
    for (const node of this.spec.nodes) {
      const prefix = many ? `(rank ${node.rank}) ` : '';
      const child = spawn('/bin/sh', ['-c', command], {
        cwd: node.cwd,
        env: which === 'setup' ? node.setupEnv : node.runEnv,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (child.pid !== undefined) LIVE.add(child.pid);
      this.children.push(child);
      for (const stream of [child.stdout, child.stderr]) {
        const split = new LineSplitter((l) => this.spec.onLine(prefix + l));
        stream?.setEncoding('utf8');
        stream?.on('data', (d: string) => split.write(d));
        stream?.on('end', () => split.end());
      }
      let exitCode: number | null = null;
      child.on('error', () => {
        exitCode = 127;
        killGroup(child.pid);
        this.finish(127, node.rank);
      });
      child.on('exit', (code, signal) => {
        exitCode = code ?? 128 + (signal ? (SIGNALS[signal] ?? 1) : 1);
        // What the command left running in its group ends with it (a node's job is over).
        killGroup(child.pid);
      });
      child.on('close', () => {
        if (this.done) return;
        const code = exitCode ?? 1;
        if (code !== 0) {
          this.spec.onLine(`${prefix}[sandbox] ${which} exited with code ${code}`);
          this.finish(code, node.rank);
          return;
        }
        this.running--;
        if (this.running === 0) next();
      });
    }
  }
}
