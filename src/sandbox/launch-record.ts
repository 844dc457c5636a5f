/** One launch of the sandbox cloud as it keeps it in memory: its request, offering and price, its state, its
 * processes and timer, its log and last checkpoint; and its status as the provider API reports it. */
import type { LaunchRequest, LaunchState, LaunchStatus } from '../control/ports.js';
import type { PricingKind } from '../control/records.js';
import { type Cents, toCents } from '../core/money.js';
import { type Checkpoint, readCheckpoint } from './checkpoint.js';
import type { InstanceTypeConfig } from './config.js';
import type { Gang } from './gang.js';
import { LogLines } from './log-lines.js';

export interface Launch {
  readonly id: string;
  readonly req: LaunchRequest;
  readonly provider: string;
  readonly type: InstanceTypeConfig;
  readonly pricing: PricingKind;
  readonly price: Cents;
  readonly createdAt: number;
  state: LaunchState;
  exitCode: number | null;
  startedAt: number | null;
  endedAt: number | null;
  checkpoint: Checkpoint | null;
  checkpointMtime: number | null;
  checkpointDir: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  gang: Gang | null;
  readonly log: LogLines;
}

const ACTIVE: ReadonlySet<LaunchState> = new Set(['provisioning', 'running']);
/** Provisioning or running: it holds capacity. */
export const isActive = (l: Launch): boolean => ACTIVE.has(l.state);

/** A launch of `type` just accepted at `now`: provisioning, at the offering's price now. */
export function newLaunch(
  id: string,
  provider: string,
  req: LaunchRequest,
  type: InstanceTypeConfig,
  now: number,
  logLines: number,
): Launch {
  return {
    id,
    req,
    provider,
    type,
    pricing: req.spot ? 'spot' : 'on-demand',
    price: toCents(req.spot ? (type.spotPrice ?? type.price) : type.price),
    createdAt: now,
    state: 'provisioning',
    exitCode: null,
    startedAt: null,
    endedAt: null,
    checkpoint: null,
    checkpointMtime: null,
    checkpointDir: null,
    timer: null,
    gang: null,
    log: new LogLines(logLines),
  };
}

/** Reads the launch's checkpoint file again if it changed. */
export function refreshCheckpoint(l: Launch): void {
  if (l.checkpointDir === null) return;
  const got = readCheckpoint(l.checkpointDir, l.checkpointMtime);
  if (got) {
    l.checkpoint = got.cp;
    l.checkpointMtime = got.mtime;
  }
}

/** The launch as the provider API reports it (an active launch's checkpoint read again first). */
export function launchStatus(l: Launch): LaunchStatus {
  if (isActive(l)) refreshCheckpoint(l);
  return {
    launchId: l.id,
    clientToken: l.req.clientToken,
    workloadId: l.req.workloadId,
    state: l.state,
    checkpoint: l.checkpoint,
    exitCode: l.exitCode,
    startedAt: l.startedAt,
    endedAt: l.endedAt,
  };
}
