/**
 * The API client's one line for a problem document (a server on 127.0.0.1 that answers fixed problems): the detail
 * and the code once, even when the detail is itself a formatted problem line that ends with its code.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { UserError } from '../../app/errors.js';
import { callApi } from './http.js';

async function answering(status: number, doc: object): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify(doc));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function lineOf(status: number, doc: object): Promise<{ line: string; exit: number }> {
  const s = await answering(status, doc);
  try {
    await callApi({ url: s.url, token: 't' }, 'GET', '/v1/workloads');
    assert.fail('the call succeeded');
  } catch (e) {
    assert.ok(e instanceof UserError, String(e));
    return { line: e.message, exit: e.exitCode };
  } finally {
    await s.close();
  }
}

test('a 4xx problem is its detail and its code, exit 2', async () => {
  const r = await lineOf(404, { type: 'control.not-found', status: 404, detail: 'no workload w-1' });
  assert.deepEqual(r, { line: 'no workload w-1 [control.not-found]', exit: 2 });
});

test('a detail that already ends with its code (an importer problem line) shows the code once', async () => {
  const detail = "svc.yaml:1:1: unknown field 'workloads' in the task [skypilot.unknown-field] (at workloads)";
  const r = await lineOf(422, { type: 'skypilot.unknown-field', status: 422, detail });
  assert.equal(r.line, detail);
  assert.equal(r.line.split('[skypilot.unknown-field]').length, 2, r.line);
});
