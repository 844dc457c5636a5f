/**
 * Which kind of file `skyfleet validate` / `submit` was given — the rule (docs/skypilot.md):
 *   1. a name ending in `.sky.yaml` or `.sky.yml` is a SkyPilot task file;
 *   2. otherwise the top-level keys decide (block-style keys at column 0, in any document of the file):
 *      `workloads`, `providers` or `horizon` → a scenario; `kind` with `gpus` → a skyfleet workload file;
 *      `resources`, `run`, `setup`, `num_nodes`, `service`, `file_mounts`, `workdir` or `envs` → a SkyPilot task file;
 *   3. anything else is read as a scenario (so its errors are the scenario's).
 */
export type FileFormat = 'scenario' | 'skypilot' | 'workload';

const SCENARIO_KEYS = new Set(['workloads', 'providers', 'horizon']);
const TASK_KEYS = new Set(['resources', 'run', 'setup', 'num_nodes', 'service', 'file_mounts', 'workdir', 'envs']);
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)/;

export function detectFormat(file: string, text: string): FileFormat {
  if (/\.sky\.ya?ml$/i.test(file)) return 'skypilot';
  const keys = new Set<string>();
  let from = 0;
  // Only the first 1 MiB is scanned: a task file is small, and a scenario says what it is early.
  const end = Math.min(text.length, 1 << 20);
  while (from < end) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const m = KEY.exec(text.slice(from, Math.min(to, from + 200)));
    if (m?.[1] !== undefined) keys.add(m[1]);
    from = to + 1;
  }
  if ([...keys].some((k) => SCENARIO_KEYS.has(k))) return 'scenario';
  if (keys.has('kind') && keys.has('gpus')) return 'workload';
  if ([...keys].some((k) => TASK_KEYS.has(k))) return 'skypilot';
  return 'scenario';
}
