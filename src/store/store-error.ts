/**
 * A store operation refused or failed, as data: `code` is a stable code (src/core/codes.ts, family `store`) and
 * `params` its parameters. The server renders it like the other coded errors; `serve` prints its message on one
 * line with the code (the store is an edge adapter: its words live here, as docs/codes.md shows them). Its shape is
 * the port's (src/control/store-failure.ts), so the server knows a store that failed without importing this file.
 */
import type { StoreErrorShape } from '../control/store-failure.js';

export class StoreError extends Error implements StoreErrorShape {
  override readonly name = 'StoreError' as const;
  constructor(
    readonly code: string,
    readonly params: Readonly<Record<string, unknown>> = {},
    detail?: string,
  ) {
    super(detail ?? storeErrorText(code, params));
  }
}

/** The words of a store code. */
export function storeErrorText(code: string, p: Readonly<Record<string, unknown>>): string {
  const s = (k: string): string => String(p[k]);
  switch (code) {
    case 'store.url-invalid':
      return `--store ${JSON.stringify(p.url)}: use sqlite:PATH, a file path, postgres://… or memory:`;
    case 'store.unreachable':
      return `cannot open the store ${s('url')}: ${s('reason')}`;
    case 'store.busy':
      return `the store ${s('url')} is busy (another process holds its write lock): ${s('reason')}`;
    case 'store.disk-full':
      return `the disk of the store ${s('url')} is full: ${s('reason')}`;
    case 'store.io-error':
      return `the store ${s('url')} cannot be read or written: ${s('reason')}`;
    case 'store.newer-schema':
      return `the store is at schema version ${s('version')}, this skyfleet knows versions up to ${s('known')}: upgrade skyfleet`;
    case 'store.duplicate':
      return p.kind === 'token'
        ? `a token with this hash already exists (${s('id')})`
        : `a ${s('kind')} with id ${JSON.stringify(p.id)} already exists`;
    case 'store.spec-too-large':
      return `the spec of ${JSON.stringify(p.id)} is ${s('bytes')} bytes of JSON, more than the limit of ${s('limit')}`;
    case 'store.bad-text':
      return `the field ${s('field')} holds a NUL character or an unpaired surrogate`;
    case 'store.closed':
      return 'the store is closed';
    default:
      return code;
  }
}
