/**
 * The sandbox's HTTP API (docs/sandbox.md): one API per provider under `/providers/<name>/…`, the fault API under
 * `/faults`, JSON in and out. A refused call answers `{code, message, retryable, params}` with its HTTP status.
 * Slow and dropped responses are done here, before a provider's call reaches the cloud: `slow` waits, `drop` either
 * resets the connection or holds it without an answer (until the client gives up, the fault is lifted, or
 * HANG_MAX_MS passes).
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { LaunchRequest } from '../control/ports.js';
import type { SandboxCloud } from './cloud.js';
import { SandboxError } from './errors.js';

const HANG_MAX_MS = 120_000;
const MAX_BODY = 1024 * 1024;

const text = (max: number) => z.string().max(max);
const envMap = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/), text(65_536));

export const LaunchRequestSchema = z.strictObject({
  clientToken: text(256).min(1),
  workloadId: text(256).min(1),
  team: text(256),
  region: text(128).min(1),
  instanceType: text(128).min(1),
  instances: z.int().min(1),
  spot: z.boolean(),
  setup: text(262_144).optional(),
  run: text(262_144).optional(),
  envs: envMap.optional(),
  secrets: envMap.optional(),
  resumeFrom: z.number().min(0),
});

export const FaultSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.enum(['down', 'up']), region: z.string().optional() }),
  z.strictObject({ action: z.literal('preempt'), launchId: z.string().min(1) }),
  z.strictObject({
    action: z.literal('capacity'),
    region: z.string().min(1),
    instanceType: z.string().min(1),
    spot: z.boolean().default(false),
    /** Instances; null: back to the configured capacity. */
    set: z.int().min(0).nullable().optional(),
    remove: z.int().min(1).optional(),
  }),
  z.strictObject({ action: z.literal('slow'), ms: z.int().min(0).max(600_000) }),
  z.strictObject({
    action: z.literal('drop'),
    mode: z.enum(['reset', 'hang']).default('reset'),
    /** How many responses to drop; omitted: all until restored. */
    count: z.int().min(1).optional(),
  }),
  z.strictObject({ action: z.literal('restore') }),
]);
export type Fault = z.input<typeof FaultSchema>;

type Env = { Bindings: HttpBindings };

const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) =>
      c.json({ code: 'provider.bad-request', message: 'the request body is too large', retryable: false }, 413),
  });

function badRequest(issues: readonly z.core.$ZodIssue[]): SandboxError {
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return new SandboxError('provider.bad-request', 400, `${first?.message ?? 'invalid request'}${where}`, false);
}

async function jsonBody(c: Context<Env>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new SandboxError('provider.bad-request', 400, 'the request body is not JSON', false);
  }
}

export interface SandboxHttp {
  readonly app: Hono<Env>;
  /** Releases every held (dropped) request; called on restore and shutdown. */
  releaseHeld(): void;
}

export function sandboxHttp(cloud: SandboxCloud): SandboxHttp {
  const app = new Hono<Env>();
  const held = new Set<() => void>();
  const releaseHeld = () => {
    for (const r of [...held]) r();
  };

  app.onError((e, c) => {
    if (e instanceof SandboxError)
      return c.json(
        { code: e.code, message: e.message, retryable: e.retryable, params: e.params },
        e.status as 400 | 404 | 409 | 503,
      );
    return c.json(
      { code: 'provider.bad-response', message: 'the sandbox failed on this request', retryable: true },
      500,
    );
  });
  app.notFound((c) => c.json({ code: 'provider.bad-request', message: 'no such route', retryable: false }, 404));

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/providers', (c) => c.json({ providers: cloud.providerNames() }));

  // Faults of the provider's API: slow, then drop; then the call (which answers provider.down while it is down).
  app.use('/providers/:p/*', async (c, next) => {
    const faults = cloud.faultsOf(c.req.param('p'));
    if (faults.slowMs > 0) await new Promise((r) => setTimeout(r, faults.slowMs));
    const drop = faults.drop;
    if (drop && (drop.remaining === null || drop.remaining > 0)) {
      if (drop.remaining !== null) drop.remaining--;
      if (drop.remaining === 0) faults.drop = null;
      const socket = c.env.incoming.socket;
      if (drop.mode === 'hang') {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            socket.off('close', done);
            held.delete(done);
            resolve();
          };
          const timer = setTimeout(done, HANG_MAX_MS);
          socket.on('close', done);
          held.add(done);
        });
      }
      socket.destroy();
      return c.body(null, 500);
    }
    await next();
  });

  app.get('/providers/:p/offerings', (c) => c.json(cloud.offerings(c.req.param('p'))));
  app.post('/providers/:p/launches', limit(MAX_BODY), async (c) => {
    const parsed = LaunchRequestSchema.safeParse(await jsonBody(c));
    if (!parsed.success) throw badRequest(parsed.error.issues);
    const { status, created } = cloud.launch(c.req.param('p'), parsed.data as LaunchRequest);
    return c.json(status, created ? 201 : 200);
  });
  app.get('/providers/:p/launches', (c) => c.json(cloud.list(c.req.param('p'))));
  app.get('/providers/:p/launches/:id', (c) => c.json(cloud.get(c.req.param('p'), c.req.param('id'))));
  app.delete('/providers/:p/launches/:id', (c) => c.json(cloud.terminate(c.req.param('p'), c.req.param('id'))));
  app.get('/providers/:p/launches/:id/logs', (c) => {
    const tail = Number(c.req.query('tail') ?? '100');
    if (!Number.isInteger(tail) || tail < 0 || tail > 100_000)
      throw new SandboxError('provider.bad-request', 400, 'tail must be an integer from 0 to 100000', false);
    return c.text(cloud.logs(c.req.param('p'), c.req.param('id'), tail));
  });
  app.get('/providers/:p/usage', (c) => {
    const since = Number(c.req.query('since') ?? '0');
    if (!Number.isFinite(since))
      throw new SandboxError('provider.bad-request', 400, 'since must be epoch milliseconds', false);
    return c.json(cloud.usage(c.req.param('p'), since));
  });

  app.get('/faults', (c) => c.json(cloud.faultState()));
  app.post('/faults/:p', limit(64 * 1024), async (c) => {
    const p = c.req.param('p');
    const parsed = FaultSchema.safeParse(await jsonBody(c));
    if (!parsed.success) {
      const e = badRequest(parsed.error.issues);
      throw new SandboxError('sandbox.fault-invalid', 400, e.message, false);
    }
    const f = parsed.data;
    const faults = cloud.faultsOf(p);
    let result: unknown = null;
    switch (f.action) {
      case 'down':
      case 'up':
        cloud.setDown(p, f.region, f.action === 'down');
        break;
      case 'preempt':
        result = cloud.preempt(p, f.launchId);
        break;
      case 'capacity': {
        const now = cloud.capacity(p, f.region, f.instanceType, f.spot);
        const to = f.remove !== undefined ? Math.max(0, now - f.remove) : f.set === null ? undefined : f.set;
        cloud.setCapacity(p, f.region, f.instanceType, f.spot, to);
        result = { capacity: cloud.capacity(p, f.region, f.instanceType, f.spot) };
        break;
      }
      case 'slow':
        faults.slowMs = f.ms;
        break;
      case 'drop':
        faults.drop = { mode: f.mode, remaining: f.count ?? null };
        break;
      case 'restore':
        cloud.restore(p);
        releaseHeld();
        break;
    }
    return c.json({ ok: true, provider: p, result, faults: cloud.faultState()[p] });
  });

  return { app, releaseHeld };
}
