/**
 * The command line as a client of `skyfleet serve`'s API: the server from SKYFLEET_URL (default
 * http://127.0.0.1:8470), the token from SKYFLEET_TOKEN or else the file .skyfleet/admin-token. A problem document
 * from the server becomes one line `skyfleet: <detail> [<type>]`: exit 2 for a 4xx, 1 for a 5xx; a server that
 * cannot be reached is exit 1 (docs/api.md lists the exit codes).
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../../app/errors.js';

export const DEFAULT_URL = 'http://127.0.0.1:8470';
export const ADMIN_TOKEN_FILE = '.skyfleet/admin-token';
/** How long a request may take before the client gives up (a server that accepts but never answers). */
const TIMEOUT_MS = 30_000;

export interface ClientConfig {
  readonly url: string;
  readonly token: string | undefined;
}

export function clientConfig(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const url = (env.SKYFLEET_URL?.trim() || DEFAULT_URL).replace(/\/+$/, '');
  let token = env.SKYFLEET_TOKEN?.trim() || undefined;
  if (token === undefined) {
    try {
      token = readFileSync(ADMIN_TOKEN_FILE, 'utf8').trim() || undefined;
    } catch {
      token = undefined;
    }
  }
  return { url, token };
}

export interface CallOptions {
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

/** Calls the API and answers the JSON it returns; every failure is a UserError with its exit code. */
export async function callApi<T = unknown>(
  cfg: ClientConfig,
  method: string,
  path: string,
  o: CallOptions = {},
): Promise<{ readonly status: number; readonly body: T }> {
  if (cfg.token === undefined)
    throw new UserError(
      `no API token: set SKYFLEET_TOKEN, or run where ${ADMIN_TOKEN_FILE} is (skyfleet serve writes it) [auth.no-token]`,
      2,
    );
  let res: Response;
  try {
    res = await fetch(`${cfg.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${cfg.token}`,
        accept: 'application/json, application/problem+json',
        ...(o.contentType ? { 'content-type': o.contentType } : {}),
        ...(o.headers ?? {}),
      },
      ...(o.body === undefined ? {} : { body: o.body }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const why =
      e instanceof Error && e.name === 'TimeoutError'
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : 'is `skyfleet serve` running?';
    throw new UserError(
      `cannot reach the skyfleet server at ${cfg.url} (${why}; SKYFLEET_URL sets it) [api.unreachable]`,
      1,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (res.ok && body !== undefined) return { status: res.status, body: body as T };
  const p = body as { type?: unknown; detail?: unknown } | undefined;
  if (res.status >= 400 && res.status < 500 && typeof p?.type === 'string' && typeof p.detail === 'string') {
    // A detail that is already a formatted problem line (`file:line:col: what [code] (at path)`) keeps its code once.
    const detail = oneLine(p.detail);
    throw new UserError(detail.includes(`[${p.type}]`) ? detail : `${detail} [${p.type}]`, 2);
  }
  const what = typeof p?.detail === 'string' ? `: ${oneLine(p.detail)}` : '';
  throw new UserError(
    `the skyfleet server at ${cfg.url} answered ${res.status}${what} [${typeof p?.type === 'string' ? p.type : 'api.server-error'}]`,
    1,
  );
}

/** A path segment from user input (an id), encoded. */
export const seg = (s: string): string => encodeURIComponent(s);
