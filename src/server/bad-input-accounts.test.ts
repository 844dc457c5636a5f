/**
 * The bad-input suite, continued (bad-input.test.ts has the submit body, headers, paths and methods): the bodies of
 * the account routes (PUT /v1/teams/{name}, POST /v1/tokens), another team's ids on every route that takes one,
 * the field limits of a submission, and replayed idempotency keys. Each refusal is a 4xx problem document whose
 * `type` is a catalogued code, and the state — workloads, tokens, teams — is checked unchanged after EACH request.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LIMITS, teamBodySchema, tokenBodySchema } from './schemas.js';
import { type Harness, SPEC } from './test-support/harness.js';
import { assertProblem, notJsonObject, seeded, snapshot } from './test-support/problems.js';
import { hashToken } from './tokens.js';

const RUNS = 120;

/** Sends one request that must be refused: a 4xx problem (type among `types` when given), and nothing changed. */
async function refused(
  h: Harness,
  before: string,
  what: string,
  send: () => Promise<Response>,
  types?: readonly string[],
): Promise<any> {
  const p = await assertProblem(await send(), what);
  if (types) assert.ok(types.includes(p.type), `${what}: ${p.type}, not one of ${types.join(', ')}`);
  assert.equal(await snapshot(h), before, `${what}: the state changed`);
  return p;
}

/** JSON text whose value is not an object, or no JSON at all. */
const notAnObject = fc.oneof(
  notJsonObject(80),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(Array.isArray(v) ? v : [v])),
);

/** A value the account schemas never take where an object, a count or a team name is due. */
const oddValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)),
  fc.integer({ max: -1 }),
  fc.constantFrom(2 ** 53, 1e13, -0.5, 'H100', [], [1], { H100: -1 }, { H100: 1.5 }, { 'bad key!': 1 }),
);

/** Bodies that must not parse as `schema` (the schema is the one the route validates with). */
const refusedBy = (schema: typeof teamBodySchema | typeof tokenBodySchema, fields: readonly string[]) =>
  fc
    .oneof(
      notAnObject,
      fc.tuple(fc.constantFrom(...fields), oddValue).map(([k, v]) => JSON.stringify({ [k]: v })),
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
        .filter(([k]) => !fields.includes(k) && k !== '__proto__')
        .map(([k, v]) => JSON.stringify({ [k]: v })),
      fc.nat({ max: 30 }).map((n) => '{"quotaGpus": {"H100": 8}, "team": "research"}'.slice(0, n)),
    )
    .filter((text) => {
      try {
        return !schema.safeParse(JSON.parse(text)).success;
      } catch {
        return true;
      }
    });

test('fuzz: bad bodies of PUT /v1/teams/{name} are 4xx problems, and nothing changes after each', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  await fc.assert(
    fc.asyncProperty(
      refusedBy(teamBodySchema, ['quotaGpus', 'monthlyBudgetCents', 'monthlyBudgetGpuHours']),
      fc.constantFrom('research', 'newteam'),
      async (body, name) => {
        await refused(h, before, `PUT ${name} ${body.slice(0, 80)}`, () =>
          h.call('PUT', `/v1/teams/${name}`, { token: h.admin, body }),
        );
      },
    ),
    { numRuns: RUNS },
  );
});

test('fuzz: bad team names in the path of PUT /v1/teams/{name} are 4xx problems, and nothing changes', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  await fc.assert(
    fc.asyncProperty(
      fc.string({ minLength: 1, maxLength: 80 }).filter((n) => !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(n)),
      async (name) => {
        await refused(h, before, `PUT /v1/teams/${name}`, () =>
          h.call('PUT', `/v1/teams/${encodeURIComponent(name)}`, { token: h.admin, body: '{}' }),
        );
      },
    ),
    { numRuns: RUNS },
  );
});

test('fuzz: bad bodies of POST /v1/tokens, and tokens for teams that do not exist, make no token', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  const body = fc.oneof(
    refusedBy(tokenBodySchema, ['team', 'admin']),
    fc.constantFrom('{}', '{"admin": false}', '{"team": "research", "admin": true}', '{"admin": "true"}'),
    fc
      .stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/)
      .filter((t) => t !== 'research' && t !== 'vision')
      .map((team) => JSON.stringify({ team })),
  );
  await fc.assert(
    fc.asyncProperty(body, async (b) => {
      await refused(h, before, `POST /v1/tokens ${b.slice(0, 80)}`, () =>
        h.call('POST', '/v1/tokens', { token: h.admin, body: b }),
      );
    }),
    { numRuns: RUNS },
  );
  // A team token may make none, whatever the body.
  await refused(
    h,
    before,
    'a team token',
    () => h.call('POST', '/v1/tokens', { token: h.research, body: '{"team": "research"}' }),
    ['auth.forbidden'],
  );
});

test("fuzz: another team's ids, and ids that do not exist, answer 404 on every route that takes an id, and change nothing", async () => {
  const h = await seeded();
  const before = await snapshot(h);
  const research = (await (await h.call('GET', '/v1/workloads', { token: h.research })).json()) as any;
  const researchWorkload = research.workloads[0].id as string;
  const tokenId = (secret: string): string => h.accounts.tokens.find((t) => t.hash === hashToken(secret))?.id ?? '';
  const visionOwn = new Set([
    ...((await (await h.call('GET', '/v1/workloads', { token: h.vision })).json()) as any).workloads.map(
      (w: { id: string }) => w.id,
    ),
    tokenId(h.vision),
  ]);
  const idRoutes = h.routes.filter((r) => r.path.includes('{id}'));
  assert.ok(idRoutes.some((r) => r.path === '/v1/tokens/{id}'));
  assert.ok(idRoutes.length >= 7, idRoutes.map((r) => r.path).join(' '));
  const id = fc.oneof(
    fc.constantFrom(researchWorkload, tokenId(h.research), tokenId(h.admin)),
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/).filter((x) => !visionOwn.has(x)),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...idRoutes), id, async (r, x) => {
      const path = r.path.replace('{id}', encodeURIComponent(x));
      const p = await refused(h, before, `${r.method} ${path}`, () => h.call(r.method, path, { token: h.vision }), [
        'control.not-found',
        'api.token-not-found',
      ]);
      assert.equal(p.status, 404);
    }),
    { numRuns: RUNS * 2 },
  );
  assert.deepEqual(
    h.control.calls.filter((c) => c === 'submit'),
    [],
  );
});

test('the limits of a submission: each over-long or over-many field is a 422 problem naming it, and nothing changes', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  const many = (n: number): Record<string, string> =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`V${i}`, 'x']));
  const cases: [string, Record<string, unknown>][] = [
    ['name too long', { ...SPEC, name: 'n'.repeat(LIMITS.nameChars + 1) }],
    ['name empty', { ...SPEC, name: '' }],
    ['too many envs', { ...SPEC, envs: many(LIMITS.envEntries + 1) }],
    ['too many secrets', { ...SPEC, secrets: many(LIMITS.envEntries + 1) }],
    ['an env value too long', { ...SPEC, envs: { A: 'x'.repeat(LIMITS.envValueChars + 1) } }],
    ['run too long', { ...SPEC, run: 'x'.repeat(LIMITS.scriptChars + 1) }],
    ['setup too long', { ...SPEC, setup: 'x'.repeat(LIMITS.scriptChars + 1) }],
    ['a secret with a bad name', { ...SPEC, secrets: { 'HF TOKEN': 'x' } }],
    ['workload not an object', { ...SPEC, workload: 'H100:8' }],
  ];
  for (const [what, body] of cases) {
    const text = JSON.stringify(body);
    assert.ok(text.length < LIMITS.bodyBytes, `${what}: under the body limit, so the field limit is what refuses`);
    const p = await refused(h, before, what, () => h.call('POST', '/v1/workloads', { token: h.research, body: text }), [
      'api.invalid-field',
    ]);
    assert.equal(p.status, 422, what);
    assert.ok(Array.isArray(p.errors) && p.errors.length > 0 && p.errors.length <= 10, what);
  }
  for (const [what, path] of [
    ['a bad team', '/v1/workloads?team=Not%20A%20Team'],
    ['an unknown team parameter', '/v1/workloads?teams=research'],
  ] as const)
    await refused(h, before, what, () => h.call('POST', path, { token: h.admin, body: JSON.stringify(SPEC) }), [
      'api.invalid-parameter',
    ]);
  for (const path of ['/v1/workloads?limit=1001', '/v1/workloads?limit=1.5', `/v1/workloads?after=${'a'.repeat(65)}`])
    await refused(h, before, path, () => h.call('GET', path, { token: h.research }), ['api.invalid-parameter']);
});

test('a replayed Idempotency-Key with the same body answers the first workload (200) and changes nothing', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  const first = ((await (await h.call('GET', '/v1/workloads', { token: h.research })).json()) as any).workloads[0];
  for (const [who, token, path] of [
    ['the team again', h.research, '/v1/workloads'],
    ['the admin for the team', h.admin, '/v1/workloads?team=research'],
  ] as const) {
    const r = await h.call('POST', path, { token, body: JSON.stringify(SPEC), headers: { 'idempotency-key': 'seed' } });
    assert.equal(r.status, 200, who);
    assert.equal(r.headers.get('idempotent-replayed'), 'true', who);
    assert.equal(((await r.json()) as any).workloads[0].id, first.id, who);
    assert.equal(await snapshot(h), before, `${who}: the state changed`);
  }
  // The admin replaying the key with another spec for the team: refused like the team's own.
  await refused(
    h,
    before,
    'admin, another spec',
    () =>
      h.call('POST', '/v1/workloads?team=research', {
        token: h.admin,
        body: JSON.stringify({ ...SPEC, run: 'python other.py' }),
        headers: { 'idempotency-key': 'seed' },
      }),
    ['api.idempotency-key-reused'],
  );
});
