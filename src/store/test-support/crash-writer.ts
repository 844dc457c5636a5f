/**
 * A writer to be killed: opens the SQLite store at argv[2] (argv[3]: the synchronous setting), then forever creates
 * a workload and moves it on, printing `created ID` / `changed ID VERSION` to stdout only after the store answered,
 * i.e. after the commit. sqlite-durability.test.ts kills it with SIGKILL mid-stream and checks every line printed.
 */
import { writeSync } from 'node:fs';
import { openStore } from '../open-store.js';

const [path, sync = 'full', prefix = 'w'] = process.argv.slice(2);
const store = await openStore(`sqlite:${path}?synchronous=${sync}`, { dir: '.' });
await store.migrate();
for (let i = 0; ; i++) {
  const id = `${prefix}-${i}`;
  const { workload } = await store.createWorkload({
    id,
    team: 'research',
    spec: { name: id, workload: { kind: 'training', gpus: 'H100', count: 8 } },
    idempotencyKey: `key-${id}`,
    at: i,
    cause: { code: 'probe.submitted' },
  });
  writeSync(1, `created ${id}\n`);
  const r = await store.applyChanges([
    { id, expectedVersion: workload.version, state: 'admitted', at: i + 1, cause: { code: 'probe.admitted' } },
  ]);
  if (r.applied.length === 1) writeSync(1, `changed ${id} ${r.applied[0]?.version}\n`);
}
