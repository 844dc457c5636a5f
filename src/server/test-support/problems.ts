/** For the bad-input suites: what a refusal must look like, and the state a refusal must leave as it was. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCode } from '../../core/codes.js';
import { titleOf } from '../problem.js';
import { type Harness, harness, SPEC } from './harness.js';

/** A harness with one workload of research (submitted with the Idempotency-Key `seed`) and one of vision; the
 * calls that made them forgotten. */
export async function seeded(): Promise<Harness> {
  const h = await harness();
  await h.call('POST', '/v1/workloads', {
    token: h.research,
    body: JSON.stringify(SPEC),
    headers: { 'idempotency-key': 'seed' },
  });
  await h.call('POST', '/v1/workloads', { token: h.vision, body: JSON.stringify(SPEC) });
  h.control.calls.length = 0;
  return h;
}

/** Everything a request could change, as one text: every workload (the admin's view), every token, every team. */
export async function snapshot(h: Harness): Promise<string> {
  const list = await h.call('GET', '/v1/workloads?limit=1000', { token: h.admin });
  return JSON.stringify([await list.json(), h.accounts.tokens, await h.accounts.listTeams()]);
}

/** A 4xx problem document whose status is the HTTP status, with every RFC 9457 member, whose `type` is a stable
 * code of the catalogue (docs/codes.md) with its title, and no stack trace. Answers the document. */
export async function assertProblem(r: Response, what: string): Promise<any> {
  const text = await r.text();
  assert.ok(r.status >= 400 && r.status < 500, `${what}: status ${r.status} ${text.slice(0, 300)}`);
  assert.equal(r.headers.get('content-type'), 'application/problem+json', what);
  const p = JSON.parse(text);
  assert.equal(p.status, r.status, what);
  for (const k of ['type', 'title', 'detail', 'instance']) assert.equal(typeof p[k], 'string', `${what}: ${k}`);
  assert.match(p.type, /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/, what);
  assert.ok(isCode(p.type), `${what}: type ${p.type} is not a catalogued code`);
  assert.equal(p.title, titleOf(p.type), `${what}: the title is the code's meaning`);
  assert.ok(!/\n\s+at |\.ts:\d|node_modules/.test(text), `${what}: a stack trace`);
  return p;
}

/** Texts up to `maxLength` characters that are not JSON at all, or JSON whose value is not an object. */
export const notJsonObject = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ maxLength }).filter((t) => {
    try {
      const v = JSON.parse(t);
      return v === null || typeof v !== 'object' || Array.isArray(v);
    } catch {
      return true;
    }
  });
