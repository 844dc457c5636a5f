import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompareRequest } from '../../app/compare-request.js';
import { compareTasks } from '../../app/compare-scenario.js';
import { prepareSimulation, type SimulationRequest } from '../../app/prepare-simulation.js';
import { UserError } from '../../app/errors.js';
import { serialPool } from '../../app/test-support/serial-pool.js';
import { fileInputs } from './input-files.js';
import { workerPool } from './compare-workers.js';

import { STARTUP, STARTUP_30D } from '../../app/test-support/startup-request.js';
const FILE = STARTUP;
const request: SimulationRequest = STARTUP_30D;

test('the worker threads answer what the same tasks answer in this thread, in task order', async () => {
  const tasks = compareTasks(parseCompareRequest({ policies: 'skyfleet,offline-optimal', seeds: '2', seed: '1' }, 2));
  const done: number[] = [];
  const threads = await workerPool(FILE, request, 2).run(tasks, (n) => done.push(n));
  assert.deepEqual(done, [1, 2, 3, 4]);
  const local = serialPool(prepareSimulation(fileInputs, FILE, request));
  try {
    assert.deepEqual(threads, await local.run(tasks, () => {}));
  } finally {
    await local.close();
  }
});

test("a user's error in a worker comes back as a UserError with its message", async () => {
  await assert.rejects(
    workerPool(FILE, { ...request, trace: 'no/such/trace.csv' }, 1).run(
      [{ id: 0, policy: 'skyfleet', seed: 1 }],
      () => {},
    ),
    (e: unknown) =>
      e instanceof UserError && /cannot read the job trace: no such file \[trace\.unreadable\]/.test(e.message),
  );
});
