/**
 * The Provider port (src/control/ports.ts) for one provider of a sandbox cloud (`skyfleet sandbox`, docs/sandbox.md):
 * an HTTP client over global fetch. Every call is bounded by a timeout; a call that gets no answer in time, or whose
 * connection fails or is reset, is `ProviderError('provider.unreachable', …, retryable: true)`. A refusal carries the
 * sandbox's stable code and retryability; an answer that is not the API's is `provider.bad-response`.
 */
import {
  ProviderError,
  type LaunchRequest,
  type LaunchStatus,
  type Offering,
  type Provider,
} from '../control/ports.js';
import type { UsageRecord } from '../control/records.js';

export interface SandboxProviderOptions {
  /** The sandbox's address, e.g. `http://127.0.0.1:8471`. */
  readonly url: string;
  /** The provider's name in the sandbox's configuration (`aws`, `gcp`, …). */
  readonly provider: string;
  /** Longest wait for one call, answer included (default 10 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;
/** The largest request body the sandbox takes (src/sandbox/http.ts). */
const MAX_BODY_BYTES = 1024 * 1024;

type Kind = 'json' | 'text' | 'none';

export class SandboxProvider implements Provider {
  readonly name: string;
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(opts: SandboxProviderOptions) {
    this.name = opts.provider;
    this.base = `${opts.url.replace(/\/+$/, '')}/providers/${encodeURIComponent(opts.provider)}`;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  }

  offerings(): Promise<Offering[]> {
    return this.call<Offering[]>('GET', '/offerings', 'json', undefined, Array.isArray);
  }

  launch(req: LaunchRequest): Promise<LaunchStatus> {
    return this.call<LaunchStatus>('POST', '/launches', 'json', req, isStatus);
  }

  listLaunches(): Promise<LaunchStatus[]> {
    return this.call<LaunchStatus[]>(
      'GET',
      '/launches',
      'json',
      undefined,
      (v) => Array.isArray(v) && v.every(isStatus),
    );
  }

  async terminate(launchId: string): Promise<void> {
    await this.call<LaunchStatus>('DELETE', `/launches/${encodeURIComponent(launchId)}`, 'json', undefined, isStatus);
  }

  logs(launchId: string, tailLines: number): Promise<string> {
    const tail = Math.max(0, Math.min(100_000, Math.floor(tailLines)));
    return this.call<string>('GET', `/launches/${encodeURIComponent(launchId)}/logs?tail=${tail}`, 'text');
  }

  usage(since: number): Promise<UsageRecord[]> {
    return this.call<UsageRecord[]>('GET', `/usage?since=${Math.floor(since)}`, 'json', undefined, Array.isArray);
  }

  private async call<T>(
    method: string,
    path: string,
    kind: Kind,
    body?: unknown,
    valid: (v: unknown) => boolean = () => true,
  ): Promise<T> {
    const url = this.base + path;
    const payload = body === undefined ? null : JSON.stringify(body);
    // The sandbox refuses a body over 1 MiB by closing the connection mid-upload, which would look like an outage.
    if (payload !== null && Buffer.byteLength(payload) > MAX_BODY_BYTES)
      throw new ProviderError(
        'provider.bad-request',
        `the ${method} ${path} request is larger than ${MAX_BODY_BYTES} bytes (envs, secrets, setup and run together)`,
        false,
      );
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new ProviderError(
        'provider.unreachable',
        timedOut
          ? `no answer from ${this.name} at ${this.base} within ${this.timeoutMs} ms`
          : `cannot reach ${this.name} at ${this.base}: ${causeOf(e)}`,
        true,
      );
    }
    if (!res.ok) {
      const problem = parse(text) as { code?: unknown; message?: unknown; retryable?: unknown } | undefined;
      if (problem && typeof problem.code === 'string' && problem.code.startsWith('provider.'))
        throw new ProviderError(
          problem.code,
          typeof problem.message === 'string' ? problem.message : problem.code,
          problem.retryable === true,
        );
      throw new ProviderError(
        'provider.bad-response',
        `${this.name} answered HTTP ${res.status} without a problem document`,
        res.status >= 500,
      );
    }
    if (kind === 'text') return text as T;
    const value = parse(text);
    if (value === undefined || !valid(value))
      throw new ProviderError(
        'provider.bad-response',
        `${this.name} answered ${method} ${path} with unreadable JSON`,
        true,
      );
    return value as T;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isStatus(v: unknown): boolean {
  const s = v as Partial<LaunchStatus> | null;
  return typeof s === 'object' && s !== null && typeof s.launchId === 'string' && typeof s.state === 'string';
}

function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

/** One adapter per provider the sandbox at `url` serves (`GET /providers`): what `serve --sandbox URL` connects. */
export async function connectSandbox(
  url: string,
  opts: { readonly timeoutMs?: number } = {},
): Promise<SandboxProvider[]> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  let names: unknown;
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/providers`, { signal: AbortSignal.timeout(timeoutMs) });
    names = ((await res.json()) as { providers?: unknown }).providers;
  } catch (e) {
    throw new ProviderError('provider.unreachable', `cannot reach the sandbox at ${url}: ${causeOf(e)}`, true);
  }
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
    throw new ProviderError('provider.bad-response', `${url} does not answer as a sandbox (GET /providers)`, true);
  return names.map((provider: string) => new SandboxProvider({ url, provider, timeoutMs }));
}
