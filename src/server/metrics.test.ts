/** /metrics: request counts and latency by route, workloads by state from the control plane, placements. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, SPEC } from './test-support/harness.js';

test('metrics count requests by route and status, time them, and show the workloads by state and placements', async () => {
  const h = await harness();
  await h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify(SPEC) });
  await h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify(SPEC) });
  await h.call('GET', '/v1/workloads/nope', { token: h.research });
  await h.call('GET', '/v1/nothing', { token: h.research });
  h.metrics.countPlacements(3);
  const r = await h.call('GET', '/metrics');
  assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await r.text();
  assert.match(text, /skyfleet_http_requests_total\{method="POST",route="POST \/v1\/workloads",status="201"\} 2/);
  assert.match(text, /skyfleet_http_requests_total\{method="GET",route="GET \/v1\/workloads\/\{id\}",status="404"\} 1/);
  assert.match(text, /skyfleet_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
  assert.match(text, /skyfleet_http_request_duration_seconds_count\{method="POST",route="POST \/v1\/workloads"\} 2/);
  assert.match(
    text,
    /skyfleet_http_request_duration_seconds_bucket\{le="0.02",method="POST",route="POST \/v1\/workloads"\} \d/,
  );
  assert.match(text, /skyfleet_workloads\{state="submitted"\} 2/);
  assert.match(text, /skyfleet_placements_total 3/);
});
