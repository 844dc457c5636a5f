/**
 * The checkpoint protocol (docs/sandbox.md): a workload reports progress by writing `progress.json` in
 * `$SKYFLEET_CHECKPOINT_DIR`, a JSON object `{"workDone": <number ≥ 0>}` (work done so far, in H100 GPU-hours; other
 * fields are ignored). Write it to a temporary name and rename it, so the sandbox never reads half a file. The
 * sandbox reads it whenever it reports the launch; the file's modification time is the checkpoint's `at`. A file
 * that is missing, larger than 64 KiB or not that shape is ignored (the last good checkpoint stays).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CHECKPOINT_FILE = 'progress.json';
const MAX_BYTES = 64 * 1024;

export interface Checkpoint {
  readonly at: number;
  readonly workDone: number;
}

/** The checkpoint in `dir`, or undefined when there is none readable. `seenMtime` skips re-reading an unchanged file. */
export function readCheckpoint(dir: string, seenMtime: number | null): { cp: Checkpoint; mtime: number } | undefined {
  const file = join(dir, CHECKPOINT_FILE);
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_BYTES || st.mtimeMs === seenMtime) return undefined;
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const workDone = (v as { workDone?: unknown } | null)?.workDone;
    if (typeof workDone !== 'number' || !Number.isFinite(workDone) || workDone < 0) return undefined;
    return { cp: { at: Math.round(st.mtimeMs), workDone }, mtime: st.mtimeMs };
  } catch {
    return undefined;
  }
}
